package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct convolution keeps the zeros of its padded planes from one call to the next on a thread when the layout
 * is the same: calls alternating between geometries and directions on one thread, each with new data, against the
 * GEMM method (a stale row or column of another layout would be far off).
 */
class DirectConvLayoutTest {
    private static ConvGeometry geometry(int ci, int co, int size, int k, int pad) {
        int out = size + 2 * pad - k + 1;
        return new ConvGeometry(1, ci, size, size, co, out, out, k, k, 1, 1, pad, pad, 1, 1, 1);
    }

    private static float[] floats(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4f * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }

    private static void forward(ConvGeometry g, SplittableRandom rng, String what) {
        float[] x = floats(rng, g.inChannels() * g.inPlane());
        float[] w = floats(rng, g.outChannels() * g.patch());
        float[] bias = floats(rng, g.outChannels());
        float[] expected = new float[g.outChannels() * g.outPlane()];
        float[] actual = new float[expected.length];
        GemmConvFloat.forward(g, x, w, bias, expected);
        DirectConvFloat.forward(g, x, 0, w, bias, actual, 0);
        assertClose(expected, actual, what);
    }

    private static void backwardData(ConvGeometry g, SplittableRandom rng, String what) {
        float[] gy = floats(rng, g.outChannels() * g.outPlane());
        float[] w = floats(rng, g.outChannels() * g.patch());
        float[] expected = new float[g.inChannels() * g.inPlane()];
        float[] actual = new float[expected.length];
        GemmConvFloat.backwardData(g, gy, w, expected);
        DirectConvFloat.backwardData(g, gy, 0, w, actual, 0);
        assertClose(expected, actual, what);
    }

    @Test
    void reusedPaddedPlanesHoldTheirZeros() {
        SplittableRandom rng = new SplittableRandom(7);
        ConvGeometry a = geometry(3, 8, 19, 3, 1);
        ConvGeometry b = geometry(3, 8, 17, 3, 2);
        ConvGeometry c = geometry(2, 6, 21, 5, 2);
        ConvGeometry d = geometry(2, 8, 28, 3, 1);
        for (int round = 0; round < 3; round++) {
            forward(a, rng, "forward a, round " + round);
            forward(a, rng, "forward a again, round " + round);
            backwardData(a, rng, "input gradient a, round " + round);
            backwardData(a, rng, "input gradient a again, round " + round);
            forward(b, rng, "forward b, round " + round);
            backwardData(b, rng, "input gradient b, round " + round);
            forward(c, rng, "forward c, round " + round);
            backwardData(c, rng, "input gradient c, round " + round);
            forward(d, rng, "forward d, round " + round);
            backwardData(d, rng, "input gradient d, round " + round);
            forward(a, rng, "forward a after b, c and d, round " + round);
        }
    }
}
