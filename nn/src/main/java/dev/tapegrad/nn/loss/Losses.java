package dev.tapegrad.nn.loss;

import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.primitive.GatherLabels;
import java.util.Arrays;

/**
 * Loss functions with PyTorch's definitions and mean reduction. Built from differentiable ops, so every
 * loss differentiates to any order. Class labels are plain {@code int[]}; a label outside [0, C) is an
 * error naming its index and value.
 */
public final class Losses {
    private Losses() {}

    /** Cross-entropy of logits [N, C] against labels: mean over i of -log softmax(x_i)[labels[i]]. */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        return crossEntropy(logits, labels, 0.0);
    }

    /**
     * Cross-entropy with label smoothing ε (PyTorch's formula): with ℓ = log softmax(x),
     * loss = (1 - ε)·mean_i(-ℓ[i, labels[i]]) + ε·mean_i(-Σ_c ℓ[i, c] / C).
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        checkRows("crossEntropy", logits, labels);
        Tensor logp = Ops.logSoftmax(logits, 1);
        Tensor nll = nll(logp, labels);
        if (labelSmoothing == 0) {
            return nll;
        }
        Tensor smooth = Ops.mul(Ops.sum(logp), -1.0 / logits.numel());
        return Ops.add(Ops.mul(nll, 1 - labelSmoothing), Ops.mul(smooth, labelSmoothing));
    }

    /** Negative log-likelihood of log-probabilities [N, C]: mean over i of -logProbs[i, labels[i]]. */
    public static Tensor nllLoss(Tensor logProbs, int[] labels) {
        checkRows("nllLoss", logProbs, labels);
        return nll(logProbs, labels);
    }

    private static Tensor nll(Tensor logp, int[] labels) {
        return Ops.mul(Ops.sum(Ops.gatherLabels(logp, labels)), -1.0 / labels.length);
    }

    private static void checkRows(String op, Tensor x, int[] labels) {
        int[] s = x.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException(op + ": expected input [N, C], got " + Shapes.str(s));
        }
        if (s[0] == 0) {
            throw new IllegalArgumentException(op + ": empty batch " + Shapes.str(s) + "; the mean of no losses is undefined");
        }
        GatherLabels.checkLabels(op, labels, s[0], s[1]);
    }

    /** Mean squared error: mean((input - target)²); the shapes must be equal. */
    public static Tensor mse(Tensor input, Tensor target) {
        sameShape("mse", input, target);
        Tensor d = Ops.sub(input, target);
        return Ops.mean(Ops.mul(d, d));
    }

    /**
     * Binary cross-entropy on logits, stable for any x: mean(softplus(x) - x·y), equal to
     * -mean(y·log σ(x) + (1-y)·log(1-σ(x))). Targets y are probabilities in [0, 1].
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor target) {
        sameShape("bceWithLogits", logits, target);
        return Ops.mean(Ops.sub(Ops.softplus(logits), Ops.mul(logits, target)));
    }

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(a.shape()) + " and target "
                    + Shapes.str(b.shape()) + " differ in shape");
        }
    }
}
