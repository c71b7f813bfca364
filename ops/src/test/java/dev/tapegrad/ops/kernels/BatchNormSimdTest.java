package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Batch normalisation's SIMD row reductions against their scalar references (all in double): at every length
 * around the lane count, past one float block ({@link Reduce#BLOCK}), at an offset, with a mean far from zero.
 * FLOAT32 sums lanes in float, so it agrees to a few float ulps of the sum of the terms' magnitudes.
 */
class BatchNormSimdTest {
    private static final int LANES = 16;

    private static float[] floats(SplittableRandom rng, int n, double centre) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (centre + rng.nextGaussian());
        }
        return a;
    }

    /** Σ |g·(x - m)|, the scale of the rounding of a sum of these terms. */
    private static double magnitude(float[] g, float[] x, int p, int n, double m) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(g[p + i] * (x[p + i] - m));
        }
        return s;
    }

    private static void check(int n, long seed, double centre) {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        SplittableRandom rng = new SplittableRandom(seed);
        int p = rng.nextInt(3);
        float[] x = floats(rng, p + n, centre);
        float[] g = floats(rng, p + n, 0);
        double m = centre + 0.01 * rng.nextGaussian();
        String at = "n=" + n + " p=" + p + " seed=" + seed;

        double squares = BatchNormKernelsFloat.centredSquaresScalar(x, p, n, m);
        assertEquals(squares, BatchNormSimd.centredSquares(x, p, n, m), 1e-6 * squares + 1e-30, at);
        double dot = BatchNormKernelsFloat.centredDotScalar(g, x, p, n, m);
        assertEquals(dot, BatchNormSimd.centredDot(g, x, p, n, m), 1e-6 * magnitude(g, x, p, n, m) + 1e-30, at);

        double[] xd = doubles(x);
        double[] gd = doubles(g);
        double squaresD = BatchNormKernelsDouble.centredSquaresScalar(xd, p, n, m);
        assertEquals(squaresD, BatchNormSimd.centredSquares(xd, p, n, m), 1e-14 * squaresD + 1e-300, at);
        double dotD = BatchNormKernelsDouble.centredDotScalar(gd, xd, p, n, m);
        assertEquals(dotD, BatchNormSimd.centredDot(gd, xd, p, n, m), 1e-14 * magnitude(g, x, p, n, m) + 1e-300, at);
    }

    @Test
    void lengthsAroundTheLanesAndABlock() {
        int[] lengths = {0, 1, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 49, 196, 784,
            Reduce.BLOCK - 1, Reduce.BLOCK, Reduce.BLOCK + 1, 2 * Reduce.BLOCK + LANES + 5};
        for (int n : lengths) {
            check(n, n, 0);
            check(n, n + 1, 40);
        }
    }

    @Property(tries = 60)
    void randomRows(@ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
        check(n, seed, (seed & 7) - 3.5);
    }
}
