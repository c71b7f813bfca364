package dev.tapegrad.ops;

import static dev.tapegrad.ops.OpsGradTest.check;
import static dev.tapegrad.ops.OpsGradTest.distinct;
import static dev.tapegrad.ops.OpsGradTest.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * abs, clamp, maximum, minimum, where, gt, lt, min, var, and the promised negative-dim semantics of
 * softmax, mean and max: subgradient choices against torch 1.13, values against loops, gradcheck and
 * gradgradcheck over drawn shapes, broadcasting patterns and dims (away from kinks and ties).
 */
class VocabMaskTest {
    private static final int TRIES = 25;

    private static int[] shape(List<Integer> dims) {
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Tensor t(double[] v, int... shape) {
        return Tensor.of(v, shape).requiresGrad(true);
    }

    // ------------------------------------------------------------------ subgradients as PyTorch chooses them

    @Test
    void subgradientsMatchPyTorch() {
        // torch 1.13: gradients of .sum() of each op
        Tensor a = t(new double[] {1, 2, 3, 0, -1, 5}, 2, 3);
        Tensor b = t(new double[] {2, 2, -1}, 3);
        Ops.sum(Ops.maximum(a, b)).backward();
        assertArrayEquals(new double[] {0, 0.5, 1, 0, 0, 1}, a.grad().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {2, 1.5, 0}, b.grad().toDoubleArray(), 0.0);
        Tensor a2 = t(a.toDoubleArray(), 2, 3);
        Tensor b2 = t(b.toDoubleArray(), 3);
        Ops.sum(Ops.minimum(a2, b2)).backward();
        assertArrayEquals(new double[] {1, 0.5, 0, 1, 1, 0}, a2.grad().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 0.5, 2}, b2.grad().toDoubleArray(), 0.0);

        double[] xv = {-2, -1, 0, 0.5, 1, 3};
        Tensor x = t(xv, 6);
        Ops.sum(Ops.clamp(x, -1, 1)).backward();
        assertArrayEquals(new double[] {0, 1, 1, 1, 1, 0}, x.grad().toDoubleArray(), 0.0, "bounds pass the gradient");
        Tensor x2 = t(xv, 6);
        Ops.sum(Ops.abs(x2)).backward();
        assertArrayEquals(new double[] {-1, -1, 0, 1, 1, 1}, x2.grad().toDoubleArray(), 0.0, "abs'(0) = 0");
        Tensor x3 = t(xv, 6);
        Tensor inverted = Ops.clamp(x3, 2, 1);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, inverted.toDoubleArray(), 0.0, "min > max gives max");
        Ops.sum(inverted).backward();
        assertArrayEquals(new double[6], x3.grad().toDoubleArray(), 0.0);

        Tensor y = t(new double[] {3, 1, 1, 2, 2, 0}, 2, 3);
        Tensor m = Ops.min(y, -1, false);
        assertArrayEquals(new double[] {1, 0}, m.toDoubleArray(), 0.0);
        Ops.sum(m).backward();
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 1}, y.grad().toDoubleArray(), 0.0, "first minimum");
    }

    // ------------------------------------------------------------------ elementwise with a kink

    @Property(tries = TRIES)
    void abs(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
             @ForAll long seed) {
        Tensor a = OpsGradTest.awayFromZero(seed, dtype, shape(dims));
        assertArrayEquals(Reference.unary(a, Math::abs).v(), Ops.abs(a).toDoubleArray(), 0.0);
        check(x -> Ops.abs(x[0]), a);
    }

    @Property(tries = TRIES)
    void clamp(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
               @ForAll @IntRange(min = -3, max = 3) int lo, @ForAll @IntRange(min = 0, max = 4) int width,
               @ForAll long seed) {
        // values of distinct() are multiples of 0.15, bounds odd multiples of 0.075: no value on a bound
        Tensor a = distinct(seed, dtype, shape(dims));
        double min = 0.075 * (2 * lo + 1);
        double max = min + 0.15 * width;
        assertArrayEquals(Reference.unary(a, v -> Math.min(Math.max(v, min), max)).v(),
                Ops.clamp(a, min, max).toDoubleArray(), dtype == DType.FLOAT32 ? 1e-7 : 0.0);
        check(x -> Ops.clamp(x[0], min, max), a);
        check(x -> Ops.clamp(x[0], Double.NEGATIVE_INFINITY, max), a);
    }

    @Property(tries = TRIES)
    void maximumAndMinimum(@ForAll("broadcastPairs") OpsGradTest.Pair p, @ForAll DType dtype, @ForAll long seed) {
        Tensor a = normal(seed, dtype, p.a());
        Tensor b = normal(seed + 1, dtype, p.b());
        assertArrayEquals(Reference.binary(a, b, Math::max).v(), Ops.maximum(a, b).toDoubleArray(), 0.0);
        assertArrayEquals(Reference.binary(a, b, Math::min).v(), Ops.minimum(a, b).toDoubleArray(), 0.0);
        check(x -> Ops.maximum(x[0], x[1]), a, b);
        check(x -> Ops.minimum(x[0], x[1]), a, b);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<OpsGradTest.Pair> broadcastPairs() {
        return new OpsGradTest().broadcastPairs();
    }

    // ------------------------------------------------------------------ masks

    @Property(tries = TRIES)
    void where(@ForAll("broadcastPairs") OpsGradTest.Pair p, @ForAll boolean conditionFirst, @ForAll DType dtype,
               @ForAll long seed) {
        int[] condShape = conditionFirst ? p.a() : p.b();
        Tensor c = Ops.gt(normal(seed, dtype, condShape), Tensor.scalar(0.0));
        Tensor a = normal(seed + 1, dtype, p.a());
        Tensor b = normal(seed + 2, dtype, p.b());
        Tensor y = Ops.where(c, a, b);
        double[] cb = broadcastTo(c, y.shape());
        double[] ab = broadcastTo(a, y.shape());
        double[] bb = broadcastTo(b, y.shape());
        double[] yv = y.toDoubleArray();
        for (int i = 0; i < yv.length; i++) {
            assertEquals(cb[i] != 0 ? ab[i] : bb[i], yv[i], 0.0);
        }
        check(x -> Ops.where(c, x[0], x[1]), a, b);
    }

    private static double[] broadcastTo(Tensor t, int[] shape) {
        return Ops.expand(t, shape).toDoubleArray();
    }

    @Test
    void whereGivesNoGradientToTheConditionAndTakesNonzeroAsTrue() {
        Tensor c = Tensor.of(new double[] {2, 0, -0.5, Double.NaN}, 4).requiresGrad(true);
        Tensor a = t(new double[] {1, 2, 3, 4}, 4);
        Tensor b = Tensor.scalar(9.0).requiresGrad(true);
        Tensor y = Ops.where(c, a, b);
        assertArrayEquals(new double[] {1, 9, 3, 4}, y.toDoubleArray(), 0.0);
        Ops.sum(y).backward();
        assertArrayEquals(new double[] {1, 0, 1, 1}, a.grad().toDoubleArray(), 0.0);
        assertEquals(1.0, b.grad().item(), 0.0);
        assertEquals(null, c.grad());
    }

    @Test
    void comparisonsGiveConstantsInTheInputsDType() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, Float.NaN}, 4).requiresGrad(true);
        Tensor g = Ops.gt(a, Tensor.scalar(2.0));
        Tensor l = Ops.lt(a, Tensor.scalar(2.0));
        assertEquals(DType.FLOAT32, g.dtype());
        assertArrayEquals(new double[] {0, 0, 1, 0}, g.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0, 0}, l.toDoubleArray(), 0.0);
        assertFalse(g.requiresGrad(), "a comparison carries no gradient");
        Tensor col = Tensor.of(new double[] {0, 1}, 2, 1);
        Tensor row = Tensor.of(new double[] {0, 1, 2}, 3);
        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 1}, Ops.lt(col, row).toDoubleArray(), 0.0);
        VocabShapeOpsTest.assertMessage(IllegalArgumentException.class,
                () -> Ops.gt(Tensor.zeros(DType.FLOAT32, 2), Tensor.zeros(DType.FLOAT64, 2)), "gt", "FLOAT32", "FLOAT64");
        VocabShapeOpsTest.assertMessage(IllegalArgumentException.class,
                () -> Ops.where(col, Tensor.zeros(DType.FLOAT64, 2, 4), row), "where", "[2, 4]", "[3]");
    }

    // ------------------------------------------------------------------ reductions

    @Property(tries = TRIES)
    void min(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
             @ForAll @IntRange(min = 0, max = 2) int which, @ForAll boolean negative, @ForAll boolean keepDim,
             @ForAll DType dtype, @ForAll long seed) {
        int[] s = shape(dims);
        int d = which % s.length;
        int dim = negative ? d - s.length : d;
        Tensor a = distinct(seed, dtype, s);
        Tensor expected = Ops.neg(Ops.max(Ops.neg(a), d, keepDim));
        Reference.Dense ref = Reference.max(Ops.neg(a), d, keepDim);
        double[] neg = java.util.Arrays.stream(ref.v()).map(v -> -v).toArray();
        assertArrayEquals(neg, Ops.min(a, dim, keepDim).toDoubleArray(), 0.0);
        assertArrayEquals(expected.shape(), Ops.min(a, dim, keepDim).shape());
        check(x -> Ops.min(x[0], dim, keepDim), a);
    }

    @Property(tries = TRIES)
    void var(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
             @ForAll @IntRange(min = 0, max = 7) int mask, @ForAll boolean negative, @ForAll boolean unbiased,
             @ForAll boolean keepDim, @ForAll DType dtype, @ForAll long seed) {
        int[] s = shape(dims);
        java.util.List<Integer> chosen = new java.util.ArrayList<>();
        boolean[] r = new boolean[s.length];
        for (int d = 0; d < s.length; d++) {
            if (((mask >> d) & 1) != 0) {
                chosen.add(negative ? d - s.length : d);
                r[d] = true;
            }
        }
        int[] reduce = chosen.stream().mapToInt(Integer::intValue).toArray();
        boolean[] flags = reduce.length == 0 ? all(s.length) : r;
        Tensor a = normal(seed, dtype, s);
        Reference.Dense sum = Reference.sum(a, flags, true);
        int count = a.numel() / sum.numel();
        if (unbiased && count == 1) {
            assertTrue(Double.isNaN(Ops.var(a, reduce, true, keepDim).toDoubleArray()[0]), "0/0 as in PyTorch");
            return;
        }
        double[] mean = java.util.Arrays.stream(sum.v()).map(v -> v / count).toArray();
        Reference.Dense sq = Reference.sum(Tensor.of(squaredDeviations(a, flags, mean), s), flags, keepDim);
        double[] expected = java.util.Arrays.stream(sq.v()).map(v -> v / (count - (unbiased ? 1 : 0))).toArray();
        assertArrayEquals(expected, Ops.var(a, reduce, unbiased, keepDim).toDoubleArray(),
                dtype == DType.FLOAT32 ? 1e-5 : 1e-12);
        check(x -> Ops.var(x[0], reduce, unbiased, keepDim), a);
    }

    private static boolean[] all(int rank) {
        boolean[] r = new boolean[rank];
        java.util.Arrays.fill(r, true);
        return r;
    }

    /** (x - mean of its reduced group)² for each element, mean given in keepDim row-major order. */
    private static double[] squaredDeviations(Tensor a, boolean[] flags, double[] mean) {
        int[] s = a.shape();
        int[] kept = s.clone();
        for (int d = 0; d < s.length; d++) {
            if (flags[d]) {
                kept[d] = 1;
            }
        }
        double[] v = a.toDoubleArray();
        double[] out = new double[v.length];
        for (int f = 0; f < v.length; f++) {
            int[] idx = Reference.unravel(f, s);
            for (int d = 0; d < s.length; d++) {
                if (flags[d]) {
                    idx[d] = 0;
                }
            }
            double dev = v[f] - mean[Reference.ravel(idx, kept)];
            out[f] = dev * dev;
        }
        return out;
    }

    @Test
    void varMatchesPyTorch() {
        // torch 1.13: z = arange(24).reshape(2, 3, 4) ** 1.5; var(z, [0, -1], unbiased=True)
        double[] z = new double[24];
        for (int i = 0; i < 24; i++) {
            z[i] = Math.pow(i, 1.5);
        }
        Tensor x = Tensor.of(z, 2, 3, 4);
        assertArrayEquals(new double[] {667.8451161037798, 1073.061596117513, 1464.198873042023},
                Ops.var(x, new int[] {0, -1}, true, false).toDoubleArray(), 1e-10);
        Tensor v = Ops.var(x, new int[] {1}, false, true);
        assertArrayEquals(new int[] {2, 1, 4}, v.shape());
        assertArrayEquals(new double[] {87.77348089249865, 114.43344070000654, 139.6066799941034, 164.33846338688426,
            382.48264995902736, 406.5738118954533, 430.6545451449693, 454.72655632758557}, v.toDoubleArray(), 1e-10);
    }

    // ------------------------------------------------------------------ promised negative dims

    @Property(tries = TRIES)
    void softmaxMeanAndMaxTakeNegativeDims(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                                           @ForAll @IntRange(min = 1, max = 3) int back, @ForAll boolean keepDim,
                                           @ForAll DType dtype, @ForAll long seed) {
        int[] s = shape(dims);
        int neg = -Math.min(back, s.length);
        int pos = neg + s.length;
        Tensor a = distinct(seed, dtype, s);
        assertArrayEquals(Ops.softmax(a, pos).toDoubleArray(), Ops.softmax(a, neg).toDoubleArray(), 0.0);
        assertArrayEquals(Ops.mean(a, new int[] {pos}, keepDim).toDoubleArray(),
                Ops.mean(a, new int[] {neg}, keepDim).toDoubleArray(), 0.0);
        assertArrayEquals(Ops.max(a, pos, keepDim).toDoubleArray(), Ops.max(a, neg, keepDim).toDoubleArray(), 0.0);
        assertArrayEquals(Ops.max(a, pos, keepDim).shape(), Ops.max(a, neg, keepDim).shape());
        check(x -> Ops.softmax(x[0], neg), a);
        check(x -> Ops.mean(x[0], new int[] {neg}, keepDim), a);
        check(x -> Ops.max(x[0], neg, keepDim), a);
    }
}
