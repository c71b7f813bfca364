package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * max and min over a dim and over all elements, as PyTorch 1.13: NaN wins, max(dim) returns and sends the gradient
 * to the first extreme (first NaN), a tie of -0.0 and +0.0 keeps the first; max() and min() split the gradient
 * evenly among ties (among NaNs). gradcheck and gradgradcheck of min over a dim and of max() and min(); views
 * (channels-last, transposed) give bit for bit the contiguous input's values and gradients.
 */
class MaxMinTest {
    private static final double NAN = Double.NaN;

    private static Tensor leaf(DType dtype, double[] v, int... shape) {
        Tensor t = Tensor.of(v, shape);
        return (dtype == DType.FLOAT32 ? Tensor.of(toFloat(v), shape) : t).requiresGrad(true);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Property(tries = 4)
    void overADimTakesTheFirstExtremeAndTheFirstNaN(@ForAll DType dtype) {
        Tensor a = leaf(dtype, new double[] {1, 3, 3, NAN, 2, NAN}, 2, 3);
        Tensor m = Ops.max(a, 1, false);
        assertArrayEquals(new double[] {3, NAN}, m.toDoubleArray());
        Ops.sum(m).backward();
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, a.grad().toDoubleArray());
        Tensor b = leaf(dtype, new double[] {1, 3, 1, NAN, 2, NAN}, 2, 3);
        Tensor n = Ops.min(b, 1, false);
        assertArrayEquals(new double[] {1, NAN}, n.toDoubleArray());
        Ops.sum(n).backward();
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0}, b.grad().toDoubleArray());
    }

    @Property(tries = 4)
    void signedZerosKeepTheFirst(@ForAll DType dtype, @ForAll boolean max) {
        Tensor a = leaf(dtype, new double[] {-0.0, 0.0, 0.0, -0.0}, 2, 2);
        double[] m = (max ? Ops.max(a, 1, false) : Ops.min(a, 1, false)).toDoubleArray();
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(m[0]));
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(m[1]));
    }

    @Property(tries = 4)
    void overAllSplitsTiesEvenly(@ForAll DType dtype) {
        Tensor a = leaf(dtype, new double[] {1, 3, 3, 2}, 4);
        Tensor m = Ops.max(a);
        assertEquals(3.0, m.toDoubleArray()[0]);
        m.backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, a.grad().toDoubleArray());
        Tensor b = leaf(dtype, new double[] {1, NAN, 3, NAN}, 2, 2);
        Tensor n = Ops.min(b);
        assertEquals(NAN, n.toDoubleArray()[0]);
        n.backward();
        assertArrayEquals(new double[] {0, 0.5, 0, 0.5}, b.grad().toDoubleArray());
        Tensor c = leaf(dtype, new double[] {1, 1, 3, 3}, 4);
        Ops.min(c).backward();
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0}, c.grad().toDoubleArray());
        // a narrowed view (not filling its storage): ties counted inside the view only
        Tensor e = leaf(dtype, new double[] {5, 3, 3, 5, 3, 3, 0, 5}, 2, 4);
        Ops.max(Ops.narrow(e, 1, 1, 2)).backward();
        assertArrayEquals(new double[] {0, 1.0 / 3, 1.0 / 3, 0, 0, 1.0 / 3, 0, 0}, e.grad().toDoubleArray(),
                dtype == DType.FLOAT32 ? 1e-7 : 0.0);
    }

    @Property(tries = 20)
    void minOverADimAndOverAll(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                               @ForAll @IntRange(min = 0, max = 5) int pick, @ForAll boolean keepDim,
                               @ForAll DType dtype, @ForAll long seed) {
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int d = pick % shape.length;
        Tensor a = OpsGradTest.distinct(seed, dtype, shape);
        Tensor neg = Ops.neg(a).detach();
        assertArrayEquals(Ops.neg(Ops.max(neg, d, keepDim)).toDoubleArray(), Ops.min(a, d, keepDim).toDoubleArray());
        double[] v = a.toDoubleArray();
        assertEquals(java.util.Arrays.stream(v).max().getAsDouble(), Ops.max(a).toDoubleArray()[0]);
        assertEquals(java.util.Arrays.stream(v).min().getAsDouble(), Ops.min(a).toDoubleArray()[0]);
        OpsGradTest.check(x -> Ops.min(x[0], d - shape.length, keepDim), a);
        OpsGradTest.check(x -> Ops.max(x[0]), a);
        OpsGradTest.check(x -> Ops.min(x[0]), a);
    }

    @Property(tries = 20)
    void viewsMatchTheContiguousInput(@ForAll @IntRange(min = 0, max = 3) int dim, @ForAll boolean max,
                                      @ForAll boolean channelsLast, @ForAll DType dtype, @ForAll long seed) {
        // ties and NaNs on purpose: the view must pick the same first index as the contiguous copy
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        double[] v = new double[2 * 5 * 3 * 20];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(300) == 0 ? NAN : rng.nextInt(7) - 3;
        }
        Tensor base = leaf(dtype, v, 2, 5, 3, 20).detach();
        Tensor view = channelsLast
                ? Ops.permute(Ops.permute(base, 0, 2, 3, 1).contiguous(), 0, 3, 1, 2)
                : Ops.transpose(Ops.transpose(base, 2, 3).contiguous(), 2, 3);
        view = view.detach().requiresGrad(true);
        Tensor dense = base.detach().requiresGrad(true);
        Tensor mv = max ? Ops.max(view, dim, false) : Ops.min(view, dim, false);
        Tensor md = max ? Ops.max(dense, dim, false) : Ops.min(dense, dim, false);
        assertArrayEquals(md.toDoubleArray(), mv.toDoubleArray());
        Ops.sum(Ops.mul(mv, Ops.add(mv, 1.0))).backward();
        Ops.sum(Ops.mul(md, Ops.add(md, 1.0))).backward();
        assertArrayEquals(dense.grad().toDoubleArray(), view.grad().toDoubleArray());
        Tensor all = max ? Ops.max(view) : Ops.min(view);
        Tensor allDense = max ? Ops.max(dense) : Ops.min(dense);
        assertEquals(allDense.toDoubleArray()[0], all.toDoubleArray()[0]);
        view.setGrad(null);
        dense.setGrad(null);
        all.backward();
        allDense.backward();
        assertArrayEquals(dense.grad().toDoubleArray(), view.grad().toDoubleArray());
    }

    @Property(tries = 40)
    void overADimMatchesAReferenceLoop(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll boolean max,
                                       @ForAll boolean keepDim, @ForAll boolean transposed, @ForAll DType dtype,
                                       @ForAll long seed) {
        // shapes with size-1 dims; values full of ties, signed zeros and NaNs
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        int[] shape = new int[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = 1 + rng.nextInt(k == rank - 1 ? 6 : 4);
        }
        int d = rng.nextInt(rank);
        double[] pool = {-0.0, 0.0, 1, -1, 2, NAN};
        Tensor base = Tensor.zeros(dtype, shape);
        double[] v = new double[base.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = pool[rng.nextInt(rng.nextInt(5) == 0 ? pool.length : pool.length - 1)];
        }
        Tensor x = leaf(dtype, v, shape);
        if (transposed && rank >= 2) {
            x = Ops.transpose(Ops.transpose(x, 0, rank - 1).contiguous(), 0, rank - 1).detach().requiresGrad(true);
        }
        Tensor m = max ? Ops.max(x, d, keepDim) : Ops.min(x, d, keepDim);
        int size = shape[d];
        int inner = 1;
        for (int k = d + 1; k < rank; k++) {
            inner *= shape[k];
        }
        double[] want = new double[v.length / size];
        double[] grad = new double[v.length];
        double[] g = new double[want.length];
        for (int o = 0; o < want.length; o++) {
            g[o] = o + 1;
            int first = o / inner * size * inner + o % inner;
            int arg = 0;
            for (int j = 1; j < size && !Double.isNaN(v[first + arg * inner]); j++) {
                double c = v[first + j * inner];
                double best = v[first + arg * inner];
                if (Double.isNaN(c) || (max ? c > best : c < best)) {
                    arg = j;
                }
            }
            want[o] = v[first + arg * inner];
            grad[first + arg * inner] = g[o];
        }
        double[] got = m.toDoubleArray();
        for (int o = 0; o < want.length; o++) {
            assertEquals(Double.doubleToLongBits(want[o]), Double.doubleToLongBits(got[o]), "element " + o);
        }
        Tensor gy = Tensor.of(g, m.shape());
        m.backward(dtype == DType.FLOAT32 ? Ops.cast(gy, dtype) : gy);
        assertArrayEquals(grad, x.grad().toDoubleArray(), 0.0);
    }

    @Property(tries = 20)
    void maxOverADimGradgradcheck(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                                  @ForAll @IntRange(min = 0, max = 5) int pick, @ForAll boolean keepDim,
                                  @ForAll long seed) {
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int d = pick % shape.length;
        Tensor a = OpsGradTest.distinct(seed, DType.FLOAT64, shape);
        // squared, so that the second derivative goes through the scatter's own vjp
        OpsGradTest.check(x -> {
            Tensor m = Ops.max(x[0], d, keepDim);
            return Ops.mul(m, m);
        }, a);
    }
}
