package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link TapLoops}: taps with one load and store of the accumulator per vector and
 * all taps fused in between, four vectors at a time to share each tap's broadcast, the last partial vector
 * masked (so results equal the scalar loops'); copies, adds and sums of rows. The dots are in {@link TapDotsSimdFloat},
 * the loops over grids of strided rows in {@link TapLoopsGridSimdFloat} and {@link TapLoopsGrid4SimdFloat}.
 * FLOAT32; {@link TapLoopsSimdDouble} is generated from this file for FLOAT64. Loads jdk.incubator.vector: only
 * reached through {@link TapLoops} when {@link TapLoops#SIMD} is true.
 */
final class TapLoopsSimdFloat {
    private TapLoopsSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int N = S.length();

    /**
     * Lane rotations by 8, 4, 2 and 1 for {@link #lanes} (constants, so that rearrange compiles to one permute);
     * those wider than the vector are never used.
     */
    private static final VectorShuffle<Float> R8 = VectorShuffle.iota(S, 8, 1, true);
    private static final VectorShuffle<Float> R4 = VectorShuffle.iota(S, 4, 1, true);
    private static final VectorShuffle<Float> R2 = VectorShuffle.iota(S, 2, 1, true);
    private static final VectorShuffle<Float> R1 = VectorShuffle.iota(S, 1, 1, true);

    /**
     * The sum of a vector's lanes by a fixed tree of lanewise adds (halves, quarters, ...): unlike
     * reduceLanes(ADD), whose order is unspecified and differs between compiled and interpreted code, this gives
     * the same result on every thread. Vectors of up to 16 lanes.
     */
    static float lanes(FloatVector v) {
        if (N >= 16) {
            v = v.add(v.rearrange(R8));
        }
        if (N >= 8) {
            v = v.add(v.rearrange(R4));
        }
        if (N >= 4) {
            v = v.add(v.rearrange(R2));
        }
        if (N >= 2) {
            v = v.add(v.rearrange(R1));
        }
        return v.lane(0);
    }

    /** Lanes per vector. */
    static int lanes() {
        return N;
    }

    /** Offset of row r of a block of rows (the last one repeated past the block's size). */
    static int row(int off, int stride, int r, int rows) {
        return off + Math.min(r, rows - 1) * stride;
    }

    static void taps(float[] acc, int accOff, int len, float[] src, int base, int[] offsets, float[] w, int wOff) {
        int step = S.length();
        int taps = offsets.length;
        int i = 0;
        for (; i + 4 * step <= len; i += 4 * step) {
            int a = accOff + i;
            FloatVector v0 = FloatVector.fromArray(S, acc, a);
            FloatVector v1 = FloatVector.fromArray(S, acc, a + step);
            FloatVector v2 = FloatVector.fromArray(S, acc, a + 2 * step);
            FloatVector v3 = FloatVector.fromArray(S, acc, a + 3 * step);
            for (int t = 0; t < taps; t++) {
                FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
                int p = base + offsets[t] + i;
                v0 = FloatVector.fromArray(S, src, p).fma(wt, v0);
                v1 = FloatVector.fromArray(S, src, p + step).fma(wt, v1);
                v2 = FloatVector.fromArray(S, src, p + 2 * step).fma(wt, v2);
                v3 = FloatVector.fromArray(S, src, p + 3 * step).fma(wt, v3);
            }
            v0.intoArray(acc, a);
            v1.intoArray(acc, a + step);
            v2.intoArray(acc, a + 2 * step);
            v3.intoArray(acc, a + 3 * step);
        }
        for (; i + step <= len; i += step) {
            FloatVector v = FloatVector.fromArray(S, acc, accOff + i);
            for (int t = 0; t < taps; t++) {
                v = FloatVector.fromArray(S, src, base + offsets[t] + i).fma(FloatVector.broadcast(S, w[wOff + t]), v);
            }
            v.intoArray(acc, accOff + i);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector v = FloatVector.fromArray(S, acc, accOff + i, m);
            for (int t = 0; t < taps; t++) {
                v = FloatVector.fromArray(S, src, base + offsets[t] + i, m).fma(FloatVector.broadcast(S, w[wOff + t]), v);
            }
            v.intoArray(acc, accOff + i, m);
        }
    }

    /**
     * Two to four rows of {@link TapLoops#tapsRows}, each source load shared by the rows. With fewer than four
     * rows the last one is computed again in the spare accumulators: both copies start from the same values and
     * store the same results. Split into small methods (two vectors per row, then one, then a masked one) so
     * that C1 can compile each of them: a method it gives up on ("out of virtual registers") may stay
     * interpreted, in the Vector API's slow Java fallback, for the whole run.
     */
    static void taps4(float[] acc, int accOff, int accStride, int rows, int len, float[] src, int base, int[] offsets,
                      float[] w, int wOff, int wStride) {
        int i = taps4Pairs(acc, accOff, accStride, rows, len, src, base, offsets, w, wOff, wStride);
        i = taps4Singles(acc, accOff, accStride, rows, i, len, src, base, offsets, w, wOff, wStride);
        if (i < len) {
            taps4Masked(acc, accOff, accStride, rows, i, len, src, base, offsets, w, wOff, wStride);
        }
    }

    /** taps4 over pairs of vectors from 0; returns where it stopped. */
    private static int taps4Pairs(float[] acc, int accOff, int accStride, int rows, int len, float[] src, int base,
                                  int[] offsets, float[] w, int wOff, int wStride) {
        int step = S.length();
        int a0 = accOff;
        int a1 = row(accOff, accStride, 1, rows);
        int a2 = row(accOff, accStride, 2, rows);
        int a3 = row(accOff, accStride, 3, rows);
        int w0 = wOff;
        int w1 = row(wOff, wStride, 1, rows);
        int w2 = row(wOff, wStride, 2, rows);
        int w3 = row(wOff, wStride, 3, rows);
        int i = 0;
        for (; i + 2 * step <= len; i += 2 * step) {
            FloatVector v00 = FloatVector.fromArray(S, acc, a0 + i);
            FloatVector v01 = FloatVector.fromArray(S, acc, a0 + i + step);
            FloatVector v10 = FloatVector.fromArray(S, acc, a1 + i);
            FloatVector v11 = FloatVector.fromArray(S, acc, a1 + i + step);
            FloatVector v20 = FloatVector.fromArray(S, acc, a2 + i);
            FloatVector v21 = FloatVector.fromArray(S, acc, a2 + i + step);
            FloatVector v30 = FloatVector.fromArray(S, acc, a3 + i);
            FloatVector v31 = FloatVector.fromArray(S, acc, a3 + i + step);
            for (int t = 0; t < offsets.length; t++) {
                int p = base + offsets[t] + i;
                FloatVector s0 = FloatVector.fromArray(S, src, p);
                FloatVector s1 = FloatVector.fromArray(S, src, p + step);
                FloatVector wt = FloatVector.broadcast(S, w[w0 + t]);
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
            v00.intoArray(acc, a0 + i);
            v01.intoArray(acc, a0 + i + step);
            v10.intoArray(acc, a1 + i);
            v11.intoArray(acc, a1 + i + step);
            v20.intoArray(acc, a2 + i);
            v21.intoArray(acc, a2 + i + step);
            v30.intoArray(acc, a3 + i);
            v31.intoArray(acc, a3 + i + step);
        }
        return i;
    }

    /** taps4 one vector at a time from i; returns where it stopped. */
    private static int taps4Singles(float[] acc, int accOff, int accStride, int rows, int i, int len, float[] src, int base,
                                    int[] offsets, float[] w, int wOff, int wStride) {
        int step = S.length();
        int a1 = row(accOff, accStride, 1, rows);
        int a2 = row(accOff, accStride, 2, rows);
        int a3 = row(accOff, accStride, 3, rows);
        int w1 = row(wOff, wStride, 1, rows);
        int w2 = row(wOff, wStride, 2, rows);
        int w3 = row(wOff, wStride, 3, rows);
        for (; i + step <= len; i += step) {
            FloatVector v0 = FloatVector.fromArray(S, acc, accOff + i);
            FloatVector v1 = FloatVector.fromArray(S, acc, a1 + i);
            FloatVector v2 = FloatVector.fromArray(S, acc, a2 + i);
            FloatVector v3 = FloatVector.fromArray(S, acc, a3 + i);
            for (int t = 0; t < offsets.length; t++) {
                FloatVector s0 = FloatVector.fromArray(S, src, base + offsets[t] + i);
                v0 = s0.fma(FloatVector.broadcast(S, w[wOff + t]), v0);
                v1 = s0.fma(FloatVector.broadcast(S, w[w1 + t]), v1);
                v2 = s0.fma(FloatVector.broadcast(S, w[w2 + t]), v2);
                v3 = s0.fma(FloatVector.broadcast(S, w[w3 + t]), v3);
            }
            v0.intoArray(acc, accOff + i);
            v1.intoArray(acc, a1 + i);
            v2.intoArray(acc, a2 + i);
            v3.intoArray(acc, a3 + i);
        }
        return i;
    }

    /** taps4 on the last, partial vector [i, len). */
    private static void taps4Masked(float[] acc, int accOff, int accStride, int rows, int i, int len, float[] src, int base,
                                    int[] offsets, float[] w, int wOff, int wStride) {
        VectorMask<Float> m = S.indexInRange(i, len);
        int a1 = row(accOff, accStride, 1, rows);
        int a2 = row(accOff, accStride, 2, rows);
        int a3 = row(accOff, accStride, 3, rows);
        int w1 = row(wOff, wStride, 1, rows);
        int w2 = row(wOff, wStride, 2, rows);
        int w3 = row(wOff, wStride, 3, rows);
        FloatVector v0 = FloatVector.fromArray(S, acc, accOff + i, m);
        FloatVector v1 = FloatVector.fromArray(S, acc, a1 + i, m);
        FloatVector v2 = FloatVector.fromArray(S, acc, a2 + i, m);
        FloatVector v3 = FloatVector.fromArray(S, acc, a3 + i, m);
        for (int t = 0; t < offsets.length; t++) {
            FloatVector s0 = FloatVector.fromArray(S, src, base + offsets[t] + i, m);
            v0 = s0.fma(FloatVector.broadcast(S, w[wOff + t]), v0);
            v1 = s0.fma(FloatVector.broadcast(S, w[w1 + t]), v1);
            v2 = s0.fma(FloatVector.broadcast(S, w[w2 + t]), v2);
            v3 = s0.fma(FloatVector.broadcast(S, w[w3 + t]), v3);
        }
        v0.intoArray(acc, accOff + i, m);
        v1.intoArray(acc, a1 + i, m);
        v2.intoArray(acc, a2 + i, m);
        v3.intoArray(acc, a3 + i, m);
    }

    /**
     * Five or six rows of {@link TapLoops#tapsRows} (the last repeated past {@code rows}, as in {@link #taps4}):
     * each source load shared by six rows, twelve chains of fused multiply-adds per pair of vectors, so that a
     * block of six rows (the input gradient of a 6-channel layer) costs six rows' work, not eight as 4 + 4.
     */
    static void taps6(float[] acc, int accOff, int accStride, int rows, int len, float[] src, int base, int[] offsets,
                      float[] w, int wOff, int wStride) {
        int i = taps6Pairs(acc, accOff, accStride, rows, len, src, base, offsets, w, wOff, wStride);
        if (i < len) {
            // the last vector or two as rows [0, 4) and [4, rows) of taps4's small methods: C1 gives up on a six-row
            // masked loop ("out of virtual registers"), which then may run in the Vector API's slow fallback for good
            int a4 = accOff + 4 * accStride;
            int w4 = wOff + 4 * wStride;
            taps4Singles(acc, a4, accStride, rows - 4, i, len, src, base, offsets, w, w4, wStride);
            i = taps4Singles(acc, accOff, accStride, 4, i, len, src, base, offsets, w, wOff, wStride);
            if (i < len) {
                taps4Masked(acc, accOff, accStride, 4, i, len, src, base, offsets, w, wOff, wStride);
                taps4Masked(acc, a4, accStride, rows - 4, i, len, src, base, offsets, w, w4, wStride);
            }
        }
    }

    /** taps6 over pairs of vectors from 0; returns where it stopped. */
    private static int taps6Pairs(float[] acc, int accOff, int accStride, int rows, int len, float[] src, int base,
                                  int[] offsets, float[] w, int wOff, int wStride) {
        int step = S.length();
        int a1 = row(accOff, accStride, 1, rows);
        int a2 = row(accOff, accStride, 2, rows);
        int a3 = row(accOff, accStride, 3, rows);
        int a4 = row(accOff, accStride, 4, rows);
        int a5 = row(accOff, accStride, 5, rows);
        int w1 = row(wOff, wStride, 1, rows);
        int w2 = row(wOff, wStride, 2, rows);
        int w3 = row(wOff, wStride, 3, rows);
        int w4 = row(wOff, wStride, 4, rows);
        int w5 = row(wOff, wStride, 5, rows);
        int i = 0;
        for (; i + 2 * step <= len; i += 2 * step) {
            FloatVector v00 = FloatVector.fromArray(S, acc, accOff + i);
            FloatVector v01 = FloatVector.fromArray(S, acc, accOff + i + step);
            FloatVector v10 = FloatVector.fromArray(S, acc, a1 + i);
            FloatVector v11 = FloatVector.fromArray(S, acc, a1 + i + step);
            FloatVector v20 = FloatVector.fromArray(S, acc, a2 + i);
            FloatVector v21 = FloatVector.fromArray(S, acc, a2 + i + step);
            FloatVector v30 = FloatVector.fromArray(S, acc, a3 + i);
            FloatVector v31 = FloatVector.fromArray(S, acc, a3 + i + step);
            FloatVector v40 = FloatVector.fromArray(S, acc, a4 + i);
            FloatVector v41 = FloatVector.fromArray(S, acc, a4 + i + step);
            FloatVector v50 = FloatVector.fromArray(S, acc, a5 + i);
            FloatVector v51 = FloatVector.fromArray(S, acc, a5 + i + step);
            for (int t = 0; t < offsets.length; t++) {
                int p = base + offsets[t] + i;
                FloatVector s0 = FloatVector.fromArray(S, src, p);
                FloatVector s1 = FloatVector.fromArray(S, src, p + step);
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
            v51.intoArray(acc, a5 + i + step);
            v40.intoArray(acc, a4 + i);
            v41.intoArray(acc, a4 + i + step);
            v30.intoArray(acc, a3 + i);
            v31.intoArray(acc, a3 + i + step);
            v20.intoArray(acc, a2 + i);
            v21.intoArray(acc, a2 + i + step);
            v10.intoArray(acc, a1 + i);
            v11.intoArray(acc, a1 + i + step);
            v00.intoArray(acc, accOff + i);
            v01.intoArray(acc, accOff + i + step);
        }
        return i;
    }

    static void copy(float[] src, int sOff, float[] dst, int dOff, int len) {
        int step = S.length();
        int i = 0;
        for (; i + step <= len; i += step) {
            FloatVector.fromArray(S, src, sOff + i).intoArray(dst, dOff + i);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector.fromArray(S, src, sOff + i, m).intoArray(dst, dOff + i, m);
        }
    }

    /**
     * {@link TapLoops#copyRows}: each row by whole vectors and, past them, one masked load and store with the mask
     * made once for all rows.
     */
    static void copyRows(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride, int rows, int width) {
        int whole = width - width % N;
        VectorMask<Float> m = S.indexInRange(whole, width);
        for (int r = 0; r < rows; r++) {
            int s = sOff + r * sStride;
            int d = dOff + r * dStride;
            for (int j = 0; j < whole; j += N) {
                FloatVector.fromArray(S, src, s + j).intoArray(dst, d + j);
            }
            if (whole < width) {
                FloatVector.fromArray(S, src, s + whole, m).intoArray(dst, d + whole, m);
            }
        }
    }

    static void add(float[] src, int sOff, float[] dst, int dOff, int len) {
        int step = S.length();
        int i = 0;
        for (; i + step <= len; i += step) {
            FloatVector.fromArray(S, dst, dOff + i).add(FloatVector.fromArray(S, src, sOff + i)).intoArray(dst, dOff + i);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector.fromArray(S, dst, dOff + i, m).add(FloatVector.fromArray(S, src, sOff + i, m)).intoArray(dst, dOff + i, m);
        }
    }

    /**
     * Σ a[off, off + len): four vector accumulators over chunks of {@code 128·lanes} elements, each chunk's
     * lanes added into a double, so that no lane adds more than 32 values whatever the vector width (the
     * error of a long float sum does not grow on a machine with narrower vectors).
     */
    static float sum(float[] a, int off, int len) {
        int chunk = 128 * S.length();
        double total = 0;
        int i = 0;
        for (; i + chunk <= len; i += chunk) {
            total += chunkSum(a, off + i, chunk);
        }
        return (float) (total + chunkSum(a, off + i, len - i));
    }

    private static float chunkSum(float[] a, int off, int len) {
        int step = S.length();
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 4 * step <= len; i += 4 * step) {
            s0 = s0.add(FloatVector.fromArray(S, a, off + i));
            s1 = s1.add(FloatVector.fromArray(S, a, off + i + step));
            s2 = s2.add(FloatVector.fromArray(S, a, off + i + 2 * step));
            s3 = s3.add(FloatVector.fromArray(S, a, off + i + 3 * step));
        }
        return lanes(s0.add(s1).add(s2.add(s3))) + TapLoops.sumScalar(a, off + i, len - i);
    }
}
