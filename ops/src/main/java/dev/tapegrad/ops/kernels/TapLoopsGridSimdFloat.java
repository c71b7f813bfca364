package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the grid loops of {@link TapLoops} ({@code tapsGrid}, and {@code tapsRowsGrid} for blocks
 * of six and eight rows): taps over h × width grids of strided rows, so that the direct convolution writes its
 * output (or input gradient) rows in place without padded copies. Rows in pairs of vectors with the second masked,
 * the last partial vector masked, so results equal the scalar loops'. Blocks of up to four rows are in
 * {@link TapLoopsGrid4SimdFloat}, {@code dotsGrid} in {@link TapDotsSimdFloat}. FLOAT32;
 * {@link TapLoopsGridSimdDouble} is generated from this file for FLOAT64. Loads jdk.incubator.vector: only reached
 * through {@link TapLoops} when {@link TapLoops#SIMD} is true.
 */
final class TapLoopsGridSimdFloat {
    private TapLoopsGridSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Offset of row r of a block of rows (the last one repeated past the block's size). */
    private static int row(int off, int stride, int r, int rows) {
        return TapLoopsSimdFloat.row(off, stride, r, rows);
    }

    /**
     * {@link TapLoops#tapsGrid}: each row in pairs of vectors, the second masked (all lanes set but at the row's
     * end; the mask's offset is never negative, so it compiles to a plain masked load and store), then a last
     * single vector, masked.
     */
    static void tapsGrid(float[] acc, int accOff, int accStride, int h, int width, float[] src, int base, int srcStride,
                         int[] offsets, float[] w, int wOff, float init) {
        int step = S.length();
        int taps = offsets.length;
        int y = 0;
        for (; y + 2 <= h; y += 2) {
            tapsGridRowPair(acc, accOff + y * accStride, accStride, width, src, base + y * srcStride, srcStride, offsets,
                    w, wOff, init);
        }
        for (; y < h; y++) {
            int a = accOff + y * accStride;
            int b = base + y * srcStride;
            int i = 0;
            for (; i + step < width; i += 2 * step) {
                VectorMask<Float> m = S.indexInRange(i + step, width);
                FloatVector v0 = FloatVector.broadcast(S, init);
                FloatVector v1 = v0;
                for (int t = 0; t < taps; t++) {
                    FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
                    int p = b + offsets[t] + i;
                    v0 = FloatVector.fromArray(S, src, p).fma(wt, v0);
                    v1 = FloatVector.fromArray(S, src, p + step, m).fma(wt, v1);
                }
                v0.intoArray(acc, a + i);
                v1.intoArray(acc, a + i + step, m);
            }
            for (; i < width; i += step) {
                VectorMask<Float> m = S.indexInRange(i, width);
                FloatVector v = FloatVector.broadcast(S, init);
                for (int t = 0; t < taps; t++) {
                    v = FloatVector.fromArray(S, src, b + offsets[t] + i, m).fma(FloatVector.broadcast(S, w[wOff + t]), v);
                }
                v.intoArray(acc, a + i, m);
            }
        }
    }

    /**
     * Two rows of {@link #tapsGrid} together, pairs of vectors (the second masked) and then a last single one, so
     * that four chains of fused multiply-adds run side by side where one row's two would wait on each other's
     * latency (a plane summing many taps, e.g. the input gradient of a 1-channel layer from 6 or 16 planes).
     */
    private static void tapsGridRowPair(float[] acc, int a, int accStride, int width, float[] src, int b, int srcStride,
                                        int[] offsets, float[] w, int wOff, float init) {
        int step = S.length();
        int i = 0;
        for (; i + step < width; i += 2 * step) {
            VectorMask<Float> m = S.indexInRange(i + step, width);
            FloatVector v0 = FloatVector.broadcast(S, init);
            FloatVector v1 = v0;
            FloatVector v2 = v0;
            FloatVector v3 = v0;
            for (int t = 0; t < offsets.length; t++) {
                FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
                int p = b + offsets[t] + i;
                v0 = FloatVector.fromArray(S, src, p).fma(wt, v0);
                v1 = FloatVector.fromArray(S, src, p + step, m).fma(wt, v1);
                v2 = FloatVector.fromArray(S, src, p + srcStride).fma(wt, v2);
                v3 = FloatVector.fromArray(S, src, p + srcStride + step, m).fma(wt, v3);
            }
            v0.intoArray(acc, a + i);
            v1.intoArray(acc, a + i + step, m);
            v2.intoArray(acc, a + accStride + i);
            v3.intoArray(acc, a + accStride + i + step, m);
        }
        for (; i < width; i += step) {
            VectorMask<Float> m = S.indexInRange(i, width);
            FloatVector v0 = FloatVector.broadcast(S, init);
            FloatVector v2 = v0;
            for (int t = 0; t < offsets.length; t++) {
                FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
                int p = b + offsets[t] + i;
                v0 = FloatVector.fromArray(S, src, p, m).fma(wt, v0);
                v2 = FloatVector.fromArray(S, src, p + srcStride, m).fma(wt, v2);
            }
            v0.intoArray(acc, a + i, m);
            v2.intoArray(acc, a + accStride + i, m);
        }
    }

    /**
     * Five or six rows of {@link TapLoops#tapsRowsGrid} (the last repeated past {@code rows}): each source load
     * shared by six rows, twelve chains of fused multiply-adds per pair of vectors; what is left of a grid row after
     * the pairs goes through {@link TapLoopsGrid4SimdFloat#taps4GridRest} for rows [0, 4) and [4, rows), small enough for C1;
     * so do whole grid rows whose pairs would reach within a vector of an array's end ({@link #inRange}).
     */
    static void taps6Grid(float[] acc, int accOff, int accStride, int planeStride, int rows, int h, int width,
                          float[] src, int base, int srcStride, int[] offsets, float[] w, int wOff, int wStride,
                          float[] init, int initOff) {
        int reach = width + 2 * S.length();
        int srcReach = maxOffset(offsets) + reach;
        for (int y = 0; y < h; y++) {
            int a = accOff + y * accStride;
            int b = base + y * srcStride;
            int i = inRange(a + (rows - 1) * planeStride + reach, acc, b + srcReach, src)
                    ? taps6GridPairs(acc, a, planeStride, rows, width, src, b, offsets, w, wOff, wStride, init, initOff)
                    : 0;
            if (i < width) {
                TapLoopsGrid4SimdFloat.taps4GridRest(acc, a + 4 * planeStride, planeStride, rows - 4, i, width, src, b, offsets, w,
                        wOff + 4 * wStride, wStride, init, initOff + 4);
                TapLoopsGrid4SimdFloat.taps4GridRest(acc, a, planeStride, 4, i, width, src, b, offsets, w, wOff, wStride, init, initOff);
            }
        }
    }

    /**
     * Eight rows of {@link TapLoops#tapsRowsGrid}: each pair of source loads shared by eight rows, sixteen chains of
     * fused multiply-adds (ten loads per sixteen, where blocks of six and four take eight per twelve and six per
     * eight); what is left of a grid row after the pairs goes through {@link TapLoopsGrid4SimdFloat#taps4GridRest} for rows [0, 4) and
     * [4, 8), small enough for C1; so do whole grid rows whose pairs would reach within a vector of an array's end
     * ({@link #inRange}).
     */
    static void taps8Grid(float[] acc, int accOff, int accStride, int planeStride, int h, int width, float[] src,
                          int base, int srcStride, int[] offsets, float[] w, int wOff, int wStride, float[] init,
                          int initOff) {
        int reach = width + 2 * S.length();
        int srcReach = maxOffset(offsets) + reach;
        for (int y = 0; y < h; y++) {
            int a = accOff + y * accStride;
            int b = base + y * srcStride;
            int i = inRange(a + 7 * planeStride + reach, acc, b + srcReach, src)
                    ? taps8GridPairs(acc, a, planeStride, width, src, b, offsets, w, wOff, wStride, init, initOff)
                    : 0;
            if (i < width) {
                TapLoopsGrid4SimdFloat.taps4GridRest(acc, a + 4 * planeStride, planeStride, 4, i, width, src, b, offsets, w, wOff + 4 * wStride,
                        wStride, init, initOff + 4);
                TapLoopsGrid4SimdFloat.taps4GridRest(acc, a, planeStride, 4, i, width, src, b, offsets, w, wOff, wStride, init, initOff);
            }
        }
    }

    private static int taps8GridPairs(float[] acc, int a0, int planeStride, int width, float[] src, int b, int[] offsets,
                                      float[] w, int wOff, int wStride, float[] init, int initOff) {
        int step = S.length();
        int i = 0;
        // pairs of vectors while the second holds at least one lane, masked (all lanes set but in the last pair)
        for (; i + step < width; i += 2 * step) {
            VectorMask<Float> m = S.indexInRange(i + step, width);
            FloatVector v00 = FloatVector.broadcast(S, start(init, initOff, 0, 8));
            FloatVector v01 = v00;
            FloatVector v10 = FloatVector.broadcast(S, start(init, initOff, 1, 8));
            FloatVector v11 = v10;
            FloatVector v20 = FloatVector.broadcast(S, start(init, initOff, 2, 8));
            FloatVector v21 = v20;
            FloatVector v30 = FloatVector.broadcast(S, start(init, initOff, 3, 8));
            FloatVector v31 = v30;
            FloatVector v40 = FloatVector.broadcast(S, start(init, initOff, 4, 8));
            FloatVector v41 = v40;
            FloatVector v50 = FloatVector.broadcast(S, start(init, initOff, 5, 8));
            FloatVector v51 = v50;
            FloatVector v60 = FloatVector.broadcast(S, start(init, initOff, 6, 8));
            FloatVector v61 = v60;
            FloatVector v70 = FloatVector.broadcast(S, start(init, initOff, 7, 8));
            FloatVector v71 = v70;
            for (int t = 0; t < offsets.length; t++) {
                int p = b + offsets[t] + i;
                FloatVector s0 = FloatVector.fromArray(S, src, p);
                FloatVector s1 = FloatVector.fromArray(S, src, p + step, m);
                int wt0 = wOff + t;
                FloatVector wt = FloatVector.broadcast(S, w[wt0]);
                v00 = s0.fma(wt, v00);
                v01 = s1.fma(wt, v01);
                wt = FloatVector.broadcast(S, w[wt0 + wStride]);
                v10 = s0.fma(wt, v10);
                v11 = s1.fma(wt, v11);
                wt = FloatVector.broadcast(S, w[wt0 + 2 * wStride]);
                v20 = s0.fma(wt, v20);
                v21 = s1.fma(wt, v21);
                wt = FloatVector.broadcast(S, w[wt0 + 3 * wStride]);
                v30 = s0.fma(wt, v30);
                v31 = s1.fma(wt, v31);
                wt = FloatVector.broadcast(S, w[wt0 + 4 * wStride]);
                v40 = s0.fma(wt, v40);
                v41 = s1.fma(wt, v41);
                wt = FloatVector.broadcast(S, w[wt0 + 5 * wStride]);
                v50 = s0.fma(wt, v50);
                v51 = s1.fma(wt, v51);
                wt = FloatVector.broadcast(S, w[wt0 + 6 * wStride]);
                v60 = s0.fma(wt, v60);
                v61 = s1.fma(wt, v61);
                wt = FloatVector.broadcast(S, w[wt0 + 7 * wStride]);
                v70 = s0.fma(wt, v70);
                v71 = s1.fma(wt, v71);
            }
            v70.intoArray(acc, a0 + 7 * planeStride + i);
            v71.intoArray(acc, a0 + 7 * planeStride + i + step, m);
            v60.intoArray(acc, a0 + 6 * planeStride + i);
            v61.intoArray(acc, a0 + 6 * planeStride + i + step, m);
            v50.intoArray(acc, a0 + 5 * planeStride + i);
            v51.intoArray(acc, a0 + 5 * planeStride + i + step, m);
            v40.intoArray(acc, a0 + 4 * planeStride + i);
            v41.intoArray(acc, a0 + 4 * planeStride + i + step, m);
            v30.intoArray(acc, a0 + 3 * planeStride + i);
            v31.intoArray(acc, a0 + 3 * planeStride + i + step, m);
            v20.intoArray(acc, a0 + 2 * planeStride + i);
            v21.intoArray(acc, a0 + 2 * planeStride + i + step, m);
            v10.intoArray(acc, a0 + planeStride + i);
            v11.intoArray(acc, a0 + planeStride + i + step, m);
            v00.intoArray(acc, a0 + i);
            v01.intoArray(acc, a0 + i + step, m);
        }
        return i;
    }

    private static int taps6GridPairs(float[] acc, int a0, int planeStride, int rows, int width, float[] src, int b,
                                      int[] offsets, float[] w, int wOff, int wStride, float[] init, int initOff) {
        int step = S.length();
        int a1 = row(a0, planeStride, 1, rows);
        int a2 = row(a0, planeStride, 2, rows);
        int a3 = row(a0, planeStride, 3, rows);
        int a4 = row(a0, planeStride, 4, rows);
        int a5 = row(a0, planeStride, 5, rows);
        int w1 = row(wOff, wStride, 1, rows);
        int w2 = row(wOff, wStride, 2, rows);
        int w3 = row(wOff, wStride, 3, rows);
        int w4 = row(wOff, wStride, 4, rows);
        int w5 = row(wOff, wStride, 5, rows);
        int i = 0;
        // pairs of vectors while the second holds at least one lane, masked (all lanes set but in the last pair)
        for (; i + step < width; i += 2 * step) {
            VectorMask<Float> m = S.indexInRange(i + step, width);
            FloatVector v00 = FloatVector.broadcast(S, start(init, initOff, 0, rows));
            FloatVector v01 = v00;
            FloatVector v10 = FloatVector.broadcast(S, start(init, initOff, 1, rows));
            FloatVector v11 = v10;
            FloatVector v20 = FloatVector.broadcast(S, start(init, initOff, 2, rows));
            FloatVector v21 = v20;
            FloatVector v30 = FloatVector.broadcast(S, start(init, initOff, 3, rows));
            FloatVector v31 = v30;
            FloatVector v40 = FloatVector.broadcast(S, start(init, initOff, 4, rows));
            FloatVector v41 = v40;
            FloatVector v50 = FloatVector.broadcast(S, start(init, initOff, 5, rows));
            FloatVector v51 = v50;
            for (int t = 0; t < offsets.length; t++) {
                int p = b + offsets[t] + i;
                FloatVector s0 = FloatVector.fromArray(S, src, p);
                FloatVector s1 = FloatVector.fromArray(S, src, p + step, m);
                FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
                v00 = s0.fma(wt, v00);
                v01 = s1.fma(wt, v01);
                wt = FloatVector.broadcast(S, w[w1 + t]);
                v10 = s0.fma(wt, v10);
                v11 = s1.fma(wt, v11);
                wt = FloatVector.broadcast(S, w[w2 + t]);
                v20 = s0.fma(wt, v20);
                v21 = s1.fma(wt, v21);
                wt = FloatVector.broadcast(S, w[w3 + t]);
                v30 = s0.fma(wt, v30);
                v31 = s1.fma(wt, v31);
                wt = FloatVector.broadcast(S, w[w4 + t]);
                v40 = s0.fma(wt, v40);
                v41 = s1.fma(wt, v41);
                wt = FloatVector.broadcast(S, w[w5 + t]);
                v50 = s0.fma(wt, v50);
                v51 = s1.fma(wt, v51);
            }
            v50.intoArray(acc, a5 + i);
            v51.intoArray(acc, a5 + i + step, m);
            v40.intoArray(acc, a4 + i);
            v41.intoArray(acc, a4 + i + step, m);
            v30.intoArray(acc, a3 + i);
            v31.intoArray(acc, a3 + i + step, m);
            v20.intoArray(acc, a2 + i);
            v21.intoArray(acc, a2 + i + step, m);
            v10.intoArray(acc, a1 + i);
            v11.intoArray(acc, a1 + i + step, m);
            v00.intoArray(acc, a0 + i);
            v01.intoArray(acc, a0 + i + step, m);
        }
        return i;
    }

    /**
     * True when a grid row's pairs of vectors, reaching below {@code accEnd} in acc and {@code srcEnd} in src, stay a
     * vector clear of both arrays' ends, so that their masked loads and stores never take the Vector API's path for a
     * vector that crosses the end of its array. That path's branch (in {@code FloatVector.intoArray} and
     * {@code fromArray}) has one profile for every caller in the JVM: C2 compiled {@code taps8GridPairs} with a trap
     * there while no call had yet taken it, and the first grid row ending at the output's end threw that code away
     * (JFR, the small ResNet's first steps: deoptimization {@code unstable_if} at {@code FloatVector.intoArray}
     * bci 36, then a third C2 compile of 76-103 ms). The few rows that fail go through
     * {@link TapLoopsGrid4SimdFloat#taps4GridRest}, small and cheap to recompile, with the same results.
     */
    private static boolean inRange(int accEnd, float[] acc, int srcEnd, float[] src) {
        return accEnd <= acc.length && srcEnd <= src.length;
    }

    /** The largest tap offset. */
    private static int maxOffset(int[] offsets) {
        int max = 0;
        for (int offset : offsets) {
            max = Math.max(max, offset);
        }
        return max;
    }

    /** The initial value of row r of a block ({@link TapLoopsGrid4SimdFloat#start}). */
    private static float start(float[] init, int initOff, int r, int rows) {
        return TapLoopsGrid4SimdFloat.start(init, initOff, r, rows);
    }
}
