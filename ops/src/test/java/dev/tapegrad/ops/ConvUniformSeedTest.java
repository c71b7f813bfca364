package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * conv2d's backward from a uniform seed ({@code sum(y).backward()}, {@code sum(3·y).backward()}), which skips
 * materializing the seed, against the dense path ({@code y.backward(g)} with a contiguous g of the same value)
 * over drawn geometries, both dtypes, with and without bias, and with x a transposed view.
 */
class ConvUniformSeedTest {

    private static Tensor[] leaves(long seed, DType dtype, int n, int c, int h, int w, int o, int cg, int k,
                                   boolean withBias, boolean xView) {
        Tensor leaf = xView ? Tensor.randn(seed, dtype, n, c, w, h).requiresGrad(true)
                : Tensor.randn(seed, dtype, n, c, h, w).requiresGrad(true);
        Tensor x = xView ? Ops.transpose(leaf, 2, 3) : leaf;
        Tensor wt = Tensor.randn(seed + 1, dtype, o, cg, k, k).requiresGrad(true);
        Tensor b = withBias ? Tensor.randn(seed + 2, dtype, o).requiresGrad(true) : null;
        return new Tensor[] {x, wt, b, leaf};
    }

    private static void assertClose(Tensor expected, Tensor actual, DType dtype, String what) {
        double rtol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertTrue(Arrays.equals(expected.shape(), actual.shape()), what + " shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double scale = 1;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= rtol * scale, what + "[" + i + "]: " + e[i] + " vs " + a[i]);
        }
    }

    @Property(tries = 60)
    void sumBackwardMatchesDenseSeed(@ForAll @IntRange(min = 1, max = 3) int n,
                                     @ForAll @IntRange(min = 1, max = 3) int groups,
                                     @ForAll @IntRange(min = 1, max = 2) int cg, @ForAll @IntRange(min = 1, max = 2) int og,
                                     @ForAll @IntRange(min = 1, max = 9) int h, @ForAll @IntRange(min = 1, max = 9) int w,
                                     @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                                     @ForAll @IntRange(min = 0, max = 2) int padding,
                                     @ForAll @IntRange(min = 1, max = 2) int dilation,
                                     @ForAll boolean withBias, @ForAll boolean scaled, @ForAll boolean xView,
                                     @ForAll DType dtype, @ForAll long seed) {
        int reach = dilation * (k - 1) + 1;
        int hh = Math.max(h, reach - 2 * padding);
        int ww = Math.max(w, reach - 2 * padding);
        int c = groups * cg;
        int o = groups * og;
        double u = scaled ? 3 : 1;
        Tensor[] fast = leaves(seed, dtype, n, c, hh, ww, o, cg, k, withBias, xView);
        Tensor y = Ops.conv2d(fast[0], fast[1], fast[2], stride, padding, dilation, groups);
        Ops.sum(scaled ? Ops.mul(y, 3) : y).backward();
        Tensor[] dense = leaves(seed, dtype, n, c, hh, ww, o, cg, k, withBias, xView);
        Tensor y2 = Ops.conv2d(dense[0], dense[1], dense[2], stride, padding, dilation, groups);
        y2.backward(Tensor.full(u, dtype, y2.shape()));
        for (int i = 1; i < 4; i++) {
            if (fast[i] != null) {
                assertClose(dense[i].grad(), fast[i].grad(), dtype, "grad " + i);
            }
        }
    }

    @Test
    void onlyRequestedGradients() {
        Tensor x = Tensor.randn(1, DType.FLOAT64, 2, 2, 5, 5);
        Tensor w = Tensor.randn(2, DType.FLOAT64, 4, 1, 3, 3).requiresGrad(true);
        Tensor b = Tensor.randn(3, DType.FLOAT64, 4);
        Ops.sum(Ops.conv2d(x, w, b, 2, 1, 1, 2)).backward();
        assertNull(x.grad());
        assertNull(b.grad());
        Tensor x2 = Tensor.randn(1, DType.FLOAT64, 2, 2, 5, 5);
        Tensor w2 = Tensor.randn(2, DType.FLOAT64, 4, 1, 3, 3).requiresGrad(true);
        Ops.conv2d(x2, w2, b, 2, 1, 1, 2).backward(Tensor.ones(DType.FLOAT64, 2, 4, 3, 3));
        assertClose(w2.grad(), w.grad(), DType.FLOAT64, "weight");
    }

    @Test
    void doubleBackwardKeepsTheGraph() {
        Tensor x = Tensor.randn(4, DType.FLOAT64, 1, 2, 4, 4).requiresGrad(true);
        Tensor w = Tensor.randn(5, DType.FLOAT64, 3, 2, 2, 2).requiresGrad(true);
        Tensor[] g = Autograd.grad(Ops.sum(Ops.conv2d(x, w, null)), new Tensor[] {x}, true);
        assertTrue(g[0].requiresGrad());
        assertEquals(x.numel(), g[0].numel());
    }
}
