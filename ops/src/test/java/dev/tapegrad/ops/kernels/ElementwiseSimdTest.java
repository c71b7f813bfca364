package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Property(tries = 60)
    void negAndAbsMatchScalar(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
        float[] x = floats(new SplittableRandom(seed), n);
        float[] neg = new float[n + 1];
        float[] abs = new float[n + 1];
        ElementwiseSimdFloat.neg(x, 0, neg, 1, n);
        ElementwiseSimdFloat.abs(x, 0, abs, 1, n);
        double[] negD = new double[n + 1];
        double[] absD = new double[n + 1];
        ElementwiseSimdDouble.neg(doubles(x), 0, negD, 1, n);
        ElementwiseSimdDouble.abs(doubles(x), 0, absD, 1, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(-x[i]), Float.floatToRawIntBits(neg[i + 1]), "neg " + x[i]);
            assertEquals(Float.floatToRawIntBits(Math.abs(x[i])), Float.floatToRawIntBits(abs[i + 1]), "abs " + x[i]);
            assertEquals(Double.doubleToRawLongBits(-(double) x[i]), Double.doubleToRawLongBits(negD[i + 1]));
            assertEquals(Double.doubleToRawLongBits(Math.abs((double) x[i])), Double.doubleToRawLongBits(absD[i + 1]));
        }
    }

    /** The boxes of rows copied and filled in one call: every element of the box, nothing between its rows. */
    @Property(tries = 60)
    void copyAndFillRowsMatchTheRowLoops(@ForAll @IntRange(min = 0, max = 70) int n,
                                         @ForAll @IntRange(min = 0, max = 5) int rows, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int pr = n + rng.nextInt(4);
        int qr = n + rng.nextInt(4);
        float[] src = floats(rng, 2 + rows * pr + n);
        float[] copied = new float[1 + rows * qr + n];
        float[] filled = new float[copied.length];
        float[] want = new float[copied.length];
        float[] wantFill = new float[copied.length];
        ElementwiseSimdFloat.copyRows(src, 2, pr, copied, 1, qr, rows, n);
        ElementwiseSimdFloat.fillRows(-3.5f, filled, 1, qr, rows, n);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                want[1 + r * qr + i] = src[2 + r * pr + i];
                wantFill[1 + r * qr + i] = -3.5f;
            }
        }
        assertArrayEquals(want, copied);
        assertArrayEquals(wantFill, filled);
        double[] copiedD = new double[copied.length];
        ElementwiseSimdDouble.copyRows(doubles(src), 2, pr, copiedD, 1, qr, rows, n);
        assertArrayEquals(doubles(want), copiedD);
    }
}
