package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rows of elements added into a row of double accumulators, one vector of doubles at a time from the first
 * element (FLOAT32 values widened exactly, then added), four rows per pass: the step of a sum over dims outside a
 * kept row of a view read in memory order ({@link ReduceFloat#sumInOrder}). C2 vectorizes the plain loop only past
 * its unrolled main loop's length, so the short rows of a narrowed view (32 elements) ran scalar; this runs them at
 * memory speed. Each accumulator receives its additions in the same order as in the scalar loop: the same bits.
 * Also the lane sums of short runs ({@link #laneSum}, {@link #rowsSum}). Written per dtype (the widening has no
 * FLOAT64 form); loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class AccumulateSimd {
    private AccumulateSimd() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats of the same lane count as {@link #D}: one widening fills one vector of doubles. */
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    /** acc[o + r·oStep + i] += x[p + r·xStep + i] for r < rows, i < n: rows added in turn. */
    static void accumulateRows(float[] x, int p, int xStep, double[] acc, int o, int oStep, int rows, int n) {
        int bound = D.loopBound(n);
        for (int r = 0, q = p, a = o; r < rows; r++, q += xStep, a += oStep) {
            int i = 0;
            for (; i < bound; i += D.length()) {
                widen(x, q + i).add(DoubleVector.fromArray(D, acc, a + i)).intoArray(acc, a + i);
            }
            for (; i < n; i++) {
                acc[a + i] += x[q + i];
            }
        }
    }

    /** acc[o + r·oStep + i] += x[p + r·xStep + i] for r < rows, i < n: rows added in turn. */
    static void accumulateRows(double[] x, int p, int xStep, double[] acc, int o, int oStep, int rows, int n) {
        int bound = D.loopBound(n);
        for (int r = 0, q = p, a = o; r < rows; r++, q += xStep, a += oStep) {
            int i = 0;
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, x, q + i).add(DoubleVector.fromArray(D, acc, a + i)).intoArray(acc, a + i);
            }
            for (; i < n; i++) {
                acc[a + i] += x[q + i];
            }
        }
    }

    /**
     * acc[oRows[r] + i] += x[xRows[r] + rows[g] + i] for g in [g0, g1) in turn, r in [r0, r1), i in [i0, i0 + n):
     * the rows of a tile of acc each receive four rows per load and store of each vector, ((((acc + x_g) + x_g+1) +
     * x_g+2) + x_g+3), the additions of the one-row-at-a-time loop in its order (the same bits) with a quarter of its
     * traffic through acc; the tile's rows taken in turn for each four g, so that x is read in a few sequential
     * streams.
     */
    static void accumulateRows(float[] x, int[] xRows, int[] oRows, int r0, int r1, int i0, int n, int[] rows,
                               int g0, int g1, double[] acc) {
        int bound = D.loopBound(n);
        int g = g0;
        for (; g + 4 <= g1; g += 4) {
            int d0 = rows[g];
            int d1 = rows[g + 1];
            int d2 = rows[g + 2];
            int d3 = rows[g + 3];
            for (int r = r0; r < r1; r++) {
                int q = xRows[r] + i0;
                int o = oRows[r] + i0;
                int i = 0;
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, acc, o + i).add(widen(x, q + d0 + i)).add(widen(x, q + d1 + i))
                            .add(widen(x, q + d2 + i)).add(widen(x, q + d3 + i)).intoArray(acc, o + i);
                }
                for (; i < n; i++) {
                    acc[o + i] = acc[o + i] + x[q + d0 + i] + x[q + d1 + i] + x[q + d2 + i] + x[q + d3 + i];
                }
            }
        }
        for (; g < g1; g++) {
            for (int r = r0; r < r1; r++) {
                int q = xRows[r] + i0 + rows[g];
                int o = oRows[r] + i0;
                int i = 0;
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, acc, o + i).add(widen(x, q + i)).intoArray(acc, o + i);
                }
                for (; i < n; i++) {
                    acc[o + i] += x[q + i];
                }
            }
        }
    }

    /** FLOAT64 counterpart of {@link #accumulateRows(float[], int[], int[], int, int, int, int, int[], int, int, double[])}. */
    static void accumulateRows(double[] x, int[] xRows, int[] oRows, int r0, int r1, int i0, int n, int[] rows,
                               int g0, int g1, double[] acc) {
        int bound = D.loopBound(n);
        int g = g0;
        for (; g + 4 <= g1; g += 4) {
            int d0 = rows[g];
            int d1 = rows[g + 1];
            int d2 = rows[g + 2];
            int d3 = rows[g + 3];
            for (int r = r0; r < r1; r++) {
                int q = xRows[r] + i0;
                int o = oRows[r] + i0;
                int i = 0;
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, acc, o + i).add(DoubleVector.fromArray(D, x, q + d0 + i))
                            .add(DoubleVector.fromArray(D, x, q + d1 + i)).add(DoubleVector.fromArray(D, x, q + d2 + i))
                            .add(DoubleVector.fromArray(D, x, q + d3 + i)).intoArray(acc, o + i);
                }
                for (; i < n; i++) {
                    acc[o + i] = acc[o + i] + x[q + d0 + i] + x[q + d1 + i] + x[q + d2 + i] + x[q + d3 + i];
                }
            }
        }
        for (; g < g1; g++) {
            for (int r = r0; r < r1; r++) {
                int q = xRows[r] + i0 + rows[g];
                int o = oRows[r] + i0;
                int i = 0;
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, acc, o + i).add(DoubleVector.fromArray(D, x, q + i)).intoArray(acc, o + i);
                }
                for (; i < n; i++) {
                    acc[o + i] += x[q + i];
                }
            }
        }
    }

    /** x[q .. q + lanes) widened exactly to doubles. */
    private static DoubleVector widen(float[] x, int q) {
        return (DoubleVector) FloatVector.fromArray(F, x, q).convertShape(VectorOperators.F2D, D, 0);
    }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    /**
     * Σ x[p + i] for i < n: whole vectors added into one vector, its lanes added in a fixed order ({@link
     * TapLoopsSimdFloat#lanes}), then the tail in order. For runs shorter than {@link Reduce#SHORT_RUN}, which
     * {@link TapLoops#sum} (four vectors a step) adds element by element.
     */
    static float laneSum(float[] x, int p, int n) {
        FloatVector s = FloatVector.zero(FS);
        int bound = FS.loopBound(n);
        int i = 0;
        for (; i < bound; i += FS.length()) {
            s = s.add(FloatVector.fromArray(FS, x, p + i));
        }
        float t = TapLoopsSimdFloat.lanes(s);
        for (; i < n; i++) {
            t += x[p + i];
        }
        return t;
    }

    /** FLOAT64 counterpart of {@link #laneSum(float[], int, int)}. */
    static double laneSum(double[] x, int p, int n) {
        DoubleVector s = DoubleVector.zero(D);
        int bound = D.loopBound(n);
        int i = 0;
        for (; i < bound; i += D.length()) {
            s = s.add(DoubleVector.fromArray(D, x, p + i));
        }
        double t = TapLoopsSimdDouble.lanes(s);
        for (; i < n; i++) {
            t += x[p + i];
        }
        return t;
    }

    /**
     * Σ x[p + r·stride + i] for r < rows, i < n, in float lanes, for short rows that are all summed into one
     * output (a narrowed last dim summed with the dims outside it, {@link ReduceFloat#sumRows}): rows taken two at
     * a time, the first row's vectors added alternately into chains a0 and a1, the second's into a2 and a3 (an
     * odd last full vector into a0 or a2, a partial vector masked into a1 or a3; a last odd row as a first row),
     * then (a0 + a1) + (a2 + a3) and its lanes added in {@link TapLoopsSimdFloat#lanes} order. Four independent
     * chains and no buffer: 1.5x faster than adding the rows into a buffer row and summing it.
     */
    static float rowsSum(float[] x, int p, int stride, int rows, int n) {
        int step = FS.length();
        int bound = FS.loopBound(n);
        VectorMask<Float> tail = FS.indexInRange(bound, n);
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int r = 0;
        int q = p;
        for (; r + 2 <= rows; r += 2, q += 2 * stride) {
            int i = 0;
            for (; i + 2 * step <= bound; i += 2 * step) {
                a0 = a0.add(FloatVector.fromArray(FS, x, q + i));
                a1 = a1.add(FloatVector.fromArray(FS, x, q + i + step));
                a2 = a2.add(FloatVector.fromArray(FS, x, q + stride + i));
                a3 = a3.add(FloatVector.fromArray(FS, x, q + stride + i + step));
            }
            if (i < bound) {
                a0 = a0.add(FloatVector.fromArray(FS, x, q + i));
                a2 = a2.add(FloatVector.fromArray(FS, x, q + stride + i));
            }
            if (bound < n) {
                a1 = a1.add(FloatVector.fromArray(FS, x, q + bound, tail));
                a3 = a3.add(FloatVector.fromArray(FS, x, q + stride + bound, tail));
            }
        }
        if (r < rows) {
            int i = 0;
            for (; i + 2 * step <= bound; i += 2 * step) {
                a0 = a0.add(FloatVector.fromArray(FS, x, q + i));
                a1 = a1.add(FloatVector.fromArray(FS, x, q + i + step));
            }
            if (i < bound) {
                a0 = a0.add(FloatVector.fromArray(FS, x, q + i));
            }
            if (bound < n) {
                a1 = a1.add(FloatVector.fromArray(FS, x, q + bound, tail));
            }
        }
        return TapLoopsSimdFloat.lanes(a0.add(a1).add(a2.add(a3)));
    }

    /** FLOAT64 counterpart of {@link #rowsSum(float[], int, int, int, int)}, in double lanes. */
    static double rowsSum(double[] x, int p, int stride, int rows, int n) {
        int step = D.length();
        int bound = D.loopBound(n);
        VectorMask<Double> tail = D.indexInRange(bound, n);
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int r = 0;
        int q = p;
        for (; r + 2 <= rows; r += 2, q += 2 * stride) {
            int i = 0;
            for (; i + 2 * step <= bound; i += 2 * step) {
                a0 = a0.add(DoubleVector.fromArray(D, x, q + i));
                a1 = a1.add(DoubleVector.fromArray(D, x, q + i + step));
                a2 = a2.add(DoubleVector.fromArray(D, x, q + stride + i));
                a3 = a3.add(DoubleVector.fromArray(D, x, q + stride + i + step));
            }
            if (i < bound) {
                a0 = a0.add(DoubleVector.fromArray(D, x, q + i));
                a2 = a2.add(DoubleVector.fromArray(D, x, q + stride + i));
            }
            if (bound < n) {
                a1 = a1.add(DoubleVector.fromArray(D, x, q + bound, tail));
                a3 = a3.add(DoubleVector.fromArray(D, x, q + stride + bound, tail));
            }
        }
        if (r < rows) {
            int i = 0;
            for (; i + 2 * step <= bound; i += 2 * step) {
                a0 = a0.add(DoubleVector.fromArray(D, x, q + i));
                a1 = a1.add(DoubleVector.fromArray(D, x, q + i + step));
            }
            if (i < bound) {
                a0 = a0.add(DoubleVector.fromArray(D, x, q + i));
            }
            if (bound < n) {
                a1 = a1.add(DoubleVector.fromArray(D, x, q + bound, tail));
            }
        }
        return TapLoopsSimdDouble.lanes(a0.add(a1).add(a2.add(a3)));
    }
}
