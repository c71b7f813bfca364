package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ConvDouble;
import dev.tapegrad.ops.kernels.ConvFloat;
import dev.tapegrad.ops.kernels.ConvGeometry;
import dev.tapegrad.ops.kernels.ConvMethod;
import dev.tapegrad.ops.kernels.Kernels;
import dev.tapegrad.ops.kernels.Parallel;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The WINOGRAD4 convolution method (F(4×4, 3×3)) against the float64 direct loops of {@link ConvReference}
 * (weight gradient: against the float64 GEMM method): forward, input gradient and weight gradient, FLOAT64 tight
 * and FLOAT32 within a tolerance over drawn shapes (odd sizes, planes smaller than a tile, padding 0 to 3, so
 * negative padding in the input gradient); its FLOAT32 error at layer sizes against the conformance tolerance;
 * thread independence; and where the choice of method takes it.
 */
class Winograd4Test {
    private static final int[] ONE = {1, 1};

    /** Conformance tolerance of FLOAT32 results against float64 references (rtol; atol as small). */
    private static final double FLOAT32_RTOL = 2e-3;

    private static ConvGeometry geometry(int n, int cin, int h, int w, int cout, int p) {
        return new ConvGeometry(n, cin, h, w, cout, h + 2 * p - 2, w + 2 * p - 2, 3, 3, 1, 1, p, p, 1, 1, 1);
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, "size of " + what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * (1 + Math.abs(expected[i])), "element " + i + " of " + what);
        }
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    @Property(tries = 150)
    void matchesReference(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 5) int cin,
                          @ForAll @IntRange(min = 1, max = 5) int cout, @ForAll @IntRange(min = 1, max = 14) int h,
                          @ForAll @IntRange(min = 1, max = 14) int w, @ForAll @IntRange(min = 0, max = 3) int p,
                          @ForAll boolean bias, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        if (h + 2 * p < 3 || w + 2 * p < 3) {
            return;
        }
        String what = "n=" + n + " cin=" + cin + " cout=" + cout + " hw=" + h + "x" + w + " p=" + p + " bias=" + bias;
        ConvGeometry g = geometry(n, cin, h, w, cout, p);
        Tensor x = Tensor.randn(seed, DType.FLOAT64, n, cin, h, w);
        Tensor wt = Tensor.randn(seed + 1, DType.FLOAT64, cout, cin, 3, 3);
        Tensor b = bias ? Tensor.randn(seed + 2, DType.FLOAT64, cout) : null;
        Tensor gy = Tensor.randn(seed + 3, DType.FLOAT64, n, cout, g.outH(), g.outW());
        int[] pad = {p, p};
        double[] y = ConvReference.conv2d(x, wt, b, ONE, pad, ONE, 1).toDoubleArray();
        double[] gx = ConvReference.convTranspose2d(gy, wt, null, ONE, pad, new int[] {0, 0}, ONE, 1).toDoubleArray();

        double[] yd = new double[y.length];
        Arrays.fill(yd, Double.NaN);
        ConvDouble.forward(ConvMethod.WINOGRAD4, g, x.toDoubleArray(), wt.toDoubleArray(),
                bias ? b.toDoubleArray() : null, yd);
        assertClose(y, yd, 1e-12, "FLOAT64 forward " + what);
        double[] gxd = new double[gx.length];
        Arrays.fill(gxd, Double.NaN);
        ConvDouble.backwardData(ConvMethod.WINOGRAD4, g, gy.toDoubleArray(), wt.toDoubleArray(), gxd);
        assertClose(gx, gxd, 1e-12, "FLOAT64 input gradient " + what);

        // the points ±2 amplify rounding: up to 9.4e-5 seen over 20,000 draws, where GEMM and WINOGRAD meet 1e-5
        float[] yf = new float[y.length];
        Arrays.fill(yf, Float.NaN);
        ConvFloat.forward(ConvMethod.WINOGRAD4, g, x.toFloatArray(), wt.toFloatArray(), bias ? b.toFloatArray() : null,
                yf);
        assertClose(y, widen(yf), 2e-4, "FLOAT32 forward " + what);
        float[] gxf = new float[gx.length];
        Arrays.fill(gxf, Float.NaN);
        ConvFloat.backwardData(ConvMethod.WINOGRAD4, g, gy.toFloatArray(), wt.toFloatArray(), gxf);
        assertClose(gx, widen(gxf), 2e-4, "FLOAT32 input gradient " + what);

        double[] gw = new double[wt.numel()];
        ConvDouble.backwardWeight(ConvMethod.GEMM, g, x.toDoubleArray(), gy.toDoubleArray(), gw);
        double[] gwd = new double[gw.length];
        Arrays.fill(gwd, Double.NaN);
        ConvDouble.backwardWeight(ConvMethod.WINOGRAD4, g, x.toDoubleArray(), gy.toDoubleArray(), gwd);
        assertClose(gw, gwd, 1e-12, "FLOAT64 weight gradient " + what);
        float[] gwf = new float[gw.length];
        Arrays.fill(gwf, Float.NaN);
        ConvFloat.backwardWeight(ConvMethod.WINOGRAD4, g, x.toFloatArray(), gy.toFloatArray(), gwf);
        // a sum over every output pixel that may cancel to far below its terms, as WINOGRAD's 1e-4, and ±2
        assertClose(gw, widen(gwf), 5e-4, "FLOAT32 weight gradient " + what);
    }

    /** Max over elements of |a - e| / (|e| + mean |e|): relative error, floored at the typical magnitude. */
    private static double relativeError(double[] e, double[] a) {
        double mean = 0;
        for (double v : e) {
            mean += Math.abs(v) / e.length;
        }
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(a[i] - e[i]) / (Math.abs(e[i]) + mean));
        }
        return max;
    }

    /** Max of |a - e| / |e| over the elements above 1% of the largest |e|. */
    private static double elementError(double[] e, double[] a) {
        double largest = 0;
        for (double v : e) {
            largest = Math.max(largest, Math.abs(v));
        }
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(e[i]) > largest / 100) {
                max = Math.max(max, Math.abs(a[i] - e[i]) / Math.abs(e[i]));
            }
        }
        return max;
    }

    private static double[] normal(SplittableRandom rng, int n, double std) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (std * rng.nextGaussian());
        }
        return a;
    }

    private static float[] narrow(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    /**
     * The FLOAT32 weight gradient at layer sizes stays 20 times below the conformance tolerance in the floored
     * metric and 4 times below it element by element, and its error does not grow with the batch: each slice of
     * tiles is summed in FLOAT32, the slices in double (measured, 64 channels: 14×14 batch 2 1.2e-5 / 1.0e-4,
     * batch 24 (two slices) 2.4e-5 / 2.5e-4; 28×28 batch 8 (two slices) 2.6e-5 / 3.5e-4; GEMM 1.4e-6 / 1.8e-5,
     * 4.4e-6 / 6.8e-5, 5.1e-6 / 7.6e-5).
     */
    @Test
    void float32WeightGradientErrorAtLayerSizes() {
        SplittableRandom rng = new SplittableRandom(12);
        for (int[] shape : new int[][] {{2, 64, 14, 64}, {24, 64, 14, 64}, {8, 64, 28, 64}}) {
            int n = shape[0];
            int c = shape[1];
            int hw = shape[2];
            int o = shape[3];
            ConvGeometry g = geometry(n, c, hw, hw, o, 1);
            double[] x = normal(rng, n * c * hw * hw, 1);
            double[] gy = normal(rng, n * o * hw * hw, 1);
            double[] gw = new double[o * c * 9];
            ConvDouble.backwardWeight(ConvMethod.GEMM, g, x, gy, gw);
            float[] gwf = new float[gw.length];
            ConvFloat.backwardWeight(ConvMethod.WINOGRAD4, g, narrow(x), narrow(gy), gwf);
            double floored = relativeError(gw, widen(gwf));
            double element = elementError(gw, widen(gwf));
            String what = n + "×" + c + "→" + o + " at " + hw + "×" + hw + ": " + floored + " / " + element;
            assertTrue(floored < FLOAT32_RTOL / 20, what);
            assertTrue(element < FLOAT32_RTOL / 4, what);
        }
    }

    /**
     * At layer sizes up to {@code WINOGRAD4_MAX_CHANNELS} (N(0, 1) inputs and gradients, kaiming-normal weights)
     * FLOAT32 F(4×4) stays 20 times below the conformance tolerance in the floored metric and 2 times below it
     * element by element (measured: 64 channels 1.8e-5 / 2.3e-5 and 2.1e-4 / 3.1e-4, 256 channels 4.8e-5 / 5.3e-5
     * and 5.5e-4 / 7.4e-4, forward / input gradient).
     */
    @Test
    void float32ErrorAtLayerSizes() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int[] shape : new int[][] {{2, 64, 14}, {1, 256, 14}}) {
            int n = shape[0];
            int c = shape[1];
            int hw = shape[2];
            ConvGeometry g = geometry(n, c, hw, hw, c, 1);
            double[] x = normal(rng, n * c * hw * hw, 1);
            double[] w = normal(rng, c * c * 9, Math.sqrt(2.0 / (9 * c)));
            double[] gy = normal(rng, n * c * hw * hw, 1);
            double[] y = new double[gy.length];
            ConvDouble.forward(ConvMethod.GEMM, g, x, w, null, y);
            double[] gx = new double[x.length];
            ConvDouble.backwardData(ConvMethod.GEMM, g, gy, w, gx);
            float[] yf = new float[y.length];
            ConvFloat.forward(ConvMethod.WINOGRAD4, g, narrow(x), narrow(w), null, yf);
            float[] gxf = new float[gx.length];
            ConvFloat.backwardData(ConvMethod.WINOGRAD4, g, narrow(gy), narrow(w), gxf);
            String what = c + " channels: forward " + relativeError(y, widen(yf)) + " / " + elementError(y, widen(yf))
                    + ", input gradient " + relativeError(gx, widen(gxf)) + " / " + elementError(gx, widen(gxf));
            assertTrue(relativeError(y, widen(yf)) < FLOAT32_RTOL / 20, what);
            assertTrue(relativeError(gx, widen(gxf)) < FLOAT32_RTOL / 20, what);
            assertTrue(elementError(y, widen(yf)) < FLOAT32_RTOL / 2, what);
            assertTrue(elementError(gx, widen(gxf)) < FLOAT32_RTOL / 2, what);
        }
    }

    /**
     * Bit-identical on 1 and 2 threads: batch split over threads, and an odd batch on the caller alone; the
     * weight gradient's positions split over threads.
     */
    @Test
    void sameOnOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            for (int n : new int[] {4, 3, 1}) {
                ConvGeometry g = geometry(n, 24, 11, 13, 20, 1);
                float[] x = Tensor.randn(n, DType.FLOAT32, n, 24, 11, 13).toFloatArray();
                float[] w = Tensor.randn(n + 1, DType.FLOAT32, 20, 24, 3, 3).toFloatArray();
                float[] b = Tensor.randn(n + 3, DType.FLOAT32, 20).toFloatArray();
                float[] gy = Tensor.randn(n + 2, DType.FLOAT32, n, 20, 11, 13).toFloatArray();
                float[][] out = new float[6][];
                for (int t = 1; t <= 2; t++) {
                    Parallel.setThreads(t);
                    float[] y = new float[gy.length];
                    ConvFloat.forward(ConvMethod.WINOGRAD4, g, x, w, b, y);
                    float[] gx = new float[x.length];
                    ConvFloat.backwardData(ConvMethod.WINOGRAD4, g, gy, w, gx);
                    float[] gw = new float[w.length];
                    ConvFloat.backwardWeight(ConvMethod.WINOGRAD4, g, x, gy, gw);
                    out[3 * (t - 1)] = y;
                    out[3 * (t - 1) + 1] = gx;
                    out[3 * (t - 1) + 2] = gw;
                }
                assertArrayEquals(out[0], out[3], "forward, batch " + n);
                assertArrayEquals(out[1], out[4], "input gradient, batch " + n);
                assertArrayEquals(out[2], out[5], "weight gradient, batch " + n);
            }
            // a weight gradient of several chunks, each of several slices of tiles
            ConvGeometry g = geometry(40, 8, 19, 17, 6, 1);
            float[] x = Tensor.randn(7, DType.FLOAT32, 40, 8, 19, 17).toFloatArray();
            float[] gy = Tensor.randn(8, DType.FLOAT32, 40, 6, 19, 17).toFloatArray();
            float[][] gw = new float[2][];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                gw[t - 1] = new float[6 * 8 * 9];
                ConvFloat.backwardWeight(ConvMethod.WINOGRAD4, g, x, gy, gw[t - 1]);
            }
            assertArrayEquals(gw[0], gw[1], "weight gradient of 40 images");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * WINOGRAD4 for the forward, input gradient and weight gradient of 3×3 stride-1 layers from 48 to 256 channels
     * with planes of at least 3×3; WINOGRAD beyond 256 channels (in or out), for planes of 1 or 2 rows or columns
     * and for the weight gradient of narrower layers.
     */
    @Test
    void chosenForMidWidthLayers() {
        ConvGeometry resnet = geometry(8, 64, 56, 56, 64, 1);
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.choose(resnet));
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.chooseWeightGradient(resnet));
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.choose(geometry(32, 64, 16, 16, 128, 1)));
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.chooseWeightGradient(geometry(32, 64, 16, 16, 128, 1)));
        assertEquals(ConvMethod.WINOGRAD, ConvMethod.chooseWeightGradient(geometry(8, 256, 14, 14, 512, 1)));
        assertEquals(ConvMethod.WINOGRAD, ConvMethod.chooseWeightGradient(geometry(8, 64, 2, 9, 64, 1)));
        // with the Vector API through the channels-last tiles (whole vectors of channels), ahead of GEMM's phase
        // planes; without it the weight gradient follows the forward's WINOGRAD4 (from ConvMethod.WINOGRAD4_MIN_CHANNELS)
        ConvGeometry narrow = geometry(64, 32, 14, 14, 32, 1);
        assertEquals(Kernels.simd() && !ConvMethod.winograd4ChannelsLast(narrow) ? ConvMethod.GEMM
                : ConvMethod.WINOGRAD4, ConvMethod.chooseWeightGradient(narrow));
        ConvGeometry narrower = geometry(64, 16, 28, 28, 16, 1);
        assertEquals(ConvMethod.winograd4ChannelsLast(narrower) ? ConvMethod.WINOGRAD4 : ConvMethod.GEMM,
                ConvMethod.chooseWeightGradient(narrower));
        assertEquals(Kernels.simd() ? ConvMethod.GEMM : ConvMethod.WINOGRAD,
                ConvMethod.chooseWeightGradient(geometry(64, 24, 28, 28, 24, 1)));
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.choose(geometry(64, 64, 7, 7, 64, 1)));
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.choose(geometry(8, 256, 14, 14, 256, 1)));
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.choose(geometry(8, 48, 3, 3, 48, 1)));
        assertEquals(ConvMethod.WINOGRAD, ConvMethod.choose(geometry(8, 256, 14, 14, 512, 1)));
        assertEquals(ConvMethod.WINOGRAD, ConvMethod.choose(geometry(8, 512, 7, 7, 256, 1)));
        assertEquals(ConvMethod.WINOGRAD, ConvMethod.choose(geometry(8, 64, 2, 9, 64, 1)));
        assertEquals(ConvMethod.WINOGRAD, ConvMethod.choose(geometry(8, 64, 4, 4, 64, 0)));
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.choose(geometry(64, 32, 14, 14, 32, 1)));
    }
}
