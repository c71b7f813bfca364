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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The WINOGRAD convolution method (F(2×2, 3×3)) against the float64 direct loops of {@link ConvReference}
 * and against the GEMM method: forward, input gradient and weight gradient, FLOAT64 tight and FLOAT32 within the
 * conformance tolerance, over drawn shapes (odd sizes, planes smaller than a tile, padding 0 to 3).
 */
class WinogradTest {
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
    void matchesReferenceAndGemm(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 5) int cin,
                                 @ForAll @IntRange(min = 1, max = 5) int cout, @ForAll @IntRange(min = 1, max = 9) int h,
                                 @ForAll @IntRange(min = 1, max = 9) int w, @ForAll @IntRange(min = 0, max = 3) int p,
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
        ConvDouble.forward(ConvMethod.WINOGRAD, g, x.toDoubleArray(), wt.toDoubleArray(), bias ? b.toDoubleArray() : null,
                yd);
        assertClose(y, yd, 1e-12, "FLOAT64 forward " + what);
        double[] gxd = new double[gx.length];
        Arrays.fill(gxd, Double.NaN);
        ConvDouble.backwardData(ConvMethod.WINOGRAD, g, gy.toDoubleArray(), wt.toDoubleArray(), gxd);
        assertClose(gx, gxd, 1e-12, "FLOAT64 input gradient " + what);

        float[] yf = new float[y.length];
        float[] bf = bias ? b.toFloatArray() : null;
        ConvFloat.forward(ConvMethod.WINOGRAD, g, x.toFloatArray(), wt.toFloatArray(), bf, yf);
        assertClose(y, widen(yf), 1e-5, "FLOAT32 forward " + what);
        float[] gxf = new float[gx.length];
        Arrays.fill(gxf, Float.NaN);
        ConvFloat.backwardData(ConvMethod.WINOGRAD, g, gy.toFloatArray(), wt.toFloatArray(), gxf);
        assertClose(gx, widen(gxf), 1e-5, "FLOAT32 input gradient " + what);

        double[] gw = new double[wt.numel()];
        ConvDouble.backwardWeight(ConvMethod.GEMM, g, x.toDoubleArray(), gy.toDoubleArray(), gw);
        double[] gwd = new double[gw.length];
        Arrays.fill(gwd, Double.NaN);
        ConvDouble.backwardWeight(ConvMethod.WINOGRAD, g, x.toDoubleArray(), gy.toDoubleArray(), gwd);
        assertClose(gw, gwd, 1e-12, "FLOAT64 weight gradient " + what);
        float[] gwf = new float[gw.length];
        Arrays.fill(gwf, Float.NaN);
        ConvFloat.backwardWeight(ConvMethod.WINOGRAD, g, x.toFloatArray(), gy.toFloatArray(), gwf);
        // a sum over every output pixel of the batch, which may cancel to far below its terms: looser
        assertClose(gw, widen(gwf), 1e-4, "FLOAT32 weight gradient " + what);

        float[] yg = new float[y.length];
        ConvFloat.forward(ConvMethod.GEMM, g, x.toFloatArray(), wt.toFloatArray(), bf, yg);
        assertClose(widen(yg), widen(yf), 1e-5, "FLOAT32 forward against GEMM " + what);
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

    /**
     * At a layer's size (64 channels in and out, as in the small ResNet) FLOAT32 Winograd stays within the
     * conformance tolerance of the float64 result with a margin of 100 (measured in this metric, forward, input
     * and weight gradient: Winograd 1.4e-6, 1.4e-6, 1.9e-6; GEMM 2.0e-6, 0.8e-6, 1.3e-6).
     */
    @Test
    void float32ErrorAtLayerSize() {
        ConvGeometry g = geometry(2, 64, 14, 14, 64, 1);
        Tensor x = Tensor.randn(5, DType.FLOAT64, 2, 64, 14, 14);
        Tensor wt = Tensor.randn(6, DType.FLOAT64, 64, 64, 3, 3);
        Tensor gy = Tensor.randn(7, DType.FLOAT64, 2, 64, 14, 14);
        double[] y = new double[g.batch() * g.outChannels() * g.outPlane()];
        ConvDouble.forward(ConvMethod.GEMM, g, x.toDoubleArray(), wt.toDoubleArray(), null, y);
        double[] gx = new double[x.numel()];
        ConvDouble.backwardData(ConvMethod.GEMM, g, gy.toDoubleArray(), wt.toDoubleArray(), gx);
        double[] gw = new double[wt.numel()];
        ConvDouble.backwardWeight(ConvMethod.GEMM, g, x.toDoubleArray(), gy.toDoubleArray(), gw);
        for (ConvMethod m : new ConvMethod[] {ConvMethod.WINOGRAD, ConvMethod.GEMM}) {
            float[] yf = new float[y.length];
            ConvFloat.forward(m, g, x.toFloatArray(), wt.toFloatArray(), null, yf);
            float[] gxf = new float[gx.length];
            ConvFloat.backwardData(m, g, gy.toFloatArray(), wt.toFloatArray(), gxf);
            float[] gwf = new float[gw.length];
            ConvFloat.backwardWeight(m, g, x.toFloatArray(), gy.toFloatArray(), gwf);
            double ey = relativeError(y, widen(yf));
            double ex = relativeError(gx, widen(gxf));
            double ew = relativeError(gw, widen(gwf));
            assertTrue(ey < FLOAT32_RTOL / 100 && ex < FLOAT32_RTOL / 100 && ew < FLOAT32_RTOL / 100,
                    m + " forward " + ey + " input gradient " + ex + " weight gradient " + ew);
        }
    }

    /** Bit-identical on 1 and 2 threads: batch split over threads, and an odd batch on the caller alone. */
    @Test
    void sameOnOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            for (int n : new int[] {4, 3, 1}) {
                ConvGeometry g = geometry(n, 24, 11, 13, 20, 1);
                float[] x = Tensor.randn(n, DType.FLOAT32, n, 24, 11, 13).toFloatArray();
                float[] w = Tensor.randn(n + 1, DType.FLOAT32, 20, 24, 3, 3).toFloatArray();
                float[] gy = Tensor.randn(n + 2, DType.FLOAT32, n, 20, 11, 13).toFloatArray();
                float[][] out = new float[6][];
                for (int t = 1; t <= 2; t++) {
                    Parallel.setThreads(t);
                    float[] y = new float[gy.length];
                    ConvFloat.forward(ConvMethod.WINOGRAD, g, x, w, null, y);
                    float[] gx = new float[x.length];
                    ConvFloat.backwardData(ConvMethod.WINOGRAD, g, gy, w, gx);
                    float[] gw = new float[w.length];
                    ConvFloat.backwardWeight(ConvMethod.WINOGRAD, g, x, gy, gw);
                    out[3 * (t - 1)] = y;
                    out[3 * (t - 1) + 1] = gx;
                    out[3 * (t - 1) + 2] = gw;
                }
                assertArrayEquals(out[0], out[3], "forward, batch " + n);
                assertArrayEquals(out[1], out[4], "input gradient, batch " + n);
                assertArrayEquals(out[2], out[5], "weight gradient, batch " + n);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * The per-shape choice: Winograd for 3×3 stride-1 layers with many channels (from 24 for the weight
     * gradient; F(4×4) up to 256 channels, see {@link Winograd4Test}), never elsewhere; GEMM for strided layers and 1×1 weight gradients unless depthwise.
     */
    @Test
    void chosenFor3x3UnitStrideWithManyChannels() {
        ConvGeometry resnet = geometry(8, 64, 56, 56, 64, 1);
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.choose(resnet));
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.chooseWeightGradient(resnet));
        assertEquals(ConvMethod.WINOGRAD, ConvMethod.choose(geometry(2, 512, 14, 14, 512, 1)));
        ConvGeometry narrow = geometry(32, 32, 16, 16, 32, 1);
        assertEquals(ConvMethod.WINOGRAD4, ConvMethod.choose(narrow));
        // with the Vector API, 32 output channels or fewer take GEMM's phase planes (ConvMethod.PLANES_MAX_OUT_CHANNELS),
        // but whole vectors of 16 or more channels WINOGRAD4's channels-last weight gradient
        ConvMethod planesOrWinograd = Kernels.simd() ? ConvMethod.GEMM : ConvMethod.WINOGRAD;
        assertEquals(Kernels.simd() && !ConvMethod.winograd4ChannelsLast(narrow) ? ConvMethod.GEMM
                : ConvMethod.WINOGRAD4, ConvMethod.chooseWeightGradient(narrow));
        ConvGeometry narrow24 = geometry(64, 24, 28, 28, 24, 1);
        assertEquals(ConvMethod.DIRECT, ConvMethod.choose(narrow24));
        assertEquals(planesOrWinograd, ConvMethod.chooseWeightGradient(narrow24));
        ConvGeometry narrower = geometry(64, 16, 28, 28, 16, 1);
        assertEquals(ConvMethod.DIRECT, ConvMethod.choose(narrower));
        assertEquals(ConvMethod.winograd4ChannelsLast(narrower) ? ConvMethod.WINOGRAD4 : ConvMethod.GEMM,
                ConvMethod.chooseWeightGradient(narrower));
        assertEquals(ConvMethod.DIRECT, ConvMethod.choose(geometry(32, 3, 32, 32, 64, 1)));
        ConvGeometry strided = new ConvGeometry(32, 64, 32, 32, 128, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1);
        assertEquals(ConvMethod.GEMM, ConvMethod.choose(strided));
        ConvGeometry shortcut = new ConvGeometry(64, 16, 28, 28, 32, 14, 14, 1, 1, 2, 2, 0, 0, 1, 1, 1);
        assertEquals(ConvMethod.GEMM, ConvMethod.choose(shortcut));
        assertEquals(ConvMethod.GEMM, ConvMethod.chooseWeightGradient(shortcut));
        ConvGeometry stridedStem = new ConvGeometry(8, 3, 56, 56, 16, 28, 28, 3, 3, 2, 2, 1, 1, 1, 1, 1);
        assertEquals(ConvMethod.GEMM, ConvMethod.choose(stridedStem));
        assertEquals(ConvMethod.GEMM, ConvMethod.chooseWeightGradient(stridedStem));
        ConvGeometry pointwise = new ConvGeometry(8, 16, 28, 28, 32, 28, 28, 1, 1, 1, 1, 0, 0, 1, 1, 1);
        assertEquals(ConvMethod.DIRECT, ConvMethod.choose(pointwise));
        assertEquals(ConvMethod.GEMM, ConvMethod.chooseWeightGradient(pointwise));
        ConvGeometry grouped = new ConvGeometry(2, 128, 8, 8, 128, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 2);
        assertEquals(ConvMethod.GEMM, ConvMethod.choose(grouped));
        ConvGeometry lenet2 = new ConvGeometry(64, 6, 14, 14, 16, 10, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1);
        assertEquals(ConvMethod.DIRECT, ConvMethod.choose(lenet2));
        assertEquals(ConvMethod.GEMM, ConvMethod.chooseWeightGradient(lenet2));
    }
}
