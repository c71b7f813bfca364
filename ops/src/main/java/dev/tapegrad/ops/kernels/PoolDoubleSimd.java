// GENERATED from PoolFloatSimd.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for one output row of 2×2 stride-2 pooling in FLOAT64 (the rows of {@link PoolTilesDouble}'s
 * two-by-two paths). Each handles whole vectors of L outputs from column 0 and returns how many it did;
 * the caller's scalar loop does the rest. Window (a b / c d) values are split out of two input rows by
 * even/odd shuffles, and results are exactly those of the scalar loops (same comparisons, same order of
 * additions). The argmax is the window's tap number (a b / c d = 0 1 / 2 3), in the pooled dtype. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class PoolDoubleSimd {
    private PoolDoubleSimd() {}

    private static final VectorSpecies<Double> FS = DoubleVector.SPECIES_PREFERRED;
    static final int L = FS.length();

    /** Lanes 0, 2, 4, ... of the 2L lanes of (v, w); odd: 1, 3, 5, ... (indices ≥ L pick from w). */
    private static final VectorShuffle<Double> EVEN = VectorShuffle.fromOp(FS, i -> 2 * i);
    private static final VectorShuffle<Double> ODD = VectorShuffle.fromOp(FS, i -> 2 * i + 1);
    /** Interleave (v0 w0 v1 w1 ...): the first L lanes, then the last L. */
    private static final VectorShuffle<Double> ZIP_LO = VectorShuffle.fromOp(FS, i -> i / 2 + (i % 2) * L);
    private static final VectorShuffle<Double> ZIP_HI = VectorShuffle.fromOp(FS, i -> L / 2 + i / 2 + (i % 2) * L);
    private static final DoubleVector TAP1 = DoubleVector.broadcast(FS, 1);
    private static final DoubleVector TAP2 = DoubleVector.broadcast(FS, 2);
    private static final DoubleVector TAP3 = DoubleVector.broadcast(FS, 3);

    /**
     * Max over windows (a b / c d) whose rows start at r0 and r1: y = the first of a, b, c, d equal to
     * their maximum, argmax = its tap (0 to 3); a NaN window takes its last NaN.
     */
    static int maxRow(double[] x, int r0, int r1, double[] y, double[] argmax, int dst, int outW) {
        return maxRow(x, r0, r1, y, dst, argmax, dst, outW, false);
    }

    /**
     * As {@link #maxRow(double[], int, int, double[], double[], int, int)}, y from yDst and argmax from argDst; when
     * transposed, the rows from r0 and r1 are columns of the pooled plane (its transpose is stored), so a window
     * reads (a c / b d): top row a, b, bottom row c, d are taps 0, 2, 1, 3, and ties and NaNs go by those taps.
     */
    static int maxRow(double[] x, int r0, int r1, double[] y, int yDst, double[] argmax, int argDst, int outW,
                      boolean transposed) {
        int ow = 0;
        for (; ow + L <= outW; ow += L) {
            int j = 2 * ow;
            DoubleVector top0 = DoubleVector.fromArray(FS, x, r0 + j);
            DoubleVector top1 = DoubleVector.fromArray(FS, x, r0 + j + L);
            DoubleVector bot0 = DoubleVector.fromArray(FS, x, r1 + j);
            DoubleVector bot1 = DoubleVector.fromArray(FS, x, r1 + j + L);
            DoubleVector a = top0.rearrange(EVEN, top1);
            DoubleVector b = transposed ? bot0.rearrange(EVEN, bot1) : top0.rearrange(ODD, top1);
            DoubleVector c = transposed ? top0.rearrange(ODD, top1) : bot0.rearrange(EVEN, bot1);
            DoubleVector d = bot0.rearrange(ODD, bot1);
            DoubleVector m = a.max(b).max(c.max(d));
            VectorMask<Double> isC;
            VectorMask<Double> isB;
            VectorMask<Double> isA;
            VectorMask<Double> nan = m.test(VectorOperators.IS_NAN);
            if (nan.anyTrue()) {
                // the last NaN wins where m is NaN: d, else c, else b, else a
                VectorMask<Double> dNan = d.test(VectorOperators.IS_NAN);
                VectorMask<Double> cNan = c.test(VectorOperators.IS_NAN).andNot(dNan);
                VectorMask<Double> bNan = b.test(VectorOperators.IS_NAN).andNot(dNan).andNot(cNan);
                VectorMask<Double> aNan = nan.andNot(dNan).andNot(cNan).andNot(bNan);
                isC = c.compare(VectorOperators.EQ, m).or(cNan);
                isB = b.compare(VectorOperators.EQ, m).or(bNan);
                isA = a.compare(VectorOperators.EQ, m).or(aNan);
            } else {
                isC = c.compare(VectorOperators.EQ, m);
                isB = b.compare(VectorOperators.EQ, m);
                isA = a.compare(VectorOperators.EQ, m);
            }
            DoubleVector v = d.blend(c, isC).blend(b, isB).blend(a, isA);
            DoubleVector tap = TAP3.blend(TAP2, isC).blend(TAP1, isB).blend(0, isA);
            v.intoArray(y, yDst + ow);
            tap.intoArray(argmax, argDst + ow);
        }
        return ow;
    }

    /** y = (((a + b) + c) + d) / 4 over windows whose rows start at r0 and r1. */
    static int avgRow(double[] x, int r0, int r1, double[] y, int dst, int outW) {
        return avgRow(x, r0, r1, y, dst, outW, false);
    }

    /**
     * As {@link #avgRow(double[], int, int, double[], int, int)}; when transposed, windows (a c / b d) as for
     * {@link #maxRow(double[], int, int, double[], int, double[], int, int, boolean)}, added in the same order a, b, c, d.
     */
    static int avgRow(double[] x, int r0, int r1, double[] y, int dst, int outW, boolean transposed) {
        int ow = 0;
        for (; ow + L <= outW; ow += L) {
            int j = 2 * ow;
            DoubleVector top0 = DoubleVector.fromArray(FS, x, r0 + j);
            DoubleVector top1 = DoubleVector.fromArray(FS, x, r0 + j + L);
            DoubleVector bot0 = DoubleVector.fromArray(FS, x, r1 + j);
            DoubleVector bot1 = DoubleVector.fromArray(FS, x, r1 + j + L);
            DoubleVector b = transposed ? bot0.rearrange(EVEN, bot1) : top0.rearrange(ODD, top1);
            DoubleVector c = transposed ? top0.rearrange(ODD, top1) : bot0.rearrange(EVEN, bot1);
            DoubleVector s = top0.rearrange(EVEN, top1).add(b).add(c).add(bot0.rearrange(ODD, bot1));
            s.div(4.0).intoArray(y, dst + ow);
        }
        return ow;
    }

    /**
     * Writes every element of the windows whose rows start at r0 and r1: gy (from src) where the argmax tap
     * points, 0 elsewhere (the windows tile the row, so this equals adding into zeros).
     */
    static int maxScatterRow(double[] gy, double[] argmax, int src, double[] gx, int r0, int r1, int outW) {
        return maxScatterRow(gy, argmax, src, gx, r0, r1, outW, false);
    }

    /**
     * As {@link #maxScatterRow(double[], double[], int, double[], int, int, int)}; when transposed, the rows from r0
     * and r1 hold taps (0 2 / 1 3), as for {@link #maxRow(double[], int, int, double[], int, double[], int, int, boolean)}.
     */
    static int maxScatterRow(double[] gy, double[] argmax, int src, double[] gx, int r0, int r1, int outW,
                             boolean transposed) {
        DoubleVector tapB = transposed ? TAP2 : TAP1;
        DoubleVector tapC = transposed ? TAP1 : TAP2;
        DoubleVector zero = DoubleVector.zero(FS);
        int ow = 0;
        for (; ow + L <= outW; ow += L) {
            int j = 2 * ow;
            DoubleVector g = DoubleVector.fromArray(FS, gy, src + ow).add(0.0);   // 0 + (-0) = +0, as adding into zeros
            DoubleVector tap = DoubleVector.fromArray(FS, argmax, src + ow);
            DoubleVector a = zero.blend(g, tap.compare(VectorOperators.EQ, 0));
            DoubleVector b = zero.blend(g, tap.compare(VectorOperators.EQ, tapB));
            DoubleVector c = zero.blend(g, tap.compare(VectorOperators.EQ, tapC));
            DoubleVector d = zero.blend(g, tap.compare(VectorOperators.EQ, TAP3));
            a.rearrange(ZIP_LO, b).intoArray(gx, r0 + j);
            a.rearrange(ZIP_HI, b).intoArray(gx, r0 + j + L);
            c.rearrange(ZIP_LO, d).intoArray(gx, r1 + j);
            c.rearrange(ZIP_HI, d).intoArray(gx, r1 + j + L);
        }
        return ow;
    }

    /** Writes gy / 4 to all four elements of each window whose rows start at r0 and r1. */
    static int avgBackwardRow(double[] gy, int src, double[] gx, int r0, int r1, int outW) {
        int ow = 0;
        for (; ow + L <= outW; ow += L) {
            int j = 2 * ow;
            DoubleVector v = DoubleVector.fromArray(FS, gy, src + ow).div(4.0);
            DoubleVector lo = v.rearrange(ZIP_LO, v);
            DoubleVector hi = v.rearrange(ZIP_HI, v);
            lo.intoArray(gx, r0 + j);
            hi.intoArray(gx, r0 + j + L);
            lo.intoArray(gx, r1 + j);
            hi.intoArray(gx, r1 + j + L);
        }
        return ow;
    }
}
