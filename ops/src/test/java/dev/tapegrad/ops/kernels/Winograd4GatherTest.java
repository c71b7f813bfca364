package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The data movement of {@link Winograd4Float} around its transforms, bit for bit: the tiles gathered through the
 * zero-padded planes and the table of tileIndex against their definition and against gatherRows (element (i, j) of tile t is
 * x[4a + i - padH][4b + j - padW] of its image, zero outside; padding 0 to 3 and negative, planes narrower than
 * a tile, partial tiles), the padded planes reused across channels, and the outputs scattered through the table
 * of outputIndex against the merged rows of scatterRows (planes from 1 to 40 columns, so both sides of
 * WIDE_TILES).
 */
class Winograd4GatherTest {
    private static Winograd4Float.Shape shape(int batch, int cin, int h, int w, int cout, int padH, int padW) {
        return new Winograd4Float.Shape(batch, cin, h, w, cout, h + 2 * padH - 2, w + 2 * padW - 2, padH, padW);
    }

    @Property(tries = 300)
    void gatheredTilesAreTheWindowsOfTheInput(@ForAll @IntRange(min = 1, max = 3) int count,
            @ForAll @IntRange(min = 1, max = 3) int cin, @ForAll @IntRange(min = 1, max = 23) int h,
            @ForAll @IntRange(min = 1, max = 40) int w, @ForAll @IntRange(min = -1, max = 3) int padH,
            @ForAll @IntRange(min = -1, max = 3) int padW, @ForAll long seed) {
        Winograd4Float.Shape s = shape(count + 1, cin, h, w, 1, padH, padW);
        if (s.oh() < 1 || s.ow() < 1) {
            return;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[s.batch() * cin * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int nt = count * s.tiles();
        int[] index = Winograd4TilesFloat.tileIndex(s, count);
        float[] padded = new float[count * Winograd4TilesFloat.paddedSize(s)];
        float[] d = new float[36 * nt];
        int n0 = s.batch() - count;
        float[] rows = new float[36 * nt];
        for (int c = 0; c < cin; c++) {
            Arrays.fill(d, Float.NaN);
            Arrays.fill(rows, Float.NaN);
            Winograd4TilesFloat.gather(s, x, (n0 * cin + c) * h * w, count, padded, index, d);
            Winograd4TilesFloat.gatherRows(s, x, (n0 * cin + c) * h * w, count, new float[4 * nt], rows, nt);
            assertArrayEquals(d, rows, "channel " + c);
            for (int n = 0; n < count; n++) {
                for (int a = 0; a < s.tilesH(); a++) {
                    for (int b = 0; b < s.tilesW(); b++) {
                        int t = n * s.tiles() + a * s.tilesW() + b;
                        for (int i = 0; i < 6; i++) {
                            for (int j = 0; j < 6; j++) {
                                int r = 4 * a + i - padH;
                                int col = 4 * b + j - padW;
                                float expected = r >= 0 && r < h && col >= 0 && col < w
                                        ? x[(((n0 + n) * cin + c) * h + r) * w + col] : 0f;
                                assertEquals(expected, d[(6 * i + j) * nt + t],
                                        "element " + i + "," + j + " of tile " + t + " of channel " + c);
                            }
                        }
                    }
                }
            }
        }
    }

    @Property(tries = 300)
    void scatteredOutputsAreTheMergedRows(@ForAll @IntRange(min = 1, max = 3) int count,
            @ForAll @IntRange(min = 1, max = 2) int cout, @ForAll @IntRange(min = 1, max = 40) int oh,
            @ForAll @IntRange(min = 1, max = 40) int ow, @ForAll long seed) {
        Winograd4Float.Shape s = shape(count, 1, oh, ow, cout, 1, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        int nt = count * s.tiles();
        float[] q = new float[16 * nt];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) rng.nextGaussian();
        }
        int size = count * cout * oh * ow;
        float[] expected = new float[size];
        float[] actual = new float[size];
        Arrays.fill(expected, Float.NaN);
        Arrays.fill(actual, Float.NaN);
        int o = cout - 1;
        Winograd4TilesFloat.scatterRows(s, q, nt, count, new float[4 * nt + 16], expected, o * oh * ow);
        Winograd4TilesFloat.scatter(s, q, Winograd4TilesFloat.outputIndex(s, count), count, actual, o * oh * ow);
        assertArrayEquals(expected, actual);
        for (int n = 0; n < count; n++) {
            for (int r = 0; r < oh; r++) {
                for (int c = 0; c < ow; c++) {
                    int t = n * s.tiles() + r / 4 * s.tilesW() + c / 4;
                    assertEquals(q[(4 * (r % 4) + c % 4) * nt + t], actual[((n * cout + o) * oh + r) * ow + c]);
                }
            }
        }
    }
}
