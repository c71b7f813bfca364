package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The FLOAT32 GELU kernels: SIMD against the scalar reference, bit for bit, at every tail length (sizes 0, 1,
 * L-1, L, L+1 and drawn ones), the float exponential against Math.exp, and the float algorithm against the
 * double one from the far negative tail to 8.
 */
class GeluKernelsTest {
    private static final float[] SPECIAL = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        30f, -30f, -12f, 1e-20f, -1e-20f};

    private static float[] values(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(6) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) (4 * rng.nextGaussian());
        }
        return a;
    }

    /** The same float, NaNs of any payload counting as one. */
    private static void assertSameBits(float expected, float actual, String what) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                what + ": scalar " + expected + ", SIMD " + actual);
    }

    private static void compare(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = values(rng, n);
        float[] g = values(rng, n);
        float[] simd = new float[n];
        float[] scalar = new float[n];
        GeluSimd.forward(x, simd, 0, n);
        GeluKernels.forwardScalar(x, scalar, 0, n);
        for (int i = 0; i < n; i++) {
            assertSameBits(scalar[i], simd[i], "gelu(" + x[i] + ") at " + i + " of " + n);
        }
        GeluSimd.backward(g, x, simd, 0, n);
        GeluKernels.backwardScalar(g, x, scalar, 0, n);
        for (int i = 0; i < n; i++) {
            assertSameBits(scalar[i], simd[i], "gelu'(" + x[i] + ")·" + g[i] + " at " + i + " of " + n);
        }
    }

    @Test
    void simdMatchesScalarAtTheLaneBoundaries() {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (int n : new int[] {0, 1, lanes - 1, lanes, lanes + 1, 2 * lanes + 3}) {
            compare(n, 17 + n);
        }
    }

    @Property(tries = 60)
    void simdMatchesScalar(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
        compare(n, seed);
    }

    /** The public entry points split big arrays over the threads: still the scalar reference's bits. */
    @Test
    void threadedCallsMatchTheScalarReference() {
        int n = 3 * GeluKernels.MIN_CHUNK + 5;
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = values(rng, n);
        float[] g = values(rng, n);
        float[] got = new float[n];
        float[] want = new float[n];
        GeluKernels.forward(x, got);
        GeluKernels.forwardScalar(x, want, 0, n);
        for (int i = 0; i < n; i++) {
            assertSameBits(want[i], got[i], "gelu(" + x[i] + ") at " + i);
        }
        GeluKernels.backward(g, x, got);
        GeluKernels.backwardScalar(g, x, want, 0, n);
        for (int i = 0; i < n; i++) {
            assertSameBits(want[i], got[i], "gelu'(" + x[i] + ")·" + g[i] + " at " + i);
        }
    }

    @Test
    void floatExpIsWithinTwoUlps() {
        for (double xd = -110; xd <= 88; xd += 0.00731) {
            float x = (float) xd;
            float want = (float) Math.exp(x);
            float got = GeluKernels.exp(x);
            if (want < Float.MIN_NORMAL) {
                assertEquals(want, got, 2 * Float.MIN_VALUE, "exp(" + x + "), subnormal");
            } else {
                assertEquals(want, got, 2 * Math.ulp(want), "exp(" + x + ")");
            }
        }
        assertEquals(1f, GeluKernels.exp(0f));
        assertEquals(0f, GeluKernels.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(GeluKernels.exp(Float.NaN)));
    }

    @Test
    void floatAlgorithmMatchesTheDoubleOne() {
        for (double xd = -12; xd <= 8; xd += 0.0137) {
            float x = (float) xd;
            double e = Math.exp(-0.5 * (double) x * x);
            double cdf = Erf.normalCdf(x);
            float got = GeluKernels.cdfScalar(x);
            // the fit's 1.2e-7, then rounding x² costs x²/2 float ulps in the exponential
            double rel = 3e-7 * (1 + 0.5 * x * x);
            assertEquals(cdf, got, rel * cdf, "Φ(" + x + ") relative to itself, tail included (results stay normal floats down to -12)");
            double slope = cdf + x * e * 0.3989422804014327;
            float[] dx = new float[1];
            GeluKernels.backwardScalar(new float[] {1f}, new float[] {x}, dx, 0, 1);
            assertEquals(slope, dx[0], 2 * rel * Math.abs(slope) + 1e-6 * e, "gelu'(" + x + ")");
        }
    }
}
