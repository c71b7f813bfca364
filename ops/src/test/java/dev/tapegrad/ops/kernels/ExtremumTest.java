package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The elementwise maximum / minimum kernels ({@link ExtremumFloat}, {@link ExtremumDouble}): SIMD rows against the
 * scalar reference bit for bit, values and gradient flags, at every length around the lane count, for contiguous
 * and repeated operands, on values full of ties, signed zeros and NaNs; and the weighing of a gradient.
 */
class ExtremumTest {
    private static final float[] POOL = {-0.0f, 0.0f, 1f, -1f, 2f, Float.NaN, Float.NEGATIVE_INFINITY};

    private static float[] floats(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = POOL[rng.nextInt(POOL.length)];
        }
        return a;
    }

    private static void assertBits(float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "element " + i);
        }
    }

    @Property(tries = 300)
    void rowsMatchScalar(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 0, max = 1) int as,
                         @ForAll @IntRange(min = 0, max = 1) int bs, @ForAll boolean max, @ForAll long seed) {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        SplittableRandom rng = new SplittableRandom(seed);
        float[] a = floats(rng, n + 2);
        float[] b = floats(rng, n + 3);
        float[] want = new float[n + 1];
        boolean[] wantA = new boolean[n + 1];
        boolean[] wantB = new boolean[n + 1];
        ExtremumFloat.rowScalar(a, 1, as, b, 2, bs, max, want, 1, 0, n, wantA, wantB);
        float[] got = new float[n + 1];
        boolean[] gotA = new boolean[n + 1];
        boolean[] gotB = new boolean[n + 1];
        ExtremumSimdFloat.row(a, 1, as, b, 2, bs, max, got, 1, n, gotA, gotB);
        assertBits(want, got);
        assertArrayEquals(wantA, gotA);
        assertArrayEquals(wantB, gotB);
        // the flags' meaning: a tie sets neither, a NaN both, otherwise the winner's
        for (int i = 0; i < n; i++) {
            float x = a[1 + i * as];
            float y = b[2 + i * bs];
            boolean nan = x != x || y != y;
            boolean aWins = max ? x > y : x < y;
            boolean bWins = max ? y > x : y < x;
            assertEquals(nan || aWins, wantA[1 + i], "fullA " + i);
            assertEquals(nan || bWins, wantB[1 + i], "fullB " + i);
        }
        double[] wantD = new double[n + 1];
        ExtremumDouble.rowScalar(doubles(a), 1, as, doubles(b), 2, bs, max, wantD, 1, 0, n, null, null);
        double[] gotD = new double[n + 1];
        boolean[] gotAD = new boolean[n + 1];
        boolean[] gotBD = new boolean[n + 1];
        ExtremumSimdDouble.row(doubles(a), 1, as, doubles(b), 2, bs, max, gotD, 1, n, gotAD, gotBD);
        assertArrayEquals(wantD, gotD);
        assertArrayEquals(doubles(want), gotD);
        assertArrayEquals(wantA, gotAD);
        assertArrayEquals(wantB, gotBD);
    }

    @Property(tries = 200)
    void weighMatchesScalar(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll @IntRange(min = 0, max = 5) int from,
                            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int to = Math.max(from, n);
        float[] g = floats(rng, to + 1);
        boolean[] full = new boolean[to];
        boolean[] other = new boolean[to];
        for (int i = 0; i < to; i++) {
            full[i] = rng.nextBoolean();
            other[i] = rng.nextBoolean();
        }
        float[] want = new float[to];
        float[] got = new float[to];
        ExtremumFloat.weighScalar(g, 1, full, other, want, from, to);
        ExtremumSimdFloat.weigh(g, 1, full, other, got, from, to);
        assertBits(want, got);
        for (int i = from; i < to; i++) {
            float expected = full[i] ? g[1 + i] : other[i] ? 0f : g[1 + i] / 2;
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(want[i]));
        }
        double[] gotD = new double[to];
        ExtremumSimdDouble.weigh(doubles(g), 1, full, other, gotD, from, to);
        assertArrayEquals(doubles(want), gotD);
    }

    @Property(tries = 100)
    void broadcastAgainstAPerElementLoop(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll boolean max,
                                         @ForAll long seed) {
        // b repeats along random dims (stride 0), a is read through a random permutation of its dims
        SplittableRandom rng = new SplittableRandom(seed);
        int[] shape = new int[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = 1 + rng.nextInt(k == rank - 1 ? 40 : 4);
        }
        int numel = 1;
        for (int s : shape) {
            numel *= s;
        }
        int[] aStrides = new int[rank];
        int[] bStrides = new int[rank];
        int bStep = 1;
        for (int k = rank - 1; k >= 0; k--) {
            boolean repeat = rng.nextBoolean();
            bStrides[k] = repeat ? 0 : bStep;
            bStep *= repeat ? 1 : shape[k];
        }
        // a's storage holds its dims in this order, outermost first (the first and last swapped, half the time)
        int[] order = new int[rank];
        for (int k = 0; k < rank; k++) {
            order[k] = k;
        }
        if (rank >= 2 && rng.nextBoolean()) {
            order[0] = rank - 1;
            order[rank - 1] = 0;
        }
        int step = 1;
        for (int i = rank - 1; i >= 0; i--) {
            aStrides[order[i]] = step;
            step *= shape[order[i]];
        }
        float[] a = floats(rng, step + 1);
        float[] b = floats(rng, bStep + 1);
        float[] out = new float[numel];
        boolean[] fullA = new boolean[numel];
        boolean[] fullB = new boolean[numel];
        ExtremumFloat.forward(shape, a, 1, aStrides, b, 1, bStrides, max, out, fullA, fullB);
        double[] outD = new double[numel];
        ExtremumDouble.forward(shape, doubles(a), 1, aStrides, doubles(b), 1, bStrides, max, outD, null, null);
        int[] idx = new int[rank];
        for (int o = 0; o < numel; o++) {
            int rest = o;
            int p = 1;
            int q = 1;
            for (int k = rank - 1; k >= 0; k--) {
                idx[k] = rest % shape[k];
                rest /= shape[k];
                p += idx[k] * aStrides[k];
                q += idx[k] * bStrides[k];
            }
            float x = a[p];
            float y = b[q];
            float want = x != x || y != y ? x + y : (max ? x >= y : x <= y) ? x : y;
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(out[o]), "element " + o);
            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(outD[o]), "FLOAT64 element " + o);
            assertEquals(x != x || y != y || (max ? x > y : x < y), fullA[o]);
            assertEquals(x != x || y != y || (max ? y > x : y < x), fullB[o]);
        }
    }
}
