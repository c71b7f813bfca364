package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** maxPool2d and avgPool2d: values and argmax against direct loops, gradients to second order, ties, NaN. */
class PoolTest {

    record PoolCase(int n, int c, int h, int w, int[] k, int[] s, int[] p, int[] d, boolean ceil,
                    boolean countIncludePad, long seed) {
        Tensor x() {
            return Tensor.randn(seed, DType.FLOAT64, n, c, h, w);
        }

        @Override
        public String toString() {
            return "n=" + n + " c=" + c + " hw=" + h + "x" + w + " k=" + Arrays.toString(k) + " s=" + Arrays.toString(s)
                    + " p=" + Arrays.toString(p) + " d=" + Arrays.toString(d) + " ceil=" + ceil
                    + " countIncludePad=" + countIncludePad;
        }
    }

    /** Draws options with padding at most half the kernel; h, w large enough for one window. */
    private static Arbitrary<PoolCase> draw(int maxDilation) {
        List<Arbitrary<Integer>> parts = List.of(
                Arbitraries.integers().between(1, 2),   // 0 n
                Arbitraries.integers().between(1, 3),   // 1 c
                Arbitraries.integers().between(0, 4),   // 2 extra h
                Arbitraries.integers().between(0, 4),   // 3 extra w
                Arbitraries.integers().between(1, 4),   // 4 kh
                Arbitraries.integers().between(1, 4),   // 5 kw
                Arbitraries.integers().between(1, 4),   // 6 sh
                Arbitraries.integers().between(1, 4),   // 7 sw
                Arbitraries.integers().between(0, 2),   // 8 ph (cut to kh/2)
                Arbitraries.integers().between(0, 2),   // 9 pw (cut to kw/2)
                Arbitraries.integers().between(1, maxDilation), // 10 dh
                Arbitraries.integers().between(1, maxDilation), // 11 dw
                Arbitraries.integers().between(0, 1),   // 12 ceil
                Arbitraries.integers().between(0, 1),   // 13 countIncludePad
                Arbitraries.integers().between(0, 1000)); // 14 seed
        return Combinators.combine(parts).as(v -> {
            int[] k = {v.get(4), v.get(5)};
            int[] p = {Math.min(v.get(8), k[0] / 2), Math.min(v.get(9), k[1] / 2)};
            int[] d = {v.get(10), v.get(11)};
            int h = Math.max(1, d[0] * (k[0] - 1) + 1 - 2 * p[0] + v.get(2));
            int w = Math.max(1, d[1] * (k[1] - 1) + 1 - 2 * p[1] + v.get(3));
            return new PoolCase(v.get(0), v.get(1), h, w, k, new int[] {v.get(6), v.get(7)}, p, d, v.get(12) == 1,
                    v.get(13) == 1, v.get(14));
        });
    }

    @Provide
    Arbitrary<PoolCase> maxCases() {
        return draw(2);
    }

    @Provide
    Arbitrary<PoolCase> avgCases() {
        return draw(1);
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol, Object what) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape of " + what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (Double.compare(e[i], a[i]) == 0) {
                continue;
            }
            assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), "element " + i + " of " + what);
        }
    }

    private static Tensor max(Tensor x, PoolCase c) {
        return Ops.maxPool2d(x, c.k(), c.s(), c.p(), c.d(), c.ceil());
    }

    private static Tensor avg(Tensor x, PoolCase c) {
        return Ops.avgPool2d(x, c.k(), c.s(), c.p(), c.ceil(), c.countIncludePad());
    }

    @Property(tries = 150)
    void maxPoolMatchesDirectLoopsAndRoutesToArgmax(@ForAll("maxCases") PoolCase c) {
        checkMax(c);
    }

    /**
     * With 16 channels or more, windows other than 2×2 tiles pool NCHW input through the channels-last kernel
     * (whole vectors of channels and a scalar rest): the same values, argmax and gradients.
     */
    @Property(tries = 40)
    void maxPoolOfManyChannelsMatchesDirectLoops(@ForAll("maxCases") PoolCase c,
                                                 @ForAll @net.jqwik.api.constraints.IntRange(min = 16, max = 35) int channels) {
        checkMax(new PoolCase(c.n(), channels, c.h(), c.w(), c.k(), c.s(), c.p(), c.d(), c.ceil(), c.countIncludePad(), c.seed()));
    }

    private static void checkMax(PoolCase c) {
        Tensor x = c.x();
        Tensor expected = ConvReference.maxPool2d(x, c.k(), c.s(), c.p(), c.d(), c.ceil(), null);
        int[] argmax = new int[expected.numel()];
        ConvReference.maxPool2d(x, c.k(), c.s(), c.p(), c.d(), c.ceil(), argmax);
        assertClose(expected, max(x, c), 0, c);
        assertClose(expected, max(Ops.cast(x, DType.FLOAT32), c), 1e-7, c);
        for (DType dt : DType.values()) {
            Tensor xr = Ops.cast(x, dt).detach().requiresGrad(true);
            Tensor y = max(xr, c);
            Tensor g = Tensor.randn(c.seed() + 1, dt, y.shape());
            y.backward(g);
            double[] want = new double[x.numel()];
            double[] gv = g.toDoubleArray();
            int plane = c.h() * c.w();
            int outPlane = y.size(2) * y.size(3);
            for (int i = 0; i < argmax.length; i++) {
                if (argmax[i] >= 0) {
                    want[i / outPlane * plane + argmax[i]] += gv[i];
                }
            }
            assertClose(Tensor.of(want, x.shape()), xr.grad(), 1e-6, "gradient " + dt + " " + c);
        }
    }

    @Property(tries = 150)
    void avgPoolMatchesDirectLoops(@ForAll("avgCases") PoolCase c) {
        Tensor x = c.x();
        Tensor expected = ConvReference.avgPool2d(x, c.k(), c.s(), c.p(), c.ceil(), c.countIncludePad());
        assertClose(expected, avg(x, c), 1e-12, c);
        assertClose(expected, avg(Ops.cast(x, DType.FLOAT32), c), 1e-6, c);
    }

    /**
     * With 16 channels or more, windows other than 2×2 tiles pool NCHW input (and spread its gradient) through the
     * channels-last kernel: the same values as the direct loops, and a gradient that passes gradcheck.
     */
    @Property(tries = 25)
    void avgPoolOfManyChannelsMatchesDirectLoops(@ForAll("avgCases") PoolCase drawn,
                                                 @ForAll @net.jqwik.api.constraints.IntRange(min = 16, max = 19) int channels) {
        PoolCase c = new PoolCase(1, channels, drawn.h(), drawn.w(), drawn.k(), drawn.s(), drawn.p(), drawn.d(),
                drawn.ceil(), drawn.countIncludePad(), drawn.seed());
        avgPoolMatchesDirectLoops(c);
        GradCheck.Result r = GradCheck.gradcheck(t -> avg(t[0], c), c.x());
        assertTrue(r.passed(), c + ": " + r.report());
    }

    @Property(tries = 100)
    void maxPoolGradients(@ForAll("maxCases") PoolCase c) {
        // a dilated window may miss the input entirely: its output is -inf, and differences of -inf are NaN
        Assume.that(Arrays.stream(max(c.x(), c).toDoubleArray()).allMatch(Double::isFinite));
        Function<Tensor[], Tensor> f = t -> max(t[0], c);
        GradCheck.Result r = GradCheck.gradcheck(f, c.x());
        assertTrue(r.passed(), c + ": " + r.report());
        r = GradCheck.gradgradcheck(f, c.x());
        assertTrue(r.passed(), c + ": " + r.report());
    }

    @Property(tries = 100)
    void avgPoolGradients(@ForAll("avgCases") PoolCase c) {
        Function<Tensor[], Tensor> f = t -> avg(t[0], c);
        GradCheck.Result r = GradCheck.gradcheck(f, c.x());
        assertTrue(r.passed(), c + ": " + r.report());
        r = GradCheck.gradgradcheck(f, c.x());
        assertTrue(r.passed(), c + ": " + r.report());
    }

    /** Second order of a non-linear use: Σ maxPool(x)², whose Hessian is diagonal at the argmax. */
    @Test
    void gradientsOfGradientsThroughSquares() {
        Tensor x = Tensor.randn(3, DType.FLOAT64, 1, 2, 5, 5);
        for (Function<Tensor, Tensor> pool : List.<Function<Tensor, Tensor>>of(
                t -> Ops.maxPool2d(t, 3, 2, 1), t -> Ops.avgPool2d(t, 3, 2, 1))) {
            Function<Tensor[], Tensor> f = t -> {
                Tensor y = pool.apply(t[0]);
                return Ops.mul(y, y);
            };
            GradCheck.Result r = GradCheck.gradgradcheck(f, x);
            assertTrue(r.passed(), r.report());
        }
    }

    @Test
    void tieSendsGradientToFirstMaximumInRowMajorOrder() {
        for (DType dt : DType.values()) {
            Tensor x = Tensor.ones(dt, 1, 1, 4, 4).requiresGrad(true);
            Ops.sum(Ops.maxPool2d(x, 2)).backward();
            double[] expected = new double[16];
            expected[0] = expected[2] = expected[8] = expected[10] = 1;
            assertArrayEquals(expected, x.grad().toDoubleArray(), 0, dt.toString());
            // overlapping 2x2 windows, stride 1: in the top windows the 5 of row 0 beats the equal 5 below it
            Tensor y = Tensor.of(new double[] {0, 5, 0, 0, 5, 0, 0, 0, 0}, 1, 1, 3, 3);
            Tensor z = Ops.cast(y, dt).detach().requiresGrad(true);
            Ops.sum(Ops.maxPool2d(z, 2, 1, 0)).backward();
            assertArrayEquals(new double[] {0, 2, 0, 0, 2, 0, 0, 0, 0}, z.grad().toDoubleArray(), 0, dt.toString());
        }
    }

    @Test
    void signedZeroTieKeepsTheFirstElementAndItsSign() {
        for (int k : new int[] {2, 3}) {
            double[] v = new double[16];
            Arrays.fill(v, -1);
            v[0] = -0.0;
            v[1] = 0.0;
            v[4] = 0.0;
            Tensor x = Tensor.of(v, 1, 1, 4, 4).requiresGrad(true);
            Tensor y = Ops.maxPool2d(x, k);
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(y.toDoubleArray()[0]), "kernel " + k);
            y.backward(Tensor.ones(DType.FLOAT64, y.shape()));
            assertEquals(1.0, x.grad().toDoubleArray()[0], "kernel " + k);
        }
    }

    @Test
    void nanPropagatesAndTakesTheGradientAsInPyTorch() {
        for (DType dt : DType.values()) {
            Tensor x = Ops.cast(Tensor.of(new double[] {1, Double.NaN, 7, Double.NaN}, 1, 1, 2, 2), dt)
                    .detach().requiresGrad(true);
            Tensor y = Ops.maxPool2d(x, 2);
            assertTrue(Double.isNaN(y.toDoubleArray()[0]));
            y.backward(Tensor.ones(dt, 1, 1, 1, 1));
            assertArrayEquals(new double[] {0, 0, 0, 1}, x.grad().toDoubleArray(), 0, dt.toString());
            Tensor x3 = Ops.cast(Tensor.of(new double[] {1, Double.NaN, 7, 2, 3, 4, 5, 6, 8}, 1, 1, 3, 3), dt);
            double[] y3 = Ops.maxPool2d(x3, 3, 1, 1).toDoubleArray();
            assertTrue(Double.isNaN(y3[0]) && Double.isNaN(y3[2]) && y3[8] == 8, Arrays.toString(y3));
        }
    }

    @Test
    void ceilModeDropsALastWindowStartingInTheRightPadding() {
        Tensor x = Tensor.ones(DType.FLOAT64, 1, 1, 5, 5);
        // ceil((5 + 2 - 1 - 1)/2) + 1 = 4, but window 4 would start at 6 - 1 = 5 >= H: dropped
        assertArrayEquals(new int[] {1, 1, 3, 3}, Ops.maxPool2d(x, 2, 2, 1, 1, true).shape());
        assertArrayEquals(new int[] {1, 1, 3, 3}, Ops.avgPool2d(x, 2, 2, 1, true, true).shape());
        // no padding: ceil((5 - 2)/2) + 1 = 3, last window starts at 4 < 5 and is kept
        assertArrayEquals(new int[] {1, 1, 3, 3}, Ops.maxPool2d(x, 2, 2, 0, 1, true).shape());
        assertArrayEquals(new int[] {1, 1, 2, 2}, Ops.maxPool2d(x, 2, 2, 0, 1, false).shape());
    }

    @Test
    void averageDivisorsClipCeilWindowsToTheInputPlusPadding() {
        Tensor x = Tensor.ones(DType.FLOAT64, 1, 1, 6, 6);
        double[] y = Ops.avgPool2d(x, 3, 2, 1, true, true).toDoubleArray();
        assertEquals(16, y.length);
        assertEquals(4.0 / 9, y[0], 1e-15);           // rows -1..1, cols -1..1: 4 of 9 in the input
        assertEquals(6.0 / 9, y[1], 1e-15);           // rows -1..1, cols 1..3
        assertEquals(2.0 / 6, y[3], 1e-15);           // cols 5..7 clipped to 5..6 (input + right pad): 2 wide
        assertEquals(1.0 / 4, y[15], 1e-15);          // both clipped: 1 pixel of a 2x2 divisor
        double[] exclude = Ops.avgPool2d(x, 3, 2, 1, true, false).toDoubleArray();
        for (double v : exclude) {
            assertEquals(1.0, v, 1e-15);
        }
        assertArrayEquals(y, ConvReference.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true, true)
                .toDoubleArray(), 1e-15);
    }

    @Test
    void overloadsUsePyTorchDefaults() {
        Tensor x = Tensor.randn(7, DType.FLOAT64, 2, 3, 7, 6);
        int[] k2 = {2, 2};
        int[] zero = {0, 0};
        int[] one = {1, 1};
        assertClose(ConvReference.maxPool2d(x, k2, k2, zero, one, false, null), Ops.maxPool2d(x, 2), 0, "maxPool2d(x, 2)");
        assertClose(ConvReference.maxPool2d(x, k2, k2, zero, one, false, null),
                Ops.maxPool2d(x, k2, null, zero, one, false), 0, "stride null");
        assertClose(ConvReference.avgPool2d(x, k2, k2, zero, false, true), Ops.avgPool2d(x, 2), 1e-15, "avgPool2d(x, 2)");
        assertClose(ConvReference.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, one, false, true),
                Ops.avgPool2d(x, 3, 2, 1), 1e-15, "avgPool2d(x, 3, 2, 1)");
    }
}
