package dev.tapegrad.nn;

import static dev.tapegrad.nn.Checks.close;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.layers.BatchNorm2d;
import dev.tapegrad.nn.layers.Dropout;
import dev.tapegrad.ops.Ops;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchNormDropoutTest {
    // x [2, 2, 1, 2]: channel 0 holds {1, 2, 3, 6} (mean 3, biased var 3.5, unbiased 14/3),
    // channel 1 holds {0, 0, 4, -4} (mean 0, biased var 8, unbiased 32/3).
    private static final Tensor X = Tensor.of(new double[] {1, 2, 0, 0, 3, 6, 4, -4}, 2, 2, 1, 2);

    private static BatchNorm2d bn() {
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.to(DType.FLOAT64);
        return bn;
    }

    @Test
    void trainingUsesBatchStatisticsAndUpdatesRunningOnes() {
        BatchNorm2d bn = bn();
        bn.weight().tensor().copyFrom(Tensor.of(new double[] {2, 1}, 2));
        bn.bias().tensor().copyFrom(Tensor.of(new double[] {0.5, -1}, 2));
        double s0 = Math.sqrt(3.5 + 1e-5);
        double s1 = Math.sqrt(8 + 1e-5);
        close(new double[] {
            2 * (1 - 3) / s0 + 0.5, 2 * (2 - 3) / s0 + 0.5, 0 / s1 - 1, 0 / s1 - 1,
            2 * (3 - 3) / s0 + 0.5, 2 * (6 - 3) / s0 + 0.5, 4 / s1 - 1, -4 / s1 - 1}, bn.forward(X), 1e-12);
        close(new double[] {0.3, 0.0}, bn.runningMean(), 1e-12);
        close(new double[] {0.9 + 0.1 * 14 / 3.0, 0.9 + 0.1 * 32 / 3.0}, bn.runningVar(), 1e-12);
        assertEquals(1, bn.numBatchesTracked());
        bn.forward(X);
        close(new double[] {0.9 * 0.3 + 0.3, 0}, bn.runningMean(), 1e-12);
        assertEquals(2, bn.numBatchesTracked());
    }

    @Test
    void evalUsesRunningStatisticsAndLeavesThemAlone() {
        BatchNorm2d bn = bn();
        bn.forward(X);
        bn.eval();
        double rm0 = 0.3;
        double rv0 = 0.9 + 0.1 * 14 / 3.0;
        double rv1 = 0.9 + 0.1 * 32 / 3.0;
        Tensor y = bn.forward(X);
        assertEquals((1 - rm0) / Math.sqrt(rv0 + 1e-5), y.get(0, 0, 0, 0), 1e-12);
        assertEquals(-4 / Math.sqrt(rv1 + 1e-5), y.get(1, 1, 0, 1), 1e-12);
        assertEquals(1, bn.numBatchesTracked());
        close(new double[] {0.3, 0.0}, bn.runningMean(), 1e-12);
    }

    @Test
    void gradientsInBothModes() {
        Tensor x = Tensor.randn(7, DType.FLOAT64, 3, 2, 2, 2);
        BatchNorm2d bn = bn();
        bn.weight().tensor().copyFrom(Tensor.of(new double[] {1.5, -0.7}, 2));
        Checks.moduleGradcheck(bn, x);
        bn.eval();
        Checks.moduleGradcheck(bn, x);
        bn.train();
        Tensor small = Tensor.randn(8, DType.FLOAT64, 2, 2, 1, 2);
        Checks.gradgradcheck(a -> Ops.mul(bn.forward(a[0]), bn.forward(a[0])), small);
    }

    @Test
    void stateNamesMatchPyTorch() {
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm2d(4).stateDict().keySet()));
    }

    @Test
    void wrongChannelCountNamesTheLayer() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm2d(16).forward(Tensor.zeros(DType.FLOAT32, 8, 6, 5, 5)));
        assertEquals("BatchNorm2d(16): expected input [N, 16, H, W], got [8, 6, 5, 5]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(2).forward(Tensor.zeros(DType.FLOAT32, 1, 2, 1, 1)));
    }

    @Test
    void dropoutScalesKeptValuesAndIsSeeded() {
        Tensor x = Tensor.ones(DType.FLOAT32, 10_000);
        double[] a = new Dropout(0.3, 42).forward(x).toDoubleArray();
        double[] b = new Dropout(0.3, 42).forward(x).toDoubleArray();
        assertArrayEquals(a, b);
        int zeros = 0;
        for (double v : a) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(1 / 0.7, v, 1e-6);
            }
        }
        assertEquals(0.3, zeros / 10_000.0, 0.02);
        Dropout d = new Dropout(0.3, 1);
        assertTrue(!java.util.Arrays.equals(d.forward(x).toDoubleArray(), d.forward(x).toDoubleArray()), "new mask per call");
    }

    @Test
    void dropoutGradientIsTheMaskAndEvalIsIdentity() {
        Dropout d = new Dropout(0.5, 3);
        Tensor x = Tensor.randn(1, DType.FLOAT64, 50).requiresGrad(true);
        Tensor y = d.forward(x);
        Ops.sum(y).backward();
        double[] xs = x.toDoubleArray();
        double[] ys = y.toDoubleArray();
        double[] g = x.grad().toDoubleArray();
        for (int i = 0; i < 50; i++) {
            assertEquals(ys[i], xs[i] * g[i], 1e-12);
            assertTrue(g[i] == 0 || g[i] == 2);
        }
        d.eval();
        assertSame(x, d.forward(x));
        d.train();
        close(new double[50], new Dropout(1.0, 3).forward(x), 0);
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    }
}
