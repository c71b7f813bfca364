package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The short-row SIMD loops ({@link ShortRowsSimdFloat}, {@link ShortRowsSimdDouble}) against their scalar
 * references at every tail length around the lane count: the arithmetic and the row accumulation bit for bit, the
 * lane sum up to rounding.
 */
class ShortRowsSimdTest {
    private static float[] floats(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian() + (rng.nextInt(7) == 0 ? 0f : 0.5f);
        }
        return a;
    }

    private static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] * 1.000001;
        }
        return d;
    }

    @Property(tries = 80)
    void arithmeticMatchesScalar(@ForAll @IntRange(min = 0, max = 300) int n, @ForAll @IntRange(min = 0, max = 3) int k,
                                 @ForAll long seed) {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        Elementwise.Kind kind = Elementwise.Kind.values()[k];
        SplittableRandom rng = new SplittableRandom(seed);
        float[] a = floats(rng, n + 3);
        float[] b = floats(rng, n + 5);
        float[] simd = new float[n + 2];
        float[] scalar = new float[n + 2];
        ShortRowsSimdFloat.vv(kind, a, 3, b, 5, simd, 2, n);
        BroadcastRowsFloat.vvScalar(kind, a, 3, b, 5, scalar, 2, n);
        assertArrayEquals(scalar, simd, "vv");
        ShortRowsSimdFloat.vs(kind, a, 1, b[0], simd, 1, n);
        BroadcastRowsFloat.vsScalar(kind, a, 1, b[0], scalar, 1, n);
        assertArrayEquals(scalar, simd, "vs");
        ShortRowsSimdFloat.sv(kind, a[0], b, 4, simd, 0, n);
        BroadcastRowsFloat.svScalar(kind, a[0], b, 4, scalar, 0, n);
        assertArrayEquals(scalar, simd, "sv");
        double[] ad = doubles(a);
        double[] bd = doubles(b);
        double[] simdD = new double[n + 2];
        double[] scalarD = new double[n + 2];
        ShortRowsSimdDouble.vv(kind, ad, 3, bd, 5, simdD, 2, n);
        BroadcastRowsDouble.vvScalar(kind, ad, 3, bd, 5, scalarD, 2, n);
        assertArrayEquals(scalarD, simdD, "vv FLOAT64");
        ShortRowsSimdDouble.vs(kind, ad, 1, bd[0], simdD, 1, n);
        BroadcastRowsDouble.vsScalar(kind, ad, 1, bd[0], scalarD, 1, n);
        assertArrayEquals(scalarD, simdD, "vs FLOAT64");
        ShortRowsSimdDouble.sv(kind, ad[0], bd, 4, simdD, 0, n);
        BroadcastRowsDouble.svScalar(kind, ad[0], bd, 4, scalarD, 0, n);
        assertArrayEquals(scalarD, simdD, "sv FLOAT64");
    }

    @Property(tries = 60)
    void addRowsMatchesScalar(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll @IntRange(min = 0, max = 9) int rows,
                              @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int stride = n + rng.nextInt(4);
        float[] x = floats(rng, rows * stride + n + 2);
        float[] buf = floats(rng, n);
        float[] simd = buf.clone();
        float[] scalar = buf.clone();
        ShortRowsSimdFloat.addRows(x, 2, stride, rows, simd, n);
        ReduceFloat.addRowsScalar(x, 2, stride, rows, scalar, 0, n);
        assertArrayEquals(scalar, simd);
        double[] xd = doubles(x);
        double[] simdD = doubles(buf);
        double[] scalarD = simdD.clone();
        ShortRowsSimdDouble.addRows(xd, 2, stride, rows, simdD, n);
        ReduceDouble.addRowsScalar(xd, 2, stride, rows, scalarD, 0, n);
        assertArrayEquals(scalarD, simdD);
    }

    @Property(tries = 40)
    void sumMatchesScalarUpToRounding(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
        float[] a = floats(new SplittableRandom(seed), n);
        double want = 0;
        double scale = 0;
        for (float v : a) {
            want += v;
            scale += Math.abs(v);
        }
        assertEquals(want, ShortRowsSimdFloat.sum(a, n), 1e-6 * scale + 1e-30);
        assertEquals(want, ShortRowsSimdDouble.sum(doubles(a), n), 1e-5 * scale + 1e-30);
    }

    /**
     * The 2-D boxes of rows: each operand contiguous along the row or one element per row, its rows at a fixed
     * stride (0 included: one row or one element for every row), written into rows of out n or more apart, against
     * the scalar row loops, bit for bit.
     */
    @Property(tries = 150)
    void boxMatchesScalar(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 0, max = 9) int rows,
                          @ForAll @IntRange(min = 0, max = 3) int k, @ForAll @IntRange(min = 0, max = 2) int variant,
                          @ForAll long seed) {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        Elementwise.Kind kind = Elementwise.Kind.values()[k];
        SplittableRandom rng = new SplittableRandom(seed);
        int as = variant == 2 ? 0 : 1;
        int bs = variant == 1 ? 0 : 1;
        int ar = rng.nextInt(3) == 0 ? 0 : n * as + rng.nextInt(9);
        int br = rng.nextInt(3) == 0 ? 0 : n * bs + rng.nextInt(9);
        float[] a = floats(rng, 3 + rows * ar + n);
        float[] b = floats(rng, 2 + rows * br + n);
        int or = n + (rng.nextBoolean() ? 0 : 1 + rng.nextInt(8));
        float[] simd = new float[rows * or + 1];
        float[] scalar = new float[rows * or + 1];
        ShortRowsSimdFloat.box(kind, a, 3, ar, as, b, 2, br, bs, simd, 1, or, rows, n);
        double[] ad = doubles(a);
        double[] bd = doubles(b);
        double[] simdD = new double[rows * or + 1];
        double[] scalarD = new double[rows * or + 1];
        ShortRowsSimdDouble.box(kind, ad, 3, ar, as, bd, 2, br, bs, simdD, 1, or, rows, n);
        for (int r = 0; r < rows; r++) {
            int p = 3 + r * ar;
            int q = 2 + r * br;
            int o = 1 + r * or;
            switch (variant) {
                case 0 -> {
                    BroadcastRowsFloat.vvScalar(kind, a, p, b, q, scalar, o, n);
                    BroadcastRowsDouble.vvScalar(kind, ad, p, bd, q, scalarD, o, n);
                }
                case 1 -> {
                    BroadcastRowsFloat.vsScalar(kind, a, p, b[q], scalar, o, n);
                    BroadcastRowsDouble.vsScalar(kind, ad, p, bd[q], scalarD, o, n);
                }
                default -> {
                    BroadcastRowsFloat.svScalar(kind, a[p], b, q, scalar, o, n);
                    BroadcastRowsDouble.svScalar(kind, ad[p], bd, q, scalarD, o, n);
                }
            }
        }
        assertArrayEquals(scalar, simd, "box");
        assertArrayEquals(scalarD, simdD, "box FLOAT64");
    }
}
