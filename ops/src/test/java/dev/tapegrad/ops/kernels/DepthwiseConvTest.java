package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The DEPTHWISE method against the scalar plane loops (bit for bit: forward and input gradient), against the
 * DIRECT method (forward bit for bit, the same fused multiply-adds in the same order; gradients within rounding)
 * and against FLOAT64, over drawn shapes: widths across 0, 1, L-1, L, L+1 of 8 and 16 lanes, kernels 1-5 with
 * dilation, paddings beyond the kernel's reach; every array's first and last planes (read through copies)
 * included.
 */
class DepthwiseConvTest {

    @Provide
    Arbitrary<ConvGeometry> shapes() {
        return Combinators.combine(java.util.List.of(
                Arbitraries.integers().between(1, 3),    // 0 batch
                Arbitraries.integers().between(1, 5),    // 1 channels
                Arbitraries.integers().between(1, 12),   // 2 h
                Arbitraries.integers().between(1, 35),   // 3 w
                Arbitraries.integers().between(1, 5),    // 4 kh
                Arbitraries.integers().between(1, 5),    // 5 kw
                Arbitraries.integers().between(0, 3),    // 6 ph
                Arbitraries.integers().between(0, 3),    // 7 pw
                Arbitraries.integers().between(1, 2),    // 8 dh
                Arbitraries.integers().between(1, 2)))   // 9 dw
                .as(v -> {
                    int c = v.get(1);
                    int oh = v.get(2) + 2 * v.get(6) - v.get(8) * (v.get(4) - 1);
                    int ow = v.get(3) + 2 * v.get(7) - v.get(9) * (v.get(5) - 1);
                    return new ConvGeometry(v.get(0), c, v.get(2), v.get(3), c, oh, ow, v.get(4), v.get(5), 1, 1,
                            v.get(6), v.get(7), v.get(8), v.get(9), c);
                })
                .filter(g -> g.outH() >= 1 && g.outW() >= 1);
    }

    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    static void assertClose(double[] expected, float[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * (1 + Math.abs(expected[i])), what + " element " + i);
        }
    }

    @Property(tries = 300)
    void matchesScalarLoopsDirectAndFloat64(@ForAll("shapes") ConvGeometry g) {
        ConvMethod m = Kernels.simd() ? ConvMethod.DEPTHWISE : ConvMethod.DIRECT;
        assertEquals(m, ConvMethod.choose(g));
        assertEquals(m, ConvMethod.chooseWeightGradient(g));
        SplittableRandom r = new SplittableRandom(g.hashCode());
        float[] x = random(r, g.batch() * g.inChannels() * g.inPlane());
        float[] w = random(r, g.weightSize());
        float[] bias = random(r, g.outChannels());
        float[] gy = random(r, g.batch() * g.outChannels() * g.outPlane());
        int taps = g.kernelH() * g.kernelW();

        float[] y = new float[gy.length];
        java.util.Arrays.fill(y, Float.NaN);
        ConvFloat.forward(ConvMethod.DEPTHWISE, g, x, w, bias, y);
        float[] expected = new float[gy.length];
        DepthwiseGeometry q = DepthwiseGeometry.forward(g);
        for (int p = 0; p < g.batch() * g.outChannels(); p++) {
            int c = p % g.outChannels();
            DepthwiseConvFloat.correlateScalar(q, x, p * g.inPlane(), w, c * taps, bias[c], expected, p * g.outPlane());
        }
        assertArrayEquals(expected, y, "forward vs scalar " + g);
        float[] direct = new float[gy.length];
        ConvFloat.forward(ConvMethod.DIRECT, g, x, w, bias, direct);
        assertArrayEquals(direct, y, "forward vs DIRECT " + g);

        float[] gx = new float[x.length];
        java.util.Arrays.fill(gx, Float.NaN);
        ConvFloat.backwardData(ConvMethod.DEPTHWISE, g, gy, w, gx);
        float[] gxExpected = new float[x.length];
        DepthwiseGeometry t = DepthwiseGeometry.transposed(g);
        float[] turned = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            turned[i] = w[i / taps * taps + taps - 1 - i % taps];
        }
        for (int p = 0; p < g.batch() * g.inChannels(); p++) {
            DepthwiseConvFloat.correlateScalar(t, gy, p * g.outPlane(), turned, p % g.inChannels() * taps, 0f,
                    gxExpected, p * g.inPlane());
        }
        assertArrayEquals(gxExpected, gx, "input gradient vs scalar " + g);

        float[] gw = new float[w.length];
        java.util.Arrays.fill(gw, Float.NaN);
        ConvFloat.backwardWeight(ConvMethod.DEPTHWISE, g, x, gy, gw);

        double[] xd = doubles(x);
        double[] wd = doubles(w);
        double[] gyd = doubles(gy);
        double[] gxd = new double[x.length];
        ConvDouble.backwardData(ConvMethod.DIRECT, g, gyd, wd, gxd);
        assertClose(gxd, gx, 1e-5, "input gradient vs FLOAT64 DIRECT " + g);
        double[] gwd = new double[w.length];
        ConvDouble.backwardWeight(ConvMethod.DIRECT, g, xd, gyd, gwd);
        // a sum of batch × outPlane products: the scalar loops' running sum errs about eps · terms
        assertClose(gwd, gw, 2e-7 * Math.max(50, g.batch() * g.outPlane()), "weight gradient vs FLOAT64 DIRECT " + g);

        // FLOAT64: the generated twin against DIRECT
        double[] yd = new double[gy.length];
        ConvDouble.forward(ConvMethod.DEPTHWISE, g, xd, wd, doubles(bias), yd);
        double[] ydDirect = new double[gy.length];
        ConvDouble.forward(ConvMethod.DIRECT, g, xd, wd, doubles(bias), ydDirect);
        assertArrayEquals(ydDirect, yd, "FLOAT64 forward vs DIRECT " + g);
        double[] gxDepthwise = new double[x.length];
        ConvDouble.backwardData(ConvMethod.DEPTHWISE, g, gyd, wd, gxDepthwise);
        assertArrayEquals(gxd, gxDepthwise, 1e-12 * (1 + max(gxd)), "FLOAT64 input gradient " + g);
        double[] gwDepthwise = new double[w.length];
        ConvDouble.backwardWeight(ConvMethod.DEPTHWISE, g, xd, gyd, gwDepthwise);
        assertArrayEquals(gwd, gwDepthwise, 1e-12 * (1 + max(gwd)), "FLOAT64 weight gradient " + g);
    }

    static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Planes split over 1, 2 and 3 threads give the same bits (the weight gradient sums each channel in order). */
    @Test
    void sameResultsOnAnyThreadCount() {
        assertSameOnAnyThreadCount(new ConvGeometry(3, 7, 19, 21, 7, 19, 21, 3, 3, 1, 1, 1, 1, 1, 1, 7));
    }

    /** DEPTHWISE's forward, input and weight gradients of g on 1, 2 and 3 threads, asserted bit for bit equal. */
    static void assertSameOnAnyThreadCount(ConvGeometry g) {
        int saved = Parallel.threads();
        SplittableRandom r = new SplittableRandom(5);
        float[] x = random(r, g.batch() * g.inChannels() * g.inPlane());
        float[] w = random(r, g.weightSize());
        float[] gy = random(r, g.batch() * g.outChannels() * g.outPlane());
        float[][] results = new float[9][];
        try {
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                float[] y = new float[gy.length];
                float[] gx = new float[x.length];
                float[] gw = new float[w.length];
                ConvFloat.forward(ConvMethod.DEPTHWISE, g, x, w, null, y);
                ConvFloat.backwardData(ConvMethod.DEPTHWISE, g, gy, w, gx);
                ConvFloat.backwardWeight(ConvMethod.DEPTHWISE, g, x, gy, gw);
                results[3 * threads - 3] = y;
                results[3 * threads - 2] = gx;
                results[3 * threads - 1] = gw;
            }
        } finally {
            Parallel.setThreads(saved);
        }
        for (int i = 3; i < 9; i++) {
            assertArrayEquals(results[i % 3], results[i], "result " + i % 3 + " on " + (i / 3 + 1) + " threads");
        }
    }

    /** Channel multipliers stay with the other methods (so does all without SIMD); strided layers do not. */
    @Test
    void choosesDepthwiseOnlyForOneChannelPerGroup() {
        assertEquals(Kernels.simd() ? ConvMethod.DEPTHWISE : ConvMethod.DIRECT,
                ConvMethod.choose(new ConvGeometry(32, 64, 32, 32, 64, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, 64)));
        assertEquals(Kernels.simd() ? ConvMethod.DEPTHWISE : ConvMethod.DIRECT,
                ConvMethod.choose(new ConvGeometry(32, 64, 32, 32, 64, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 64)));
        assertEquals(ConvMethod.DIRECT,
                ConvMethod.choose(new ConvGeometry(32, 64, 32, 32, 128, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, 64)));
    }
}
