package dev.tapegrad.ops;

import static dev.tapegrad.ops.OpsGradTest.check;
import static dev.tapegrad.ops.OpsGradTest.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** conv1d against a direct loop, gradcheck and gradgradcheck over drawn geometry, and its errors. */
class Conv1dTest {

    /** y[n, o, t] = b[o] + Σ_{c in o's group, j} x[n, c, t·s - p + j·d] · w[o, c, j], in double. */
    static double[] reference(Tensor x, Tensor w, Tensor b, int s, int p, int d, int groups) {
        int n = x.size(0), c = x.size(1), l = x.size(2);
        int o = w.size(0), cg = w.size(1), k = w.size(2);
        int out = (l + 2 * p - d * (k - 1) - 1) / s + 1;
        double[] xv = x.toDoubleArray(), wv = w.toDoubleArray();
        double[] bv = b == null ? new double[o] : b.toDoubleArray();
        double[] y = new double[n * o * out];
        for (int i = 0; i < n; i++) {
            for (int oc = 0; oc < o; oc++) {
                int group = oc / (o / groups);
                for (int t = 0; t < out; t++) {
                    double acc = bv[oc];
                    for (int ci = 0; ci < cg; ci++) {
                        for (int j = 0; j < k; j++) {
                            int pos = t * s - p + j * d;
                            if (pos >= 0 && pos < l) {
                                acc += xv[(i * c + group * cg + ci) * l + pos] * wv[(oc * cg + ci) * k + j];
                            }
                        }
                    }
                    y[(i * o + oc) * out + t] = acc;
                }
            }
        }
        return y;
    }

    @Property(tries = 25)
    void conv1d(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 2) int groups,
                @ForAll @IntRange(min = 1, max = 2) int cg, @ForAll @IntRange(min = 1, max = 2) int og,
                @ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                @ForAll @IntRange(min = 0, max = 2) int padding, @ForAll @IntRange(min = 1, max = 2) int dilation,
                @ForAll @IntRange(min = 0, max = 5) int extra, @ForAll boolean withBias, @ForAll DType dtype,
                @ForAll long seed) {
        int l = Math.max(1, dilation * (k - 1) + 1 - 2 * padding) + extra;
        Tensor x = normal(seed, dtype, n, groups * cg, l);
        Tensor w = normal(seed + 1, dtype, groups * og, cg, k);
        Tensor b = withBias ? normal(seed + 2, dtype, groups * og) : null;
        Tensor y = Ops.conv1d(x, w, b, stride, padding, dilation, groups);
        double[] expected = reference(x, w, b, stride, padding, dilation, groups);
        double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertArrayEquals(expected, y.toDoubleArray(), tol);
        if (withBias) {
            check(t -> Ops.conv1d(t[0], t[1], t[2], stride, padding, dilation, groups), x, w, b);
        } else {
            check(t -> Ops.conv1d(t[0], t[1], null, stride, padding, dilation, groups), x, w);
        }
    }

    @Test
    void wrongRanksAreNamed() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3, 5, 1);
        Tensor w = Tensor.zeros(DType.FLOAT64, 4, 3, 2);
        RuntimeException e = assertThrows(IllegalArgumentException.class, () -> Ops.conv1d(x, w, null, 1, 0, 1, 1));
        assertTrue(e.getMessage().contains("conv1d") && e.getMessage().contains("[2, 3, 5, 1]"), e.getMessage());
        RuntimeException f = assertThrows(IllegalArgumentException.class,
                () -> Ops.conv1d(Tensor.zeros(DType.FLOAT64, 2, 3, 5), Tensor.zeros(DType.FLOAT64, 4, 3), null, 1, 0, 1, 1));
        assertTrue(f.getMessage().contains("conv1d") && f.getMessage().contains("[4, 3]"), f.getMessage());
    }
}
