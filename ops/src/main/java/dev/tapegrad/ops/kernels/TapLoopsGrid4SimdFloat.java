package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the grid loops of {@link TapLoops} for blocks of two to four rows ({@code tapsRowsGrid}
 * through {@link #taps4Grid}): each source load shared by the rows of a block, rows in pairs of vectors and the
 * rest masked, so results equal the scalar loops'. Blocks of six and eight rows are in
 * {@link TapLoopsGridSimdFloat}, which finishes their rows with {@link #taps4GridRest}. FLOAT32;
 * {@link TapLoopsGrid4SimdDouble} is generated from this file for FLOAT64. Loads jdk.incubator.vector: only reached
 * through {@link TapLoops} when {@link TapLoops#SIMD} is true.
 */
final class TapLoopsGrid4SimdFloat {
    private TapLoopsGrid4SimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Offset of row r of a block of rows (the last one repeated past the block's size). */
    private static int row(int off, int stride, int r, int rows) {
        return TapLoopsSimdFloat.row(off, stride, r, rows);
    }

    /**
     * Two to four rows of {@link TapLoops#tapsRowsGrid} (the last row repeated past {@code rows}, computed twice
     * and stored alike), each source load shared by the rows; split per grid row into a method for pairs of
     * vectors and one for the rest, masked, so that each stays small enough for C1 (see {@link TapLoopsSimdFloat#taps4}).
     */
    static void taps4Grid(float[] acc, int accOff, int accStride, int planeStride, int rows, int h, int width,
                          float[] src, int base, int srcStride, int[] offsets, float[] w, int wOff, int wStride,
                          float[] init, int initOff) {
        int y = 0;
        if (rows != 3 && width > 0 && width <= S.length()) {
            // rows of one vector (14 columns at 14×14): four grid rows per pass (then two), each weight load shared
            for (; y + 4 <= h; y += 4) {
                TapLoopsNarrowSimdFloat.taps4Quad(acc, accOff + y * accStride, accStride, planeStride, rows, width, src,
                        base + y * srcStride, srcStride, offsets, w, wOff, wStride, init, initOff);
            }
            for (; y + 2 <= h; y += 2) {
                TapLoopsNarrowSimdFloat.taps4Pair(acc, accOff + y * accStride, accStride, planeStride, rows, width, src,
                        base + y * srcStride, srcStride, offsets, w, wOff, wStride, init, initOff);
            }
        }
        for (; y < h; y++) {
            int a = accOff + y * accStride;
            int b = base + y * srcStride;
            if (rows == 3) {
                // three rows (e.g. the input gradient of an RGB layer): no fourth row computed twice
                int i = taps3GridPairs(acc, a, planeStride, rows, width, src, b, offsets, w, wOff, wStride, init, initOff);
                if (i < width) {
                    taps3GridRest(acc, a, planeStride, rows, i, width, src, b, offsets, w, wOff, wStride, init, initOff);
                }
                continue;
            }
            int i = taps4GridPairs(acc, a, planeStride, rows, width, src, b, offsets, w, wOff, wStride, init, initOff);
            if (i < width) {
                taps4GridRest(acc, a, planeStride, rows, i, width, src, b, offsets, w, wOff, wStride, init, initOff);
            }
        }
    }

    /** The initial value of row r of a block: init[initOff + r], or zero without init. */
    static float start(float[] init, int initOff, int r, int rows) {
        return init == null ? 0f : init[initOff + Math.min(r, rows - 1)];
    }

    private static int taps4GridPairs(float[] acc, int a0, int planeStride, int rows, int width, float[] src, int b,
                                      int[] offsets, float[] w, int wOff, int wStride, float[] init, int initOff) {
        int step = S.length();
        int a1 = row(a0, planeStride, 1, rows);
        int a2 = row(a0, planeStride, 2, rows);
        int a3 = row(a0, planeStride, 3, rows);
        int w1 = row(wOff, wStride, 1, rows);
        int w2 = row(wOff, wStride, 2, rows);
        int w3 = row(wOff, wStride, 3, rows);
        float i0 = start(init, initOff, 0, rows);
        float i1 = start(init, initOff, 1, rows);
        float i2 = start(init, initOff, 2, rows);
        float i3 = start(init, initOff, 3, rows);
        int i = 0;
        // pairs of vectors while the second holds at least one lane, masked (all lanes set but in the last pair)
        for (; i + step < width; i += 2 * step) {
            VectorMask<Float> m = S.indexInRange(i + step, width);
            FloatVector v00 = FloatVector.broadcast(S, i0);
            FloatVector v01 = v00;
            FloatVector v10 = FloatVector.broadcast(S, i1);
            FloatVector v11 = v10;
            FloatVector v20 = FloatVector.broadcast(S, i2);
            FloatVector v21 = v20;
            FloatVector v30 = FloatVector.broadcast(S, i3);
            FloatVector v31 = v30;
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
            }
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

    static void taps4GridRest(float[] acc, int a0, int planeStride, int rows, int i, int width, float[] src,
                                      int b, int[] offsets, float[] w, int wOff, int wStride, float[] init, int initOff) {
        int step = S.length();
        int a1 = row(a0, planeStride, 1, rows);
        int a2 = row(a0, planeStride, 2, rows);
        int a3 = row(a0, planeStride, 3, rows);
        int w1 = row(wOff, wStride, 1, rows);
        int w2 = row(wOff, wStride, 2, rows);
        int w3 = row(wOff, wStride, 3, rows);
        for (; i < width; i += step) {
            VectorMask<Float> m = S.indexInRange(i, width);
            FloatVector v0 = FloatVector.broadcast(S, start(init, initOff, 0, rows));
            FloatVector v1 = FloatVector.broadcast(S, start(init, initOff, 1, rows));
            FloatVector v2 = FloatVector.broadcast(S, start(init, initOff, 2, rows));
            FloatVector v3 = FloatVector.broadcast(S, start(init, initOff, 3, rows));
            for (int t = 0; t < offsets.length; t++) {
                FloatVector s0 = FloatVector.fromArray(S, src, b + offsets[t] + i, m);
                v0 = s0.fma(FloatVector.broadcast(S, w[wOff + t]), v0);
                v1 = s0.fma(FloatVector.broadcast(S, w[w1 + t]), v1);
                v2 = s0.fma(FloatVector.broadcast(S, w[w2 + t]), v2);
                v3 = s0.fma(FloatVector.broadcast(S, w[w3 + t]), v3);
            }
            v3.intoArray(acc, a3 + i, m);
            v2.intoArray(acc, a2 + i, m);
            v1.intoArray(acc, a1 + i, m);
            v0.intoArray(acc, a0 + i, m);
        }
    }

    private static int taps3GridPairs(float[] acc, int a0, int planeStride, int rows, int width, float[] src, int b,
                                      int[] offsets, float[] w, int wOff, int wStride, float[] init, int initOff) {
        int step = S.length();
        int a1 = row(a0, planeStride, 1, rows);
        int a2 = row(a0, planeStride, 2, rows);
        int w1 = row(wOff, wStride, 1, rows);
        int w2 = row(wOff, wStride, 2, rows);
        float i0 = start(init, initOff, 0, rows);
        float i1 = start(init, initOff, 1, rows);
        float i2 = start(init, initOff, 2, rows);
        int i = 0;
        // pairs of vectors while the second holds at least one lane, masked (all lanes set but in the last pair)
        for (; i + step < width; i += 2 * step) {
            VectorMask<Float> m = S.indexInRange(i + step, width);
            FloatVector v00 = FloatVector.broadcast(S, i0);
            FloatVector v01 = v00;
            FloatVector v10 = FloatVector.broadcast(S, i1);
            FloatVector v11 = v10;
            FloatVector v20 = FloatVector.broadcast(S, i2);
            FloatVector v21 = v20;
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
            }
            v20.intoArray(acc, a2 + i);
            v21.intoArray(acc, a2 + i + step, m);
            v10.intoArray(acc, a1 + i);
            v11.intoArray(acc, a1 + i + step, m);
            v00.intoArray(acc, a0 + i);
            v01.intoArray(acc, a0 + i + step, m);
        }
        return i;
    }

    private static void taps3GridRest(float[] acc, int a0, int planeStride, int rows, int i, int width, float[] src,
                                      int b, int[] offsets, float[] w, int wOff, int wStride, float[] init, int initOff) {
        int step = S.length();
        int a1 = row(a0, planeStride, 1, rows);
        int a2 = row(a0, planeStride, 2, rows);
        int w1 = row(wOff, wStride, 1, rows);
        int w2 = row(wOff, wStride, 2, rows);
        for (; i < width; i += step) {
            VectorMask<Float> m = S.indexInRange(i, width);
            FloatVector v0 = FloatVector.broadcast(S, start(init, initOff, 0, rows));
            FloatVector v1 = FloatVector.broadcast(S, start(init, initOff, 1, rows));
            FloatVector v2 = FloatVector.broadcast(S, start(init, initOff, 2, rows));
            for (int t = 0; t < offsets.length; t++) {
                FloatVector s0 = FloatVector.fromArray(S, src, b + offsets[t] + i, m);
                v0 = s0.fma(FloatVector.broadcast(S, w[wOff + t]), v0);
                v1 = s0.fma(FloatVector.broadcast(S, w[w1 + t]), v1);
                v2 = s0.fma(FloatVector.broadcast(S, w[w2 + t]), v2);
            }
            v2.intoArray(acc, a2 + i, m);
            v1.intoArray(acc, a1 + i, m);
            v0.intoArray(acc, a0 + i, m);
        }
    }
}
