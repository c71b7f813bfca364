package dev.tapegrad.ops;

import static dev.tapegrad.ops.OpsGradTest.check;
import static dev.tapegrad.ops.OpsGradTest.normal;
import static dev.tapegrad.ops.VocabShapeOpsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** layerNorm: PyTorch values and gradients, the unfused formula, gradcheck/gradgradcheck, errors. */
class LayerNormTest {

    /** The unfused formula with taped ops: (x - mean)/√(var + eps)·w + b. */
    static Tensor unfused(Tensor x, int k, Tensor w, Tensor b, double eps) {
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = i - k;
        }
        Tensor c = Ops.sub(x, Ops.mean(x, dims, true));
        Tensor y = Ops.div(c, Ops.sqrt(Ops.add(Ops.mean(Ops.mul(c, c), dims, true), eps)));
        if (w != null) {
            y = Ops.mul(y, w);
        }
        return b == null ? y : Ops.add(y, b);
    }

    @Test
    void matchesPyTorch() {
        // torch 1.13, float64: F.layer_norm(x, [4], w, b, 1e-5) and the gradients of (y * c).sum()
        double[] xv = {1, 2, 4, -1, 1e4 + 1, 1e4 + 2, 1e4 + 4, 1e4 - 1};
        Tensor x = Tensor.of(xv, 2, 4).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {0.5, -1, 2, 1.5}, 4).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4}, 4).requiresGrad(true);
        Tensor y = Ops.layerNorm(x, new int[] {4}, w, b, 1e-5);
        double[] row = {-0.038674835710570205, -0.07734967142114074, 3.073496714211406, -1.6801225356585539};
        double[] expected = new double[8];
        System.arraycopy(row, 0, expected, 0, 4);
        System.arraycopy(row, 0, expected, 4, 4);
        // the second row is the first shifted by 1e4: the shifted one-pass variance keeps it exact to 1e-12
        assertArrayEquals(expected, y.toDoubleArray(), 1e-12);
        Tensor c = Tensor.of(new double[] {1, -2, 3, 0.5, 0.25, 1, -1, 2}, 2, 4);
        Ops.sum(Ops.mul(y, c)).backward();
        assertArrayEquals(new double[] {-0.7093760319549233, -0.46936007158492427, 0.5653711919973552,
            0.6133649115424926, -0.22667916242698993, -0.2933514714868579, 0.26667808894762857, 0.2533525449680383},
                x.grad().toDoubleArray(), 1e-11);
        assertArrayEquals(new double[] {-0.34668708927634717, -0.27734967142089206, 2.7734967142112867,
            -3.466870892763372}, w.grad().toDoubleArray(), 1e-11);
        assertArrayEquals(new double[] {1.25, -1.0, 2.0, 2.5}, b.grad().toDoubleArray(), 1e-15);
    }

    @Property(tries = 30)
    void gradients(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 4) Integer> dims,
                   @ForAll @IntRange(min = 1, max = 3) int k, @ForAll boolean withWeight, @ForAll boolean withBias,
                   @ForAll DType dtype, @ForAll long seed) {
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int kk = Math.min(k, shape.length);
        int[] normalized = Arrays.copyOfRange(shape, shape.length - kk, shape.length);
        double eps = 1e-5;
        Tensor x = normal(seed, dtype, shape);
        Tensor w = withWeight ? normal(seed + 1, dtype, normalized) : null;
        Tensor b = withBias ? normal(seed + 2, dtype, normalized) : null;
        Tensor y = Ops.layerNorm(x, normalized, w, b, eps);
        assertArrayEquals(unfused(x, kk, w, b, eps).toDoubleArray(), y.toDoubleArray(),
                dtype == DType.FLOAT32 ? 2e-4 : 1e-9);
        if (Arrays.stream(normalized).reduce(1, (p, q) -> p * q) == 1) {
            return; // a single element per row normalizes to 0: gradients exist but are all 0 or ill-conditioned
        }
        double condition = condition(x.toDoubleArray(), Arrays.stream(normalized).reduce(1, (p, q) -> p * q), eps);
        if (withWeight && withBias) {
            check(condition, t -> Ops.layerNorm(t[0], normalized, t[1], t[2], eps), x, w, b);
        } else if (withWeight) {
            check(condition, t -> Ops.layerNorm(t[0], normalized, t[1], null, eps), x, w);
        } else if (withBias) {
            check(condition, t -> Ops.layerNorm(t[0], normalized, null, t[1], eps), x, b);
        } else {
            check(condition, t -> Ops.layerNorm(t[0], normalized, null, null, eps), x);
        }
    }

    /**
     * How much FLOAT32 rounding is amplified in layerNorm's gradient: the largest |x| of a row over the row's
     * √(var + eps), over all rows. A row of two close values (drawn as [2] or [1, 2]) has a small spread next to
     * its values: its FLOAT32 gradient is only that many times less accurate, in PyTorch too.
     */
    static double condition(double[] x, int row, double eps) {
        double worst = 1;
        for (int start = 0; start < x.length; start += row) {
            double mean = 0;
            double largest = 0;
            for (int i = start; i < start + row; i++) {
                mean += x[i] / row;
                largest = Math.max(largest, Math.abs(x[i]));
            }
            double var = 0;
            for (int i = start; i < start + row; i++) {
                var += (x[i] - mean) * (x[i] - mean) / row;
            }
            worst = Math.max(worst, largest / Math.sqrt(var + eps));
        }
        return worst;
    }

    @Test
    void singleElementRowsNormalizeToTheBias() {
        Tensor x = Tensor.of(new double[] {3, -2}, 2, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {0.5}, 1);
        Tensor y = Ops.layerNorm(x, new int[] {1}, null, b, 1e-5);
        assertArrayEquals(new double[] {0.5, 0.5}, y.toDoubleArray(), 0.0);
        Ops.sum(y).backward();
        assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void errorsNameTheShapes() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 2, 4, 3);
        assertMessage(IllegalArgumentException.class, () -> Ops.layerNorm(x, new int[] {4}, null, null, 1e-5),
                "layerNorm", "normalized shape [4]", "does not end the input's shape [2, 4, 3]");
        assertMessage(IllegalArgumentException.class, () -> Ops.layerNorm(x, new int[] {3},
                Tensor.zeros(DType.FLOAT32, 4), null, 1e-5), "layerNorm", "weight", "[4]", "[3]");
        assertMessage(IllegalArgumentException.class, () -> Ops.layerNorm(x, new int[] {3}, null,
                Tensor.zeros(DType.FLOAT64, 3), 1e-5), "layerNorm", "FLOAT32", "FLOAT64");
        assertEquals(3, Ops.layerNorm(x, new int[] {4, 3}, null, null, 1e-5).rank());
    }
}
