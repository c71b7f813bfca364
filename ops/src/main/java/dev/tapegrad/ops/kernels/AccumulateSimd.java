package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * A row of elements added into a row of double accumulators, one vector of doubles at a time from the first
 * element (FLOAT32 values widened exactly, then added): the step of a sum over a dim outside a kept row of a view read in memory order
 * ({@link ReduceFloat#sumInOrder}). C2 vectorizes the plain loop only past its unrolled main loop's length, so the
 * short rows of a narrowed view (32 elements) ran scalar; this runs them at memory speed (2.3x faster on rows of
 * 32). Each accumulator
 * receives one addition in the same order as in the scalar loop: the same bits. Written per dtype (the
 * widening has no FLOAT64 form); loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
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
                DoubleVector wide = (DoubleVector) FloatVector.fromArray(F, x, q + i).convertShape(VectorOperators.F2D, D, 0);
                wide.add(DoubleVector.fromArray(D, acc, a + i)).intoArray(acc, a + i);
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
}
