package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.DepthwiseConvTest.assertClose;
import static dev.tapegrad.ops.kernels.DepthwiseConvTest.max;
import static dev.tapegrad.ops.kernels.DepthwiseConvTest.random;
import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Strided DEPTHWISE layers ({@link DepthwiseStridedFloat}) against their scalar plane loops (bit for bit: forward
 * and input gradient), against DIRECT in FLOAT32 and FLOAT64 and against FLOAT64, over drawn shapes: strides 1-3
 * in each direction (at least one above 1), widths across 0, 1, L-1, L, L+1 of 8 and 16 lanes after striding,
 * kernels 1-5 with dilation, paddings beyond the kernel's reach, strides larger than the kernel; every array's
 * last planes (written through copies) included.
 */
class DepthwiseStridedTest {

    @Provide
    Arbitrary<ConvGeometry> shapes() {
        return Combinators.combine(java.util.List.of(
                Arbitraries.integers().between(1, 3),    // 0 batch
                Arbitraries.integers().between(1, 4),    // 1 channels
                Arbitraries.integers().between(1, 14),   // 2 h
                Arbitraries.integers().between(1, 70),   // 3 w
                Arbitraries.integers().between(1, 5),    // 4 kh
                Arbitraries.integers().between(1, 5),    // 5 kw
                Arbitraries.integers().between(0, 3),    // 6 ph
                Arbitraries.integers().between(0, 3),    // 7 pw
                Arbitraries.integers().between(1, 2),    // 8 dh
                Arbitraries.integers().between(1, 2),    // 9 dw
                Arbitraries.integers().between(1, 3),    // 10 sh
                Arbitraries.integers().between(1, 3)))   // 11 sw
                .as(v -> {
                    int c = v.get(1);
                    int oh = Math.floorDiv(v.get(2) + 2 * v.get(6) - v.get(8) * (v.get(4) - 1) - 1, v.get(10)) + 1;
                    int ow = Math.floorDiv(v.get(3) + 2 * v.get(7) - v.get(9) * (v.get(5) - 1) - 1, v.get(11)) + 1;
                    return new ConvGeometry(v.get(0), c, v.get(2), v.get(3), c, oh, ow, v.get(4), v.get(5),
                            v.get(10), v.get(11), v.get(6), v.get(7), v.get(8), v.get(9), c);
                })
                .filter(g -> g.outH() >= 1 && g.outW() >= 1 && (g.strideH() > 1 || g.strideW() > 1));
    }

    @Property(tries = 400)
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
        int planes = g.batch() * g.outChannels();

        float[] y = new float[gy.length];
        Arrays.fill(y, Float.NaN);
        ConvFloat.forward(ConvMethod.DEPTHWISE, g, x, w, bias, y);
        float[] expected = new float[gy.length];
        for (int p = 0; p < planes; p++) {
            int c = p % g.outChannels();
            DepthwiseStridedFloat.forwardScalar(g, x, p * g.inPlane(), w, c * taps, bias[c], expected, p * g.outPlane());
        }
        assertArrayEquals(expected, y, "forward vs scalar " + g);
        float[] direct = new float[gy.length];
        ConvFloat.forward(ConvMethod.DIRECT, g, x, w, bias, direct);
        assertClose(doubles(direct), y, 1e-5, "forward vs DIRECT " + g);

        float[] gx = new float[x.length];
        Arrays.fill(gx, Float.NaN);
        ConvFloat.backwardData(ConvMethod.DEPTHWISE, g, gy, w, gx);
        float[] gxExpected = new float[x.length];
        for (int p = 0; p < planes; p++) {
            DepthwiseStridedFloat.backwardDataScalar(g, gy, p * g.outPlane(), w, p % g.inChannels() * taps,
                    gxExpected, p * g.inPlane());
        }
        assertArrayEquals(gxExpected, gx, "input gradient vs scalar " + g);

        float[] gw = new float[w.length];
        Arrays.fill(gw, Float.NaN);
        ConvFloat.backwardWeight(ConvMethod.DEPTHWISE, g, x, gy, gw);

        double[] xd = doubles(x);
        double[] wd = doubles(w);
        double[] gyd = doubles(gy);
        double[] gxd = new double[x.length];
        ConvDouble.backwardData(ConvMethod.DIRECT, g, gyd, wd, gxd);
        assertClose(gxd, gx, 1e-5, "input gradient vs FLOAT64 DIRECT " + g);
        double[] gwd = new double[w.length];
        ConvDouble.backwardWeight(ConvMethod.DIRECT, g, xd, gyd, gwd);
        assertClose(gwd, gw, 2e-7 * Math.max(50, g.batch() * g.outPlane()), "weight gradient vs FLOAT64 DIRECT " + g);

        // FLOAT64: the generated twins against DIRECT
        double[] yd = new double[gy.length];
        ConvDouble.forward(ConvMethod.DEPTHWISE, g, xd, wd, doubles(bias), yd);
        double[] ydDirect = new double[gy.length];
        ConvDouble.forward(ConvMethod.DIRECT, g, xd, wd, doubles(bias), ydDirect);
        assertArrayEquals(ydDirect, yd, 1e-12 * (1 + max(ydDirect)), "FLOAT64 forward vs DIRECT " + g);
        double[] gxDepthwise = new double[x.length];
        ConvDouble.backwardData(ConvMethod.DEPTHWISE, g, gyd, wd, gxDepthwise);
        assertArrayEquals(gxd, gxDepthwise, 1e-12 * (1 + max(gxd)), "FLOAT64 input gradient " + g);
        double[] gwDepthwise = new double[w.length];
        ConvDouble.backwardWeight(ConvMethod.DEPTHWISE, g, xd, gyd, gwDepthwise);
        assertArrayEquals(gwd, gwDepthwise, 1e-12 * (1 + max(gwd)), "FLOAT64 weight gradient " + g);
    }

    /** Planes split over 1, 2 and 3 threads give the same bits (the weight gradient sums each channel in order). */
    @Test
    void sameResultsOnAnyThreadCount() {
        DepthwiseConvTest.assertSameOnAnyThreadCount(new ConvGeometry(3, 7, 19, 21, 7, 10, 11, 3, 3, 2, 2, 1, 1, 1, 1, 7));
    }
}
