package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The Vector API tile transforms (input, output, gradient) of {@link WinogradSimdFloat} against the scalar
 * tiles of {@link WinogradFloat}, bit for bit: tiles per row 1 .. 2L + 1 and tile counts 0 .. 2L + 1 for the
 * lane count L, values with signed zeros, NaNs and infinities, and a sentinel around each block that no vector
 * may overwrite.
 */
class WinogradSimdFloatTest {
    private static final int L = WinogradSimdFloat.N;
    private static final float SENTINEL = 12345f;
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, 1e30f, -1e-30f};

    private static float[] values(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(20) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
        }
        return v;
    }

    @Property(tries = 300)
    void inputTransformEqualsTheScalarTiles(@ForAll @IntRange(min = 1, max = 4) int tilesH,
            @ForAll @IntRange(min = 1, max = 33) int tilesW, @ForAll @IntRange(min = 0, max = 3) int off,
            @ForAll @IntRange(min = 0, max = 17) int skew, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int w2 = tilesW + 1;
        int half = (2 * tilesH + 2) * w2 + WinogradFloat.PAD;
        float[] eo = values(rng, 2 * half);
        int tiles = tilesH * tilesW;
        int stride = tiles + skew;
        float[] expected = new float[off + 16 * stride + L];
        Arrays.fill(expected, SENTINEL);
        float[] actual = expected.clone();
        for (int t = 0; t < tiles; t++) {
            int a = t / tilesW;
            WinogradFloat.inputTile(eo, w2, half, 2 * a * w2 + t - a * tilesW, expected, off + t, stride);
        }
        int t = WinogradSimdFloat.transformInput(eo, w2, half, tilesH, tilesW, actual, off, stride);
        assertTrue(tiles < L || t > 0, "a vector ran for " + tiles + " tiles");
        for (; t < tiles; t++) {
            int a = t / tilesW;
            WinogradFloat.inputTile(eo, w2, half, 2 * a * w2 + t - a * tilesW, actual, off + t, stride);
        }
        assertArrayEquals(expected, actual);
    }

    @Property(tries = 200)
    void outputTransformEqualsTheScalarTiles(@ForAll @IntRange(min = 0, max = 33) int tiles,
            @ForAll @IntRange(min = 0, max = 3) int off, @ForAll @IntRange(min = 0, max = 17) int skew,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int stride = tiles + skew;
        float[] m = values(rng, off + 16 * stride);
        float b = rng.nextBoolean() ? 0f : (float) rng.nextGaussian();
        float[] expected = new float[4 * tiles + L];
        Arrays.fill(expected, SENTINEL);
        float[] actual = expected.clone();
        for (int t = 0; t < tiles; t++) {
            WinogradFloat.outputTile(m, off + t, stride, b, expected, t, tiles);
        }
        int t = WinogradSimdFloat.transformOutput(m, off, stride, b, actual, tiles);
        assertTrue(tiles < L || t > 0, "a vector ran for " + tiles + " tiles");
        for (; t < tiles; t++) {
            WinogradFloat.outputTile(m, off + t, stride, b, actual, t, tiles);
        }
        assertArrayEquals(expected, actual);
    }

    @Property(tries = 200)
    void gradientTransformEqualsTheScalarTiles(@ForAll @IntRange(min = 0, max = 33) int tiles,
            @ForAll @IntRange(min = 0, max = 3) int off, @ForAll @IntRange(min = 0, max = 17) int skew,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int stride = tiles + skew;
        float[] q = values(rng, 4 * tiles);
        float[] expected = new float[off + 16 * stride + L];
        Arrays.fill(expected, SENTINEL);
        float[] actual = expected.clone();
        for (int t = 0; t < tiles; t++) {
            WinogradFloat.gradientTile(q, t, tiles, expected, off + t, stride);
        }
        int t = WinogradSimdFloat.transformGradient(q, tiles, actual, off, stride);
        assertTrue(tiles < L || t > 0, "a vector ran for " + tiles + " tiles");
        for (; t < tiles; t++) {
            WinogradFloat.gradientTile(q, t, tiles, actual, off + t, stride);
        }
        assertArrayEquals(expected, actual);
    }
}
