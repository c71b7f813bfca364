package dev.tapegrad.ops.kernels;

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
    private static final ConvGeometry G = new ConvGeometry(3, 16, 96, 96, 6, 48, 48, 3, 3, 2, 2, 1, 1, 1, 1, 2);

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void oneImagePerGemmMatchesChunks() {
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

    private static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
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
