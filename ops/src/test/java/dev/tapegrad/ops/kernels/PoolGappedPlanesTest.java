package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * 2×2 pooling of views narrowed along H (planes with gaps between them, visited {@link PoolFloat#GAPPED_GROUP} at a
 * time an output row at a time) gives the values, argmax and gradients of the same pooling of the contiguous copy,
 * bit for bit, with ties, zeros of both signs, NaNs and infinities, plane counts around the group size and rows
 * shorter and longer than a vector; the scatters leave the gap rows of the padded gradient zero.
 */
class PoolGappedPlanesTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, 1f, -1f};

    @Property(tries = 40)
    void gappedPlanesPoolAsTheirCopy(@ForAll @IntRange(min = 1, max = 3) int batch,
                                     @ForAll @IntRange(min = 1, max = 19) int channels,
                                     @ForAll @IntRange(min = 2, max = 9) int height,
                                     @ForAll @IntRange(min = 2, max = 37) int width,
                                     @ForAll @IntRange(min = 1, max = 5) int gap,
                                     @ForAll @IntRange(min = 0, max = 1000) int seed) {
        int storedH = height + gap;
        int start = gap / 2;
        SplittableRandom rng = new SplittableRandom(seed);
        float[] storage = new float[batch * channels * storedH * width];
        for (int i = 0; i < storage.length; i++) {
            storage[i] = rng.nextInt(4) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextInt(-3, 4);
        }
        int[] strides = {channels * storedH * width, storedH * width, width, 1};
        int offset = start * width;
        int planes = batch * channels;
        float[] copy = new float[planes * height * width];
        StridedCopyFloat.copy(storage, offset, new int[] {batch, channels, height, width}, strides, copy);
        PoolGeometry g = new PoolGeometry(planes, height, width, height / 2, width / 2, 2, 2, 2, 2, 0, 0, 1, 1);
        int out = planes * g.outPlane();
        String what = batch + "x" + channels + "x" + height + "x" + width + " gap " + gap;

        float[] y = new float[out];
        float[] arg = new float[out];
        PoolFloat.maxForward(g, copy, y, arg, false);
        float[] yView = new float[out];
        float[] argView = new float[out];
        PoolFloat.maxForward(g, channels, storage, offset, strides, yView, argView);
        assertArrayEquals(y, yView, what + " max");
        assertArrayEquals(arg, argView, what + " argmax");

        float[] gy = new float[out];
        for (int i = 0; i < out; i++) {
            gy[i] = rng.nextInt(2) == 0 ? -0f : (float) rng.nextGaussian();
        }
        float[] gx = new float[copy.length];
        PoolFloat.maxScatter(g, gy, arg, gx, false);
        float[] padded = new float[storage.length];
        PoolFloat.maxScatter(g, channels, gy, arg, padded, offset, strides);
        assertPlaced(gx, padded, batch, channels, height, width, storedH, start, what + " max gradient");

        PoolFloat.avgForward(g, copy, y, true, false);
        PoolFloat.avgForward(g, channels, storage, offset, strides, yView, true);
        assertArrayEquals(y, yView, what + " avg");
        gx = new float[copy.length];
        PoolFloat.avgBackward(g, gy, gx, true, false);
        padded = new float[storage.length];
        PoolFloat.avgBackward(g, channels, gy, padded, offset, strides, true);
        assertPlaced(gx, padded, batch, channels, height, width, storedH, start, what + " avg gradient");
    }

    /** padded holds dense in rows [start, start + height) of each plane and +0.0 in the other rows. */
    private static void assertPlaced(float[] dense, float[] padded, int batch, int channels, int height, int width,
                                     int storedH, int start, String what) {
        for (int p = 0; p < batch * channels; p++) {
            for (int r = 0; r < storedH; r++) {
                for (int c = 0; c < width; c++) {
                    float got = padded[(p * storedH + r) * width + c];
                    boolean inside = r >= start && r < start + height;
                    float want = inside ? dense[(p * height + r - start) * width + c] : 0f;
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got),
                            what + " plane " + p + " row " + r + " column " + c);
                }
            }
        }
    }
}
