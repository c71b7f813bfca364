package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The FLOAT32 weight gradient of {@link Winograd4WeightFloat} through the register tile's panels: the Vector API
 * packing of {@link Winograd4SimdFloat#packPanels} against its scalar reference bit for bit (row counts around 8
 * and the panel widths, element counts around the lane count, NaNs and infinities, a sentinel past the panels),
 * and the weight gradient at channel counts that leave partial panels against the float64 GEMM method; and the
 * gather of output-gradient tiles by rows against its definition.
 */
class Winograd4WeightPanelsTest {
    private static final int L = Winograd4Float.SIMD ? Winograd4SimdFloat.N : 4;
    private static final float SENTINEL = 12345f;
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, 1e30f, -1e-30f};

    @Property(tries = 400)
    void packedPanelsEqualTheScalarPacking(@ForAll @IntRange(min = 0, max = 41) int rows,
            @ForAll @IntRange(min = 0, max = 50) int lenDraw, @ForAll boolean wide,
            @ForAll @IntRange(min = 0, max = 5) int off, @ForAll @IntRange(min = 0, max = 19) int skew,
            @ForAll long seed) {
        if (!Winograd4WeightFloat.PANELS) {
            return;
        }
        int len = Math.min(lenDraw, 3 * L + 1);
        int w = wide ? SgemmSimd.NR : SgemmSimd.MR;
        int ld = len + skew;
        SplittableRandom rng = new SplittableRandom(seed);
        float[] src = new float[off + rows * ld + L];
        for (int i = 0; i < src.length; i++) {
            src[i] = rng.nextInt(20) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
        }
        int padded = (rows + w - 1) / w * w;
        float[] expected = new float[padded * len + 2 * L];
        Arrays.fill(expected, SENTINEL);
        float[] actual = expected.clone();
        Winograd4WeightFloat.packPanelsScalar(src, off, ld, rows, len, w, expected);
        Winograd4SimdFloat.packPanels(src, off, ld, rows, len, w, actual);
        assertArrayEquals(expected, actual, rows + " rows of " + len + " in panels of " + w);
    }

    /** Channel counts 1 .. 41 and planes of 1 .. 5 tiles a side: partial panels of both operands, tail tiles. */
    @Property(tries = 20)
    void weightGradientMatchesTheFloat64Gemm(@ForAll @IntRange(min = 1, max = 3) int n,
            @ForAll @IntRange(min = 1, max = 41) int cin, @ForAll @IntRange(min = 1, max = 41) int cout,
            @ForAll @IntRange(min = 2, max = 20) int h, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ConvGeometry g = new ConvGeometry(n, cin, h, h, cout, h, h, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        double[] x = new double[n * cin * h * h];
        double[] gy = new double[n * cout * h * h];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < gy.length; i++) {
            gy[i] = (float) rng.nextGaussian();
        }
        double[] expected = new double[cout * cin * 9];
        ConvDouble.backwardWeight(ConvMethod.GEMM, g, x, gy, expected);
        float[] actual = new float[expected.length];
        Winograd4Float.backwardWeight(g, narrow(x), narrow(gy), actual);
        double scale = Math.sqrt(n * h * h);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-4 * scale, "element " + i + " of " + n + "×" + cin + "→" + cout
                    + " at " + h + "×" + h);
        }
    }

    /** Every element of every tile, zero past the plane; nothing written past the 16 rows of nt tiles. */
    @Property(tries = 300)
    void gatheredGradientTilesAreTheWindowsOfTheGradient(@ForAll @IntRange(min = 1, max = 3) int count,
            @ForAll @IntRange(min = 1, max = 2) int cout, @ForAll @IntRange(min = 1, max = 23) int oh,
            @ForAll @IntRange(min = 1, max = 40) int ow, @ForAll long seed) {
        Winograd4Float.Shape s = new Winograd4Float.Shape(count, 1, oh + 2, ow + 2, cout, oh, ow, 0, 0);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] gy = new float[count * cout * oh * ow];
        for (int i = 0; i < gy.length; i++) {
            gy[i] = (float) rng.nextGaussian();
        }
        int nt = count * s.tiles();
        float[] q = new float[16 * nt + L];
        Arrays.fill(q, SENTINEL);
        int o = cout - 1;
        Winograd4WeightFloat.gatherGradientRows(s, gy, o * oh * ow, count, new float[4 * nt], q, nt);
        for (int n = 0; n < count; n++) {
            for (int a = 0; a < s.tilesH(); a++) {
                for (int b = 0; b < s.tilesW(); b++) {
                    int t = n * s.tiles() + a * s.tilesW() + b;
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 4; j++) {
                            int r = 4 * a + i;
                            int c = 4 * b + j;
                            float expected = r < oh && c < ow ? gy[((n * cout + o) * oh + r) * ow + c] : 0f;
                            assertEquals(expected, q[(4 * i + j) * nt + t], "element " + i + "," + j + " of " + t);
                        }
                    }
                }
            }
        }
        for (int i = 16 * nt; i < q.length; i++) {
            assertEquals(SENTINEL, q[i]);
        }
    }

    private static float[] narrow(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
