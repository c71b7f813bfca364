package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The channels-last forward and input gradient of {@link Winograd4ForwardSimdFloat} against the path through tiles
 * gathered per channel, bit for bit: channel counts of one to five vectors (four and five reach
 * {@link Winograd4WideTileSimdFloat}'s 6 × 4L tile, alone and next to the 8 × 2L tile), planes of one to six tiles
 * a side with partial tiles (tile counts that are and are not multiples of 6 and 8), paddings 0 to 3 (the input gradient's 2 - p down to -1), with and without bias, batches
 * across chunks and thread splits, NaNs and infinities.
 */
class Winograd4ForwardChannelsLastTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, 1e30f, -1e-30f};

    @Property(tries = 60)
    void forwardAndInputGradientEqualTheGatheredTilesPath(@ForAll @IntRange(min = 1, max = 5) int cinVectors,
            @ForAll @IntRange(min = 1, max = 5) int coutVectors, @ForAll @IntRange(min = 1, max = 20) int n,
            @ForAll @IntRange(min = 3, max = 23) int h, @ForAll @IntRange(min = 3, max = 23) int w,
            @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll boolean withBias, @ForAll boolean special,
            @ForAll long seed) {
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
        float[] wt = random(rng, cout * cin * 9, false);
        float[] bias = withBias ? random(rng, cout, false) : null;
        float[] gy = random(rng, n * cout * oh * ow, special);
        String what = n + "×" + cin + "→" + cout + " at " + h + "×" + w + " pad " + pad;
        float[] expected = new float[n * cout * oh * ow];
        float[] actual = new float[expected.length];
        Winograd4Float.forward(g, x, wt, bias, expected, false);
        Winograd4Float.forward(g, x, wt, bias, actual, true);
        assertArrayEquals(expected, actual, "forward of " + what);
        float[] expectedGx = new float[x.length];
        float[] actualGx = new float[x.length];
        Winograd4Float.backwardData(g, gy, wt, expectedGx, false);
        Winograd4Float.backwardData(g, gy, wt, actualGx, true);
        assertArrayEquals(expectedGx, actualGx, "input gradient of " + what);
    }

    private static float[] random(SplittableRandom rng, int n, boolean special) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = special && rng.nextInt(50) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
        }
        return a;
    }
}
