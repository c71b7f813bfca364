package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The channels-last weight gradient of {@link Winograd4WeightSimdFloat} against the path through tiles gathered per
 * channel, bit for bit (channel counts of one to five vectors, so that {@link Winograd4WideTileSimdFloat}'s 6 × 4L
 * tile runs alone and next to the 8 × 2L tile, on output channels that are and are not multiples of 6; planes of one to six tiles a side with partial
 * tiles, paddings 0 to 2, batches across chunks, NaNs and infinities), and its transposing copy against its
 * definition.
 */
class Winograd4WeightChannelsLastTest {
    private static final float SENTINEL = 12345f;
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, 1e30f, -1e-30f};

    @Property(tries = 60)
    void weightGradientEqualsTheGatheredTilesPath(@ForAll @IntRange(min = 1, max = 5) int cinVectors,
            @ForAll @IntRange(min = 1, max = 5) int coutVectors, @ForAll @IntRange(min = 1, max = 20) int n,
            @ForAll @IntRange(min = 3, max = 23) int h, @ForAll @IntRange(min = 3, max = 23) int w,
            @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll boolean special, @ForAll long seed) {
        if (!Winograd4WeightFloat.CHANNELS_LAST) {
            return;
        }
        int cin = cinVectors * Winograd4WeightSimdFloat.L;
        int cout = coutVectors * Winograd4WeightSimdFloat.L;
        if (!Winograd4WeightFloat.channelsLast(cin, cout)) {
            return;
        }
        int oh = h + 2 * pad - 2;
        int ow = w + 2 * pad - 2;
        ConvGeometry g = new ConvGeometry(n, cin, h, w, cout, oh, ow, 3, 3, 1, 1, pad, pad, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = random(rng, n * cin * h * w, special);
        float[] gy = random(rng, n * cout * oh * ow, special);
        float[] expected = new float[cout * cin * 9];
        float[] actual = new float[cout * cin * 9];
        Winograd4WeightFloat.backwardWeight(g, x, gy, expected, false);
        Winograd4WeightFloat.backwardWeight(g, x, gy, actual, true);
        assertArrayEquals(expected, actual, n + "×" + cin + "→" + cout + " at " + h + "×" + w + " pad " + pad);
    }

    /** Every element of every plane in place, the borders left alone, nothing past the padded planes written. */
    @Property(tries = 200)
    void channelsLastCopyTransposesIntoThePaddedPlane(@ForAll @IntRange(min = 1, max = 3) int blocks,
            @ForAll @IntRange(min = 1, max = 13) int h, @ForAll @IntRange(min = 1, max = 13) int w,
            @ForAll @IntRange(min = -2, max = 2) int top, @ForAll @IntRange(min = -2, max = 2) int left,
            @ForAll @IntRange(min = 0, max = 3) int crop, @ForAll @IntRange(min = 0, max = 5) int off,
            @ForAll long seed) {
        if (!Winograd4WeightFloat.channelsLast(Winograd4WeightSimdFloat.L, Winograd4WeightSimdFloat.L)) {
            return;
        }
        int channels = blocks * TransposeFloatSimd.B;
        int dw = Math.max(1, w + left + 2 - crop);
        int rows = Math.max(1, h + top + 2 - crop);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] src = random(rng, off + channels * h * w, false);
        float[] dst = new float[off + rows * dw * channels + 3];
        java.util.Arrays.fill(dst, SENTINEL);
        Winograd4WeightSimdFloat.channelsLast(src, off, channels, h, w, new float[h * w * channels], dst, off, top,
                left, dw, rows);
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < dw; col++) {
                for (int c = 0; c < channels; c++) {
                    int sr = r - top;
                    int sc = col - left;
                    float expected = sr >= 0 && sr < h && sc >= 0 && sc < w
                            ? src[off + (c * h + sr) * w + sc] : SENTINEL;
                    assertEquals(expected, dst[off + (r * dw + col) * channels + c], "row " + r + " column " + col
                            + " channel " + c);
                }
            }
        }
        for (int i = 0; i < off; i++) {
            assertEquals(SENTINEL, dst[i]);
        }
        for (int i = off + rows * dw * channels; i < dst.length; i++) {
            assertEquals(SENTINEL, dst[i]);
        }
        Winograd4WeightSimdFloat.zeroBorder(dst, off, channels, h, w, top, left, dw, rows);
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < dw; col++) {
                boolean inside = r >= top && r < top + h && col >= left && col < left + w;
                if (!inside) {
                    assertEquals(0f, dst[off + (r * dw + col) * channels], "border row " + r + " column " + col);
                }
            }
        }
    }

    private static float[] random(SplittableRandom rng, int n, boolean special) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = special && rng.nextInt(50) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
        }
        return a;
    }
}
