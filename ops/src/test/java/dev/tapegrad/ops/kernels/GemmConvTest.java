package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GEMM convolution with one image per GEMM (large unfolded images: the GEMM writes y and reads gy in place,
 * the input gradient folds over x without zeroing it first) against chunks of several images side by side,
 * bit for bit, and against the direct loops within float tolerance.
 */
class GemmConvTest {

    /** 3×3 stride 2 from 2·8 channels at 96×96 in 2 groups: 72 × 48·48 unfolded elements per image and group. */
    private static final ConvGeometry GROUPED = new ConvGeometry(3, 16, 96, 96, 6, 48, 48, 3, 3, 2, 2, 1, 1, 1, 1, 2);

    /** One group of 16 channels, batch 2 (split over 2 threads, each packing the weight once): 144 × 48·48. */
    private static final ConvGeometry PACKED = new ConvGeometry(2, 16, 96, 96, 10, 48, 48, 3, 3, 2, 2, 1, 1, 1, 1, 1);

    /**
     * 3×3 stride 2 from 64 channels at 32×32 (a ResNet downsampling shape): one image per GEMM with the weight
     * packed, unfolded through rows split by parity straight into the GEMM's panels.
     */
    private static final ConvGeometry STRIDED = new ConvGeometry(2, 64, 32, 32, 24, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1);

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void oneImagePerGemmMatchesChunks() {
        oneImagePerGemmMatchesChunks(GROUPED);
        oneImagePerGemmMatchesChunks(PACKED);
        if (Kernels.simd() && SgemmSimd.NR % 16 == 0) {
            assertTrue(Im2colSimdFloat.splitPanels(STRIDED, Gemm.sgemmPanelWidth()));
        }
        oneImagePerGemmMatchesChunks(STRIDED);
    }

    private static void oneImagePerGemmMatchesChunks(ConvGeometry G) {
        assertTrue((long) G.patch() * G.outPlane() >= GemmConvFloat.SINGLE_IMAGE_ELEMENTS);
        Random r = new Random(3);
        float[] x = random(r, G.batch() * G.inChannels() * G.inPlane());
        float[] w = random(r, G.weightSize());
        float[] bias = random(r, G.outChannels());
        float[] gy = random(r, G.batch() * G.outChannels() * G.outPlane());

        float[] y = new float[gy.length];
        java.util.Arrays.fill(y, Float.NaN);
        GemmConvFloat.forward(G, x, w, bias, y);
        float[] chunked = new float[gy.length];
        GemmConvFloat.forward(G, x, w, bias, chunked, G.batch());
        assertArrayEquals(chunked, y);
        float[] direct = new float[gy.length];
        ConvFloat.forward(ConvMethod.DIRECT, G, x, w, bias, direct);
        assertClose(direct, y);

        float[] gx = new float[x.length];
        java.util.Arrays.fill(gx, Float.NaN);
        GemmConvFloat.backwardData(G, gy, w, gx);
        float[] gxChunked = new float[x.length];
        GemmConvFloat.backwardData(G, gy, w, gxChunked, 2);
        assertArrayEquals(gxChunked, gx);
        float[] gxDirect = new float[x.length];
        ConvFloat.backwardData(ConvMethod.DIRECT, G, gy, w, gxDirect);
        assertClose(gxDirect, gx);

        double[] xd = doubles(x);
        double[] yd = new double[gy.length];
        GemmConvDouble.forward(G, xd, doubles(w), doubles(bias), yd);
        double[] ydChunked = new double[gy.length];
        GemmConvDouble.forward(G, xd, doubles(w), doubles(bias), ydChunked, 2);
        assertArrayEquals(ydChunked, yd);
        double[] gxd = new double[x.length];
        java.util.Arrays.fill(gxd, Double.NaN);
        GemmConvDouble.backwardData(G, doubles(gy), doubles(w), gxd);
        double[] gxdChunked = new double[x.length];
        GemmConvDouble.backwardData(G, doubles(gy), doubles(w), gxdChunked, G.batch());
        assertArrayEquals(gxdChunked, gxd);
    }

    /**
     * Stride-2 forwards of one image per GEMM, whose register tile reads the taps in place from the padded image
     * split by column parity (odd input sizes, padding 0 to 2, kernels 2×3 to 5×5, output channels not a multiple
     * of the tile's 8 rows, a last panel of one vector, output rows of one and two vectors), against chunks of
     * images unfolded by im2col, bit for bit in both dtypes, and against the direct loops within float tolerance.
     */
    @Test
    void stridedForwardReadInPlaceMatchesIm2col() {
        stridedForwardReadInPlaceMatchesIm2col(new ConvGeometry(2, 8, 33, 31, 13, 17, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1));
        stridedForwardReadInPlaceMatchesIm2col(new ConvGeometry(2, 4, 36, 36, 9, 16, 16, 5, 5, 2, 2, 0, 0, 1, 1, 1));
        stridedForwardReadInPlaceMatchesIm2col(new ConvGeometry(2, 3, 32, 32, 16, 16, 16, 5, 5, 2, 2, 2, 2, 1, 1, 1));
        stridedForwardReadInPlaceMatchesIm2col(new ConvGeometry(2, 5, 20, 32, 8, 10, 16, 2, 3, 2, 2, 0, 1, 1, 1, 1));
        stridedForwardReadInPlaceMatchesIm2col(new ConvGeometry(2, 4, 64, 64, 11, 32, 32, 3, 3, 2, 2, 1, 1, 1, 1, 1));
    }

    private static void stridedForwardReadInPlaceMatchesIm2col(ConvGeometry g) {
        Random r = new Random(11);
        float[] x = random(r, g.batch() * g.inChannels() * g.inPlane());
        float[] w = random(r, g.weightSize());
        float[] bias = random(r, g.outChannels());
        int n = g.batch() * g.outChannels() * g.outPlane();
        for (int round = 0; round < 2; round++) {   // the second reuses the image's zero padding
            float[] y = new float[n];
            java.util.Arrays.fill(y, Float.NaN);
            GemmConvFloat.forward(g, x, w, bias, y, 1);
            float[] chunked = new float[n];
            GemmConvFloat.forward(g, x, w, bias, chunked, g.batch());
            assertArrayEquals(chunked, y);
            float[] direct = new float[n];
            ConvFloat.forward(ConvMethod.DIRECT, g, x, w, bias, direct);
            assertClose(direct, y);
            x[round] += 1f;
        }
        double[] xd = doubles(x);
        double[] yd = new double[n];
        java.util.Arrays.fill(yd, Double.NaN);
        GemmConvDouble.forward(g, xd, doubles(w), doubles(bias), yd, 1);
        double[] ydChunked = new double[n];
        GemmConvDouble.forward(g, xd, doubles(w), doubles(bias), ydChunked, g.batch());
        assertArrayEquals(ydChunked, yd);
    }

    /**
     * Forward of small output planes, chunks of several images unfolded by gathers straight into the GEMM's
     * panels (padding, stride, dilation, groups, column counts not a multiple of the panel width) against one
     * image per GEMM by im2col, bit for bit in both dtypes, and against the direct loops within float tolerance.
     */
    @Test
    void smallPlanesUnfoldedIntoPanelsMatchIm2col() {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        smallPlanesUnfoldedIntoPanelsMatchIm2col(new ConvGeometry(4, 6, 13, 11, 8, 7, 6, 3, 3, 2, 2, 1, 1, 1, 1, 2));
        smallPlanesUnfoldedIntoPanelsMatchIm2col(new ConvGeometry(6, 5, 9, 10, 7, 9, 5, 3, 2, 1, 2, 2, 0, 2, 1, 1));
        smallPlanesUnfoldedIntoPanelsMatchIm2col(new ConvGeometry(2, 3, 14, 14, 4, 7, 7, 1, 3, 2, 2, 0, 1, 1, 1, 1));
    }

    private static void smallPlanesUnfoldedIntoPanelsMatchIm2col(ConvGeometry g) {
        assertTrue(g.outPlane() <= GemmConvFloat.PANEL_PLANE);
        Random r = new Random(7);
        float[] x = random(r, g.batch() * g.inChannels() * g.inPlane());
        float[] w = random(r, g.weightSize());
        float[] bias = random(r, g.outChannels());
        int n = g.batch() * g.outChannels() * g.outPlane();
        float[] y = new float[n];
        java.util.Arrays.fill(y, Float.NaN);
        GemmConvFloat.forward(g, x, w, bias, y, g.batch());
        float[] single = new float[n];
        GemmConvFloat.forward(g, x, w, bias, single, 1);
        assertArrayEquals(single, y);
        float[] direct = new float[n];
        ConvFloat.forward(ConvMethod.DIRECT, g, x, w, bias, direct);
        assertClose(direct, y);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] serial = new float[n];
            GemmConvFloat.forward(g, x, w, bias, serial, 2);
            assertArrayEquals(single, serial);
        } finally {
            Parallel.setThreads(threads);
        }

        double[] xd = doubles(x);
        double[] yd = new double[n];
        java.util.Arrays.fill(yd, Double.NaN);
        GemmConvDouble.forward(g, xd, doubles(w), doubles(bias), yd, g.batch());
        double[] singleD = new double[n];
        GemmConvDouble.forward(g, xd, doubles(w), doubles(bias), singleD, 1);
        assertArrayEquals(singleD, yd);
    }

    /**
     * The weight gradient through the channels-last image (16 channels per group, 40 output channels per
     * group, past the phase planes' limit) against Σ_n G_n·col_nᵀ by im2col and one GEMM per image, bit for
     * bit in both dtypes, and against the direct loops within float tolerance.
     */
    @Test
    void channelsLastWeightGradientMatchesIm2col() {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        channelsLastWeightGradientMatchesIm2col(new ConvGeometry(2, 32, 18, 19, 80, 9, 10, 3, 3, 2, 2, 1, 1, 1, 1, 2));
        // output channels not a multiple of the register tile's 8 rows, a last column block of one vector
        channelsLastWeightGradientMatchesIm2col(new ConvGeometry(3, 16, 15, 17, 37, 8, 9, 3, 3, 2, 2, 1, 1, 1, 1, 1));
        // a patch of 32 (1×2 kernel, stride 1×2): threads split the output channels in blocks of 6 rows
        channelsLastWeightGradientMatchesIm2col(new ConvGeometry(2, 16, 9, 12, 40, 9, 6, 1, 2, 1, 2, 0, 0, 1, 1, 1));
        // 32×32 planes, 3×3 stride 2 (the ResNet's downsampling), unfolded in place by the register tile
        channelsLastWeightGradientMatchesIm2col(new ConvGeometry(2, 32, 32, 32, 48, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1));
    }

    private static void channelsLastWeightGradientMatchesIm2col(ConvGeometry g) {
        assertTrue(Im2colChannelsLastFloat.channelsLast(g, Gemm.sgemmPanelWidth(), 0));
        assertTrue(g.groupOut() > ConvMethod.PLANES_MAX_OUT_CHANNELS && !ConvMethod.planesWeightGradient(g));
        Random r = new Random(5);
        float[] x = random(r, g.batch() * g.inChannels() * g.inPlane());
        float[] gy = random(r, g.batch() * g.outChannels() * g.outPlane());
        int kg = g.patch();
        int og = g.groupOut();
        int plane = g.outPlane();
        float[] expect = new float[g.weightSize()];
        double[] expectD = new double[g.weightSize()];
        float[] col = new float[kg * plane];
        double[] colD = new double[kg * plane];
        double[] xd = doubles(x);
        double[] gyd = doubles(gy);
        for (int grp = 0; grp < g.groups(); grp++) {
            for (int n = 0; n < g.batch(); n++) {
                int xo = (n * g.inChannels() + grp * g.groupIn()) * g.inPlane();
                int go = (n * g.outChannels() + grp * og) * plane;
                Im2colFloat.im2col(g, x, xo, col, 0, plane);
                Gemm.sgemm(false, true, og, kg, plane, gy, go, plane, col, 0, plane, n == 0 ? 0f : 1f, expect,
                        grp * og * kg, kg);
                Im2colDouble.im2col(g, xd, xo, colD, 0, plane);
                Gemm.dgemm(false, true, og, kg, plane, gyd, go, plane, colD, 0, plane, n == 0 ? 0.0 : 1.0, expectD,
                        grp * og * kg, kg);
            }
        }
        float[] gw = new float[g.weightSize()];
        java.util.Arrays.fill(gw, Float.NaN);
        GemmConvFloat.backwardWeight(g, x, gy, gw);
        assertArrayEquals(expect, gw);
        double[] gwd = new double[g.weightSize()];
        java.util.Arrays.fill(gwd, Double.NaN);
        GemmConvDouble.backwardWeight(g, xd, gyd, gwd);
        assertArrayEquals(expectD, gwd);
        float[] direct = new float[g.weightSize()];
        ConvFloat.backwardWeight(ConvMethod.DIRECT, g, x, gy, direct);
        assertClose(direct, gw);
    }

    /** Within 1e-4 of the largest magnitude (72-term sums of unit normals). */
    private static void assertClose(float[] expect, float[] got) {
        assertEquals(expect.length, got.length);
        float max = 0;
        for (float v : expect) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0);
        for (int i = 0; i < expect.length; i++) {
            assertEquals(expect[i], got[i], 1e-4 * max, "element " + i);
        }
    }
}
