package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The grid tap loops of the direct convolution (rows of planes at a stride, written or read in place; one output
 * plane or several sharing each load) and the short-row copy against their scalar references, over drawn grids:
 * widths from 0 to past three vectors of 16
 * lanes (so 0, 1, L-1, L, L+1 and the masked last vector for every lane count up to 16), strides past the width,
 * offsets in any order and up to 13 taps (the balanced passes of four). tapsGrid uses fused multiply-adds in
 * the same order as the scalar loop, so results are identical; dotsGrid sums in lanes, so within a bound.
 */
class TapLoopsGridTest {

    private static int[] offsets(SplittableRandom rng, int taps, int maxOffset) {
        int[] off = new int[taps];
        for (int t = 0; t < taps; t++) {
            off[t] = rng.nextInt(maxOffset + 1);
        }
        return off;
    }

    private static float[] floats(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    private static double[] doubles(SplittableRandom rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    @Property(tries = 300)
    void tapsGridMatchesScalar(@ForAll @IntRange(min = 1, max = 4) int h, @ForAll @IntRange(min = 0, max = 50) int width,
                               @ForAll @IntRange(min = 0, max = 5) int accPad, @ForAll @IntRange(min = 0, max = 5) int srcPad,
                               @ForAll @IntRange(min = 1, max = 13) int taps, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int accStride = width + accPad;
        int srcStride = width + srcPad;
        int maxOffset = 2 * srcStride + 3;
        int[] off = offsets(rng, taps, maxOffset);
        int base = rng.nextInt(4);
        float[] src = floats(rng, base + h * srcStride + maxOffset + 1);
        float[] w = floats(rng, taps + 2);
        float init = (float) rng.nextGaussian();
        int accOff = rng.nextInt(3);
        float[] acc = floats(rng, accOff + h * accStride + 2);
        float[] expected = acc.clone();
        TapLoops.tapsGridScalar(expected, accOff, accStride, h, width, src, base, srcStride, off, w, 1, init);
        TapLoops.tapsGrid(acc, accOff, accStride, h, width, src, base, srcStride, off, w, 1, init);
        assertArrayEquals(expected, acc);

        double[] srcD = doubles(rng, src.length);
        double[] wD = doubles(rng, w.length);
        double[] accD = doubles(rng, acc.length);
        double[] expectedD = accD.clone();
        TapLoops.tapsGridScalar(expectedD, accOff, accStride, h, width, srcD, base, srcStride, off, wD, 1, init);
        TapLoops.tapsGrid(accD, accOff, accStride, h, width, srcD, base, srcStride, off, wD, 1, init);
        assertArrayEquals(expectedD, accD);
    }

    /**
     * Up to 17 rows: blocks of eight (8, 14 = 8 + 6, 16 = 8 + 8), of six, of four, the five- and three-row forms and
     * single rows; up to 9
     * grid rows, so that rows of one vector run four, two and one grid rows at a time.
     */
    @Property(tries = 600)
    void tapsRowsGridMatchesScalar(@ForAll @IntRange(min = 1, max = 17) int rows, @ForAll @IntRange(min = 1, max = 9) int h,
                                   @ForAll @IntRange(min = 0, max = 50) int width, @ForAll @IntRange(min = 0, max = 4) int pad,
                                   @ForAll @IntRange(min = 1, max = 11) int taps, @ForAll boolean withInit,
                                   @ForAll @IntRange(min = 0, max = 1000) int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int stride = width + pad;
        int planeStride = h * stride + rng.nextInt(3);
        int maxOffset = 2 * stride + 3;
        int[] off = offsets(rng, taps, maxOffset);
        int wStride = taps + rng.nextInt(3);
        float[] src = floats(rng, 1 + h * stride + maxOffset + 1);
        float[] w = floats(rng, 2 + rows * wStride);
        float[] init = withInit ? floats(rng, rows + 1) : null;
        float[] acc = floats(rng, 1 + rows * planeStride + 1);
        float[] expected = acc.clone();
        for (int r = 0; r < rows; r++) {
            TapLoops.tapsGridScalar(expected, 1 + r * planeStride, stride, h, width, src, 1, stride, off, w, 2 + r * wStride,
                    withInit ? init[1 + r] : 0f);
        }
        TapLoops.tapsRowsGrid(acc, 1, stride, planeStride, rows, h, width, src, 1, stride, off, w, 2, wStride, init, 1);
        assertArrayEquals(expected, acc);

        double[] srcD = doubles(rng, src.length);
        double[] wD = doubles(rng, w.length);
        double[] initD = withInit ? doubles(rng, rows + 1) : null;
        double[] accD = doubles(rng, acc.length);
        double[] expectedD = accD.clone();
        for (int r = 0; r < rows; r++) {
            TapLoops.tapsGridScalar(expectedD, 1 + r * planeStride, stride, h, width, srcD, 1, stride, off, wD,
                    2 + r * wStride, withInit ? initD[1 + r] : 0.0);
        }
        TapLoops.tapsRowsGrid(accD, 1, stride, planeStride, rows, h, width, srcD, 1, stride, off, wD, 2, wStride, initD, 1);
        assertArrayEquals(expectedD, accD);
    }

    @Property(tries = 300)
    void dotsGridMatchesScalar(@ForAll @IntRange(min = 1, max = 4) int h, @ForAll @IntRange(min = 0, max = 50) int width,
                               @ForAll @IntRange(min = 0, max = 5) int aPad, @ForAll @IntRange(min = 0, max = 5) int bPad,
                               @ForAll @IntRange(min = 1, max = 13) int taps, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int aStride = width + aPad;
        int bStride = width + bPad;
        int maxOffset = 2 * bStride + 3;
        int[] off = offsets(rng, taps, maxOffset);
        int aOff = rng.nextInt(3);
        int base = rng.nextInt(4);
        float[] a = floats(rng, aOff + h * aStride + 1);
        float[] b = floats(rng, base + h * bStride + maxOffset + 1);
        float[] out = floats(rng, taps + 3);
        float[] expected = out.clone();
        float[] scale = new float[taps];
        for (int t = 0; t < taps; t++) {
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < width; i++) {
                    float p = a[aOff + y * aStride + i] * b[base + y * bStride + off[t] + i];
                    expected[2 + t] += p;
                    scale[t] += Math.abs(p);
                }
            }
        }
        TapLoops.dotsGrid(a, aOff, aStride, h, width, b, base, bStride, off, out, 2);
        assertEquals(expected[0], out[0]);
        assertEquals(expected[1], out[1]);
        for (int t = 0; t < taps; t++) {
            assertEquals(expected[2 + t], out[2 + t], 1e-5f * (scale[t] + Math.abs(expected[2 + t]) + 1f), "tap " + t);
        }

        double[] aD = doubles(rng, a.length);
        double[] bD = doubles(rng, b.length);
        double[] outD = new double[taps + 2];
        double[] expectedD = new double[taps + 2];
        for (int t = 0; t < taps; t++) {
            double s = 0;
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < width; i++) {
                    double p = aD[aOff + y * aStride + i] * bD[base + y * bStride + off[t] + i];
                    expectedD[t] += p;
                    s += Math.abs(p);
                }
            }
            scale[t] = (float) s;
        }
        TapLoops.dotsGrid(aD, aOff, aStride, h, width, bD, base, bStride, off, outD, 0);
        for (int t = 0; t < taps; t++) {
            assertEquals(expectedD[t], outD[t], 1e-13 * (scale[t] + 1), "tap " + t);
        }
    }

    @Property(tries = 200)
    void copyMatchesArraycopy(@ForAll @IntRange(min = 0, max = 70) int len, @ForAll @IntRange(min = 0, max = 3) int sOff,
                              @ForAll @IntRange(min = 0, max = 3) int dOff, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] src = floats(rng, sOff + len + 1);
        float[] dst = floats(rng, dOff + len + 2);
        float[] expected = dst.clone();
        System.arraycopy(src, sOff, expected, dOff, len);
        TapLoops.copy(src, sOff, dst, dOff, len);
        assertArrayEquals(expected, dst);

        double[] srcD = doubles(rng, src.length);
        double[] dstD = doubles(rng, dst.length);
        double[] expectedD = dstD.clone();
        System.arraycopy(srcD, sOff, expectedD, dOff, len);
        TapLoops.copy(srcD, sOff, dstD, dOff, len);
        assertArrayEquals(expectedD, dstD);
    }
}
