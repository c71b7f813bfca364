package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for one output row of 2×2 stride-2 pooling in FLOAT32 (the rows of {@link PoolTilesFloat}'s
 * two-by-two paths). Each handles whole vectors of L outputs from column 0 and returns how many it did;
 * the caller's scalar loop does the rest. Window (a b / c d) values are split out of two input rows by
 * even/odd shuffles, and results are exactly those of the scalar loops (same comparisons, same order of
 * additions). The argmax is the window's tap number (a b / c d = 0 1 / 2 3), in the pooled dtype. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class PoolFloatSimd {
    private PoolFloatSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int L = FS.length();

    /** Lanes 0, 2, 4, ... of the 2L lanes of (v, w); odd: 1, 3, 5, ... (indices ≥ L pick from w). */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(FS, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(FS, i -> 2 * i + 1);
    /** Interleave (v0 w0 v1 w1 ...): the first L lanes, then the last L. */
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.fromOp(FS, i -> i / 2 + (i % 2) * L);
    private static final VectorShuffle<Float> ZIP_HI = VectorShuffle.fromOp(FS, i -> L / 2 + i / 2 + (i % 2) * L);
    private static final FloatVector TAP1 = FloatVector.broadcast(FS, 1);
    private static final FloatVector TAP2 = FloatVector.broadcast(FS, 2);
    private static final FloatVector TAP3 = FloatVector.broadcast(FS, 3);

    /**
     * Max over windows (a b / c d) whose rows start at r0 and r1: y = the first of a, b, c, d equal to
     * their maximum, argmax = its tap (0 to 3); a NaN window takes its last NaN.
     */
    static int maxRow(float[] x, int r0, int r1, float[] y, float[] argmax, int dst, int outW) {
        return maxRow(x, r0, r1, y, dst, argmax, dst, outW, false);
    }

    /**
     * As {@link #maxRow(float[], int, int, float[], float[], int, int)}, y from yDst and argmax from argDst; when
     * transposed, the rows from r0 and r1 are columns of the pooled plane (its transpose is stored), so a window
     * reads (a c / b d): top row a, b, bottom row c, d are taps 0, 2, 1, 3, and ties and NaNs go by those taps.
     */
    static int maxRow(float[] x, int r0, int r1, float[] y, int yDst, float[] argmax, int argDst, int outW,
                      boolean transposed) {
        int ow = 0;
        for (; ow + L <= outW; ow += L) {
            int j = 2 * ow;
            FloatVector top0 = FloatVector.fromArray(FS, x, r0 + j);
            FloatVector top1 = FloatVector.fromArray(FS, x, r0 + j + L);
            FloatVector bot0 = FloatVector.fromArray(FS, x, r1 + j);
            FloatVector bot1 = FloatVector.fromArray(FS, x, r1 + j + L);
            FloatVector a = top0.rearrange(EVEN, top1);
            FloatVector b = transposed ? bot0.rearrange(EVEN, bot1) : top0.rearrange(ODD, top1);
            FloatVector c = transposed ? top0.rearrange(ODD, top1) : bot0.rearrange(EVEN, bot1);
            FloatVector d = bot0.rearrange(ODD, bot1);
            FloatVector m = a.max(b).max(c.max(d));
            VectorMask<Float> isC;
            VectorMask<Float> isB;
            VectorMask<Float> isA;
            VectorMask<Float> nan = m.test(VectorOperators.IS_NAN);
            if (nan.anyTrue()) {
                // the last NaN wins where m is NaN: d, else c, else b, else a
                VectorMask<Float> dNan = d.test(VectorOperators.IS_NAN);
                VectorMask<Float> cNan = c.test(VectorOperators.IS_NAN).andNot(dNan);
                VectorMask<Float> bNan = b.test(VectorOperators.IS_NAN).andNot(dNan).andNot(cNan);
                VectorMask<Float> aNan = nan.andNot(dNan).andNot(cNan).andNot(bNan);
                isC = c.compare(VectorOperators.EQ, m).or(cNan);
                isB = b.compare(VectorOperators.EQ, m).or(bNan);
                isA = a.compare(VectorOperators.EQ, m).or(aNan);
            } else {
                isC = c.compare(VectorOperators.EQ, m);
                isB = b.compare(VectorOperators.EQ, m);
                isA = a.compare(VectorOperators.EQ, m);
            }
            FloatVector v = d.blend(c, isC).blend(b, isB).blend(a, isA);
            FloatVector tap = TAP3.blend(TAP2, isC).blend(TAP1, isB).blend(0, isA);
            v.intoArray(y, yDst + ow);
            tap.intoArray(argmax, argDst + ow);
        }
        return ow;
    }

    /** y = (((a + b) + c) + d) / 4 over windows whose rows start at r0 and r1. */
    static int avgRow(float[] x, int r0, int r1, float[] y, int dst, int outW) {
        return avgRow(x, r0, r1, y, dst, outW, false);
    }

    /**
     * As {@link #avgRow(float[], int, int, float[], int, int)}; when transposed, windows (a c / b d) as for
     * {@link #maxRow(float[], int, int, float[], int, float[], int, int, boolean)}, added in the same order a, b, c, d.
     */
    static int avgRow(float[] x, int r0, int r1, float[] y, int dst, int outW, boolean transposed) {
        int ow = 0;
        for (; ow + L <= outW; ow += L) {
            int j = 2 * ow;
            FloatVector top0 = FloatVector.fromArray(FS, x, r0 + j);
            FloatVector top1 = FloatVector.fromArray(FS, x, r0 + j + L);
            FloatVector bot0 = FloatVector.fromArray(FS, x, r1 + j);
            FloatVector bot1 = FloatVector.fromArray(FS, x, r1 + j + L);
            FloatVector b = transposed ? bot0.rearrange(EVEN, bot1) : top0.rearrange(ODD, top1);
            FloatVector c = transposed ? top0.rearrange(ODD, top1) : bot0.rearrange(EVEN, bot1);
            FloatVector s = top0.rearrange(EVEN, top1).add(b).add(c).add(bot0.rearrange(ODD, bot1));
            s.div(4f).intoArray(y, dst + ow);
        }
        return ow;
    }

    /**
     * Writes every element of the windows whose rows start at r0 and r1: gy (from src) where the argmax tap
     * points, 0 elsewhere (the windows tile the row, so this equals adding into zeros).
     */
    static int maxScatterRow(float[] gy, float[] argmax, int src, float[] gx, int r0, int r1, int outW) {
        return maxScatterRow(gy, argmax, src, gx, r0, r1, outW, false);
    }

    /**
     * As {@link #maxScatterRow(float[], float[], int, float[], int, int, int)}; when transposed, the rows from r0
     * and r1 hold taps (0 2 / 1 3), as for {@link #maxRow(float[], int, int, float[], int, float[], int, int, boolean)}.
     */
    static int maxScatterRow(float[] gy, float[] argmax, int src, float[] gx, int r0, int r1, int outW,
                             boolean transposed) {
        FloatVector tapB = transposed ? TAP2 : TAP1;
        FloatVector tapC = transposed ? TAP1 : TAP2;
        FloatVector zero = FloatVector.zero(FS);
        int ow = 0;
        for (; ow + L <= outW; ow += L) {
            int j = 2 * ow;
            FloatVector g = FloatVector.fromArray(FS, gy, src + ow).add(0f);   // 0 + (-0) = +0, as adding into zeros
            FloatVector tap = FloatVector.fromArray(FS, argmax, src + ow);
            FloatVector a = zero.blend(g, tap.compare(VectorOperators.EQ, 0));
            FloatVector b = zero.blend(g, tap.compare(VectorOperators.EQ, tapB));
            FloatVector c = zero.blend(g, tap.compare(VectorOperators.EQ, tapC));
            FloatVector d = zero.blend(g, tap.compare(VectorOperators.EQ, TAP3));
            a.rearrange(ZIP_LO, b).intoArray(gx, r0 + j);
            a.rearrange(ZIP_HI, b).intoArray(gx, r0 + j + L);
            c.rearrange(ZIP_LO, d).intoArray(gx, r1 + j);
            c.rearrange(ZIP_HI, d).intoArray(gx, r1 + j + L);
        }
        return ow;
    }

    /** Writes gy / 4 to all four elements of each window whose rows start at r0 and r1. */
    static int avgBackwardRow(float[] gy, int src, float[] gx, int r0, int r1, int outW) {
        int ow = 0;
        for (; ow + L <= outW; ow += L) {
            int j = 2 * ow;
            FloatVector v = FloatVector.fromArray(FS, gy, src + ow).div(4f);
            FloatVector lo = v.rearrange(ZIP_LO, v);
            FloatVector hi = v.rearrange(ZIP_HI, v);
            lo.intoArray(gx, r0 + j);
            hi.intoArray(gx, r0 + j + L);
            lo.intoArray(gx, r1 + j);
            hi.intoArray(gx, r1 + j + L);
        }
        return ow;
    }
}
