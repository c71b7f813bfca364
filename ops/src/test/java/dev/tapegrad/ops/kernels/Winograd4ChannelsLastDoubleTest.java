package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The FLOAT64 channels-last forward, input gradient and weight gradient ({@link Winograd4ForwardSimdDouble},
 * {@link Winograd4WeightSimdDouble}) against the path through tiles gathered per channel, bit for bit: channel
 * counts of one to five vectors of doubles, so that {@link Winograd4WideTileSimdDouble}'s 6 × 4L tile runs alone and
 * next to the 8 × 2L tile, on tile and channel counts that are and are not multiples of 6.
 */
class Winograd4ChannelsLastDoubleTest {
    @Property(tries = 40)
    void channelsLastEqualsTheGatheredTilesPath(@ForAll @IntRange(min = 1, max = 5) int cinVectors,
            @ForAll @IntRange(min = 1, max = 5) int coutVectors, @ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 3, max = 19) int h, @ForAll @IntRange(min = 3, max = 19) int w,
            @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll boolean withBias, @ForAll long seed) {
        if (!Winograd4WeightDouble.CHANNELS_LAST) {
            return;
        }
        int cin = cinVectors * Winograd4WeightSimdDouble.L;
        int cout = coutVectors * Winograd4WeightSimdDouble.L;
        if (!Winograd4WeightDouble.channelsLast(cin, cout)) {
            return;
        }
        int oh = h + 2 * pad - 2;
        int ow = w + 2 * pad - 2;
        ConvGeometry g = new ConvGeometry(n, cin, h, w, cout, oh, ow, 3, 3, 1, 1, pad, pad, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = random(rng, n * cin * h * w);
        double[] wt = random(rng, cout * cin * 9);
        double[] bias = withBias ? random(rng, cout) : null;
        double[] gy = random(rng, n * cout * oh * ow);
        String what = n + "×" + cin + "→" + cout + " at " + h + "×" + w + " pad " + pad;
        double[] expected = new double[n * cout * oh * ow];
        double[] actual = new double[expected.length];
        Winograd4Double.forward(g, x, wt, bias, expected, false);
        Winograd4Double.forward(g, x, wt, bias, actual, true);
        assertArrayEquals(expected, actual, "forward of " + what);
        double[] expectedGx = new double[x.length];
        double[] actualGx = new double[x.length];
        Winograd4Double.backwardData(g, gy, wt, expectedGx, false);
        Winograd4Double.backwardData(g, gy, wt, actualGx, true);
        assertArrayEquals(expectedGx, actualGx, "input gradient of " + what);
        double[] expectedGw = new double[wt.length];
        double[] actualGw = new double[wt.length];
        Winograd4WeightDouble.backwardWeight(g, x, gy, expectedGw, false);
        Winograd4WeightDouble.backwardWeight(g, x, gy, actualGw, true);
        assertArrayEquals(expectedGw, actualGw, "weight gradient of " + what);
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }
}
