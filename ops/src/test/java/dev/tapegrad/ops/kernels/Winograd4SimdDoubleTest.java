// GENERATED from Winograd4SimdFloatTest.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The Vector API tile transforms (input, output, gradient) of {@link Winograd4SimdDouble} against the scalar tiles
 * of {@link Winograd4Double}, and its split and merge of rows by column modulo 4 against a copy, bit for bit: tile counts 0 .. 3L + 1 for the lane count L (0, 1, L - 1, L, L + 1 among
 * them), values with signed zeros, NaNs and infinities, and a sentinel around each block that no vector may
 * overwrite. FLOAT64; Generated from {@link Winograd4SimdFloatTest}: edit that file, not this one.
 */
class Winograd4SimdDoubleTest {
    private static final int L = Winograd4SimdDouble.N;
    private static final double SENTINEL = 12345.0;
    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e30, -1e-30};

    private static double[] values(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(20) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (double) rng.nextGaussian();
        }
        return v;
    }

    @Property(tries = 300)
    void inputTransformEqualsTheScalarTiles(@ForAll @IntRange(min = 0, max = 49) int nt,
            @ForAll @IntRange(min = 0, max = 3) int off, @ForAll @IntRange(min = 0, max = 17) int skew,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = values(rng, 36 * nt);
        int stride = nt + skew;
        double[] expected = new double[off + 36 * stride + L];
        Arrays.fill(expected, SENTINEL);
        double[] actual = expected.clone();
        double[] r = new double[36];
        for (int t = 0; t < nt; t++) {
            Winograd4Double.inputTile(d, nt, t, r, expected, off + t, stride);
        }
        int t = Winograd4SimdDouble.transformInput(d, nt, actual, off, stride, Integer.MAX_VALUE, 0);
        assertEquals(nt - nt % L, t, "tiles left to the caller of " + nt);
        for (; t < nt; t++) {
            Winograd4Double.inputTile(d, nt, t, r, actual, off + t, stride);
        }
        assertArrayEquals(expected, actual);
    }

    /**
     * Tiles written into the packed panels that the GEMM reads (tile t of channel c at c·panel + t / panel ·
     * channels·panel + t % panel): the vectors land where the scalar tiles do, and nothing past them is written.
     */
    @Property(tries = 300)
    void inputTransformIntoPanelsEqualsTheScalarTiles(@ForAll @IntRange(min = 0, max = 99) int nt,
            @ForAll @IntRange(min = 1, max = 3) int lanes, @ForAll @IntRange(min = 1, max = 3) int channels,
            @ForAll @IntRange(min = 0, max = 2) int channel, @ForAll @IntRange(min = 0, max = 17) int skew,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = values(rng, 36 * nt);
        int panel = lanes * L;
        int c = Math.min(channel, channels - 1);
        int width = (nt + panel - 1) / panel * panel;
        int stride = channels * width + skew;
        double[] expected = new double[36 * stride + L];
        Arrays.fill(expected, SENTINEL);
        double[] actual = expected.clone();
        double[] r = new double[36];
        int off = c * panel;
        for (int t = 0; t < nt; t++) {
            Winograd4Double.inputTile(d, nt, t, r, expected, off + t / panel * channels * panel + t % panel, stride);
        }
        Winograd4Double.transformInput(d, nt, actual, off, stride, panel, channels * panel);
        assertArrayEquals(expected, actual);
        int t = Winograd4SimdDouble.transformInput(d, nt, actual, off, stride, panel, channels * panel);
        assertEquals(nt - nt % L, t, "tiles left to the caller of " + nt);
    }

    @Property(tries = 300)
    void outputTransformEqualsTheScalarTiles(@ForAll @IntRange(min = 0, max = 49) int nt,
            @ForAll @IntRange(min = 0, max = 3) int off, @ForAll @IntRange(min = 0, max = 17) int skew,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int stride = nt + skew;
        double[] m = values(rng, off + 36 * stride);
        double b = rng.nextBoolean() ? 0.0 : (double) rng.nextGaussian();
        double[] expected = new double[16 * nt + L];
        Arrays.fill(expected, SENTINEL);
        double[] actual = expected.clone();
        double[] r = new double[24];
        for (int t = 0; t < nt; t++) {
            Winograd4Double.outputTile(m, off + t, stride, b, r, expected, t, nt);
        }
        int t = Winograd4SimdDouble.transformOutput(m, off, stride, b, actual, nt);
        assertEquals(nt - nt % L, t, "tiles left to the caller of " + nt);
        for (; t < nt; t++) {
            Winograd4Double.outputTile(m, off + t, stride, b, r, actual, t, nt);
        }
        assertArrayEquals(expected, actual);
    }

    @Property(tries = 300)
    void gradientTransformEqualsTheScalarTiles(@ForAll @IntRange(min = 0, max = 49) int nt,
            @ForAll @IntRange(min = 0, max = 3) int off, @ForAll @IntRange(min = 0, max = 17) int skew,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] q = values(rng, 16 * nt);
        int stride = nt + skew;
        double[] expected = new double[off + 36 * stride + L];
        Arrays.fill(expected, SENTINEL);
        double[] actual = expected.clone();
        double[] r = new double[24];
        for (int t = 0; t < nt; t++) {
            Winograd4WeightDouble.gradientTile(q, nt, t, r, expected, off + t, stride);
        }
        int t = Winograd4SimdDouble.transformGradient(q, nt, actual, off, stride);
        assertEquals(nt - nt % L, t, "tiles left to the caller of " + nt);
        for (; t < nt; t++) {
            Winograd4WeightDouble.gradientTile(q, nt, t, r, actual, off + t, stride);
        }
        assertArrayEquals(expected, actual);
    }

    @Property(tries = 200)
    void splitByColumnModuloFourIsACopy(@ForAll @IntRange(min = 0, max = 49) int nt,
            @ForAll @IntRange(min = 0, max = 3) int off, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = values(rng, 4 * nt);
        double[] d = new double[off + 4 * nt + L];
        Arrays.fill(d, SENTINEL);
        int t = Winograd4SimdDouble.split4(r, nt, d, off);
        assertEquals(nt - nt % L, t, "tiles left to the caller of " + nt);
        for (int u = 0; u < nt; u++) {
            for (int j = 0; j < 4; j++) {
                double expected = u < t ? r[4 * u + j] : SENTINEL;
                assertEquals(expected, d[off + j * nt + u], "element " + j + " of tile " + u + " of " + nt);
            }
        }
        for (int i = 0; i < off; i++) {
            assertEquals(SENTINEL, d[i]);
        }
        for (int i = off + 4 * nt; i < d.length; i++) {
            assertEquals(SENTINEL, d[i]);
        }
    }

    @Property(tries = 200)
    void mergeByColumnModuloFourIsACopy(@ForAll @IntRange(min = 0, max = 49) int nt,
            @ForAll @IntRange(min = 0, max = 3) int off, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] q = values(rng, off + 4 * nt);
        double[] r = new double[4 * nt + L];
        Arrays.fill(r, SENTINEL);
        int t = Winograd4SimdDouble.merge4(q, off, nt, r);
        assertEquals(nt - nt % L, t, "tiles left to the caller of " + nt);
        for (int i = 0; i < r.length; i++) {
            double expected = i < 4 * t ? q[off + i % 4 * nt + i / 4] : SENTINEL;
            assertEquals(expected, r[i], "element " + i % 4 + " of tile " + i / 4 + " of " + nt);
        }
    }
}
