package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;

/**
 * One entry per row of an [N, C] tensor, picked by class labels (the gather of a negative log-likelihood), and its
 * adjoint: checked fronts of {@link GatherDim} and {@link ScatterDim} along dim 1, whose vjps are each other, so
 * every order of derivative exists.
 */
public final class GatherLabels {
    private GatherLabels() {
    }

    /** Throws naming the index and value of the first label outside [0, classes). */
    public static void checkLabels(String op, int[] labels, int rows, int classes) {
        if (labels.length != rows) {
            throw new IllegalArgumentException(op + ": " + labels.length + " labels for " + rows + " rows");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(op + ": label at index " + i + " is " + labels[i]
                        + ", outside [0, " + classes + ")");
            }
        }
    }

    /** y[i] = x[i, labels[i]] for x of shape [N, C], y of shape [N]. */
    public static Tensor gather(Tensor x, int[] labels) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("gatherLabels: expected input [N, C], got " + Shapes.str(x.shape()));
        }
        checkLabels("gatherLabels", labels, x.size(0), x.size(1));
        return new GatherDim(1, labels.clone(), false).apply(x);
    }

    /** y[i, labels[i]] = x[i] in an [N, classes] tensor of zeros, for x of shape [N]. */
    public static Tensor scatter(Tensor x, int[] labels, int classes) {
        if (x.rank() != 1) {
            throw new IllegalArgumentException("scatterLabels: expected input [N], got " + Shapes.str(x.shape()));
        }
        checkLabels("scatterLabels", labels, x.size(0), classes);
        return new ScatterDim(new int[] {x.size(0), classes}, 1, labels.clone(), false).apply(x);
    }
}
