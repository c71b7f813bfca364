package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The SIMD pointwise kernels against their scalar references, bit for bit, at every tail length. */
class ElementwiseSimdTest {
    private static final float[] SPECIAL = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE};

    private static float[] floats(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(5) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
        }
        return a;
    }

    @Property(tries = 60)
    void reluMatchesScalar(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        float[] x = floats(new SplittableRandom(seed), n);
        float[] simd = new float[n];
        float[] scalar = new float[n];
        ElementwiseSimdFloat.relu(x, 0, simd, 0, n);
        ElementwiseFloat.reluScalar(x, 0, scalar, 0, n);
        assertArrayEquals(scalar, simd);
        double[] xd = doubles(x);
        double[] simdD = new double[n];
        double[] scalarD = new double[n];
        ElementwiseSimdDouble.relu(xd, 0, simdD, 0, n);
        ElementwiseDouble.reluScalar(xd, 0, scalarD, 0, n);
        assertArrayEquals(scalarD, simdD);
    }

    @Property(tries = 60)
    void maskPositiveMatchesScalar(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] g = floats(rng, n);
        float[] y = floats(rng, n);
        float[] simd = new float[n];
        float[] scalar = new float[n];
        ElementwiseSimdFloat.maskPositive(g, 0, y, 0, simd, 0, n);
        ElementwiseFloat.maskPositiveScalar(g, 0, y, 0, scalar, 0, n);
        assertArrayEquals(scalar, simd);
        double[] simdD = new double[n];
        double[] scalarD = new double[n];
        ElementwiseSimdDouble.maskPositive(doubles(g), 0, doubles(y), 0, simdD, 0, n);
        ElementwiseDouble.maskPositiveScalar(doubles(g), 0, doubles(y), 0, scalarD, 0, n);
        assertArrayEquals(scalarD, simdD);
    }

    @Property(tries = 20)
    void reluScalarIsPyTorchs(@ForAll long seed) {
        float[] x = floats(new SplittableRandom(seed), 33);
        float[] out = new float[x.length];
        ElementwiseFloat.reluScalar(x, 0, out, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            float expected = Float.isNaN(x[i]) ? Float.NaN : x[i] > 0 ? x[i] : 0f;
            assertTrue(Float.compare(expected, out[i]) == 0, "relu(" + x[i] + ") = " + out[i]);
        }
    }

    @Property(tries = 60)
    void inRangeMatchesScalar(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = floats(rng, n);
        float lo = rng.nextInt(4) == 0 ? Float.NEGATIVE_INFINITY : (float) rng.nextGaussian();
        float hi = rng.nextInt(4) == 0 ? Float.NaN : (float) rng.nextGaussian();
        float[] simd = new float[n];
        float[] scalar = new float[n];
        ElementwiseSimdFloat.inRange(x, 0, lo, hi, simd, 0, n);
        ElementwiseFloat.inRangeScalar(x, 0, lo, hi, scalar, 0, n);
        assertArrayEquals(scalar, simd);
        for (int i = 0; i < n; i++) {
            assertTrue(scalar[i] == (x[i] >= lo && x[i] <= hi ? 1f : 0f), "inRange(" + x[i] + ", " + lo + ", " + hi + ")");
        }
        double[] simdD = new double[n];
        double[] scalarD = new double[n];
        ElementwiseSimdDouble.inRange(doubles(x), 0, lo, hi, simdD, 0, n);
        ElementwiseDouble.inRangeScalar(doubles(x), 0, lo, hi, scalarD, 0, n);
        assertArrayEquals(scalarD, simdD);
    }
}
