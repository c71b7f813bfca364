package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Vector API relu loops against the scalar ones, bit for bit, at lengths 0, 1, L-1, L, L+1 and more. */
class ElementwiseSimdTest {
    private static final int L = ElementwiseSimd.L;
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f};

    private static float[] values(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(3) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
        }
        return v;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void reluAndItsBackwardMatchScalar() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int n : new int[] {0, 1, L - 1, L, L + 1, 2 * L + 3, 1000}) {
            for (int rep = 0; rep < 20; rep++) {
                float[] x = values(rng, n);
                float[] g = values(rng, n);
                float[] a = new float[n];
                float[] b = new float[n];
                Elementwise.relu(x, a, false);
                Elementwise.relu(x, b, true);
                assertArrayEquals(bits(a), bits(b), "relu n=" + n);
                Elementwise.reluBackward(g, x, a, false);
                Elementwise.reluBackward(g, x, b, true);
                assertArrayEquals(bits(a), bits(b), "reluBackward n=" + n);
            }
        }
    }

    @Test
    void reluKeepsNanAndZeroesNegativeZero() {
        float[] out = new float[3];
        Elementwise.relu(new float[] {Float.NaN, -0f, -2f}, out, false);
        assertArrayEquals(bits(new float[] {Float.NaN, 0f, 0f}), bits(out));
    }
}
