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
 * The FLOAT32 layer-norm SIMD loops against their scalar references at row lengths around the lane count.
 * {@link LayerNormSimdDoubleTest} is generated from this file for FLOAT64.
 */
class LayerNormSimdFloatTest {

    private static float[] values(SplittableRandom rng, int n, double offset) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (offset + rng.nextGaussian());
        }
        return a;
    }

    /**
     * Element-wise closeness relative to the largest magnitude in the element's row, or to the row's
     * gradient's error scale when larger: the two loops round differently, and a row of nearly equal values (n = 2
     * above all) makes the input gradient a difference of large terms (|g·w| / σ each) computed from x - mean, whose
     * rounding is relative to |x| / σ, so an element's own size says nothing about its rounding error. {@code terms}
     * holds each row's scale, 0 for the forward.
     */
    private static void close(float[] expected, float[] actual, int n, double[] terms, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, terms[i / n]);
            for (int j = i - i % n; j < i - i % n + n; j++) {
                scale = Math.max(scale, Math.abs(expected[j]));
            }
            assertEquals(expected[i], actual[i], tol * scale, what + " element " + i);
        }
    }

    /**
     * Each row's input-gradient error scale, in double: its largest term max |g·w| / σ times the conditioning of
     * x - mean, max(1, max |x| / σ), where σ = sqrt(var + eps).
     */
    private static double[] gradientTerms(float[] x, float[] g, float[] w, int rows, int n, double eps) {
        double[] terms = new double[rows];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int j = 0; j < n; j++) {
                mean += x[r * n + j];
            }
            mean /= n;
            double var = 0;
            double gw = 0;
            double xMax = 0;
            for (int j = 0; j < n; j++) {
                double d = x[r * n + j] - mean;
                var += d * d;
                gw = Math.max(gw, Math.abs(g[r * n + j] * (w == null ? 1.0 : w[j])));
                xMax = Math.max(xMax, Math.abs(x[r * n + j]));
            }
            double sigma = Math.sqrt(var / n + eps);
            terms[r] = gw / sigma * Math.max(1, xMax / sigma);
        }
        return terms;
    }

    private static void compare(int rows, int n, boolean affine, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = values(rng, rows * n, 3.0);
        float[] g = values(rng, rows * n, 0.0);
        float[] w = affine ? values(rng, n, 1.0) : null;
        float[] b = affine ? values(rng, n, 0.0) : null;
        float[] simd = new float[rows * n];
        float[] scalar = new float[rows * n];
        LayerNormSimdFloat.forward(x, w, b, rows, n, 1e-5, simd);
        LayerNormKernelsFloat.forwardScalar(x, w, b, rows, n, 1e-5, scalar);
        close(scalar, simd, n, new double[rows], 1e-5, "forward rows " + rows + " n " + n);
        LayerNormSimdFloat.backwardInput(g, x, w, rows, n, 1e-5, simd);
        LayerNormKernelsFloat.backwardInputScalar(g, x, w, rows, n, 1e-5, scalar);
        close(scalar, simd, n, gradientTerms(x, g, w, rows, n, 1e-5), 1e-4, "backwardInput rows " + rows + " n "
                + n);
        double[] accSimd = new double[2 * n];
        double[] accScalar = new double[2 * n];
        LayerNormSimdFloat.paramGrads(g, x, rows, n, 1e-5, accSimd);
        LayerNormKernelsFloat.paramGradsScalar(g, x, rows, n, 1e-5, accScalar);
        for (int j = 0; j < 2 * n; j++) {
            assertEquals(accScalar[j], accSimd[j], 1e-4 * Math.max(1, Math.abs(accScalar[j])), "paramGrads " + j);
        }
    }

    @Test
    void rowLengthsAroundTheLaneCount() {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (int n : new int[] {1, lanes - 1, lanes, lanes + 1, 4 * lanes}) {
            compare(3, n, true, n);
            compare(2, n, false, n + 100);
        }
        compare(0, lanes, true, 1);
    }

    @Property(tries = 40)
    void drawnShapes(@ForAll @IntRange(min = 0, max = 5) int rows, @ForAll @IntRange(min = 1, max = 70) int n,
                     @ForAll boolean affine, @ForAll long seed) {
        compare(rows, n, affine, seed);
    }
}
