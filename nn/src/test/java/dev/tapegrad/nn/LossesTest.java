package dev.tapegrad.nn;

import static dev.tapegrad.nn.Checks.gradcheck;
import static dev.tapegrad.nn.Checks.gradgradcheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.ops.Ops;
import org.junit.jupiter.api.Test;

class LossesTest {
    private static final Tensor LOGITS = Tensor.of(new double[] {1, 2, 3, 0, 0, 0}, 2, 3);
    private static final int[] LABELS = {2, 1};

    private static double lse(double... v) {
        double s = 0;
        for (double x : v) {
            s += Math.exp(x);
        }
        return Math.log(s);
    }

    @Test
    void crossEntropyByHand() {
        double l0 = lse(1, 2, 3) - 3;
        double l1 = Math.log(3);
        assertEquals((l0 + l1) / 2, Losses.crossEntropy(LOGITS, LABELS).item(), 1e-12);
        Tensor f32 = Losses.crossEntropy(Tensor.of(new float[] {1, 2, 3, 0, 0, 0}, 2, 3), LABELS);
        assertEquals(DType.FLOAT32, f32.dtype());
        assertEquals((l0 + l1) / 2, f32.item(), 1e-6);
    }

    @Test
    void labelSmoothingFollowsPyTorch() {
        double eps = 0.1;
        double z0 = lse(1, 2, 3);
        double z1 = Math.log(3);
        double nll = ((z0 - 3) + z1) / 2;
        // -Σ_c log p / C per row: row 0 = z0 - mean(1,2,3) = z0 - 2; row 1 = z1
        double smooth = ((z0 - 2) + z1) / 2;
        assertEquals((1 - eps) * nll + eps * smooth, Losses.crossEntropy(LOGITS, LABELS, eps).item(), 1e-12);
        // the same thing as cross-entropy against the smoothed target q = (1 - ε)·onehot + ε/C
        double[][] logp = {{1 - z0, 2 - z0, 3 - z0}, {-z1, -z1, -z1}};
        double byTarget = 0;
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                double q = (c == LABELS[i] ? 1 - eps : 0) + eps / 3;
                byTarget -= q * logp[i][c] / 2;
            }
        }
        assertEquals(byTarget, Losses.crossEntropy(LOGITS, LABELS, eps).item(), 1e-12);
    }

    @Test
    void nllFromLogProbs() {
        Tensor lp = Tensor.of(new double[] {-0.1, -2.0, -3.0, -0.5}, 2, 2);
        assertEquals((2.0 + 0.5) / 2, Losses.nllLoss(lp, new int[] {1, 1}).item(), 1e-15);
    }

    @Test
    void badLabelNamesIndexAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(LOGITS, new int[] {0, 3}));
        assertEquals("crossEntropy: label at index 1 is 3, outside [0, 3)", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Losses.nllLoss(LOGITS, new int[] {-1, 0}));
        assertEquals("nllLoss: label at index 0 is -1, outside [0, 3)", e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(LOGITS, new int[] {0}));
    }

    @Test
    void mseAndBceWithLogits() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3);
        Tensor b = Tensor.of(new double[] {1, 0, 5}, 3);
        assertEquals((0 + 4 + 4) / 3.0, Losses.mse(a, b).item(), 1e-15);
        Tensor x = Tensor.of(new double[] {-1000, 0, 2, 1000}, 4);
        Tensor y = Tensor.of(new double[] {0, 1, 0.25, 1}, 4);
        double sp2 = Math.log1p(Math.exp(2));
        double expected = (0 + Math.log(2) + (sp2 - 0.5) + 0) / 4;
        assertEquals(expected, Losses.bceWithLogits(x, y).item(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Losses.mse(a, Tensor.zeros(DType.FLOAT64, 4)));
    }

    @Test
    void gradients() {
        Tensor logits = Tensor.randn(1, DType.FLOAT64, 4, 5);
        int[] labels = {0, 4, 2, 2};
        gradcheck(t -> Losses.crossEntropy(t[0], labels), logits);
        gradcheck(t -> Losses.crossEntropy(t[0], labels, 0.2), logits);
        gradgradcheck(t -> Losses.crossEntropy(t[0], labels, 0.2), logits);
        // d CE / d logits = (softmax - onehot) / N
        Tensor l = logits.copy().requiresGrad(true);
        Losses.crossEntropy(l, labels).backward();
        Tensor p = Ops.softmax(logits, 1);
        assertEquals((p.get(1, 4) - 1) / 4, l.grad().get(1, 4), 1e-12);
        assertEquals(p.get(1, 3) / 4, l.grad().get(1, 3), 1e-12);
        Tensor t = Tensor.rand(2, DType.FLOAT64, 4, 5);
        gradcheck(a -> Losses.bceWithLogits(a[0], a[1]), logits, t);
        gradgradcheck(a -> Losses.bceWithLogits(a[0], t), logits);
        gradcheck(a -> Losses.mse(a[0], a[1]), logits, t);
        // BCE gradient at x = 0 is sigmoid(0) - y = 0.5 - y exactly (no kink)
        Tensor zero = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
        Losses.bceWithLogits(zero, Tensor.of(new double[] {1}, 1)).backward();
        assertEquals(-0.5, zero.grad().item(), 1e-15);
    }
}
