package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link TapLoops}: one load and store of the accumulator per vector with all taps
 * fused in between; dots with two accumulators and one reduction at the end; scalar tails. Loads
 * jdk.incubator.vector: only reached through {@link TapLoops} when {@link TapLoops#SIMD} is true.
 */
final class TapLoopsSimd {
    private TapLoopsSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    static void taps(float[] acc, int accOff, int len, float[] src, int base, int[] offsets, float[] w, int wOff) {
        int step = FS.length();
        int bound = FS.loopBound(len);
        int taps = offsets.length;
        int i = 0;
        for (; i < bound; i += step) {
            FloatVector v = FloatVector.fromArray(FS, acc, accOff + i);
            for (int t = 0; t < taps; t++) {
                v = FloatVector.fromArray(FS, src, base + offsets[t] + i).fma(FloatVector.broadcast(FS, w[wOff + t]), v);
            }
            v.intoArray(acc, accOff + i);
        }
        TapLoops.tapsScalar(acc, accOff, i, len, src, base, offsets, w, wOff);
    }

    static void taps(double[] acc, int accOff, int len, double[] src, int base, int[] offsets, double[] w, int wOff) {
        int step = DS.length();
        int bound = DS.loopBound(len);
        int taps = offsets.length;
        int i = 0;
        for (; i < bound; i += step) {
            DoubleVector v = DoubleVector.fromArray(DS, acc, accOff + i);
            for (int t = 0; t < taps; t++) {
                v = DoubleVector.fromArray(DS, src, base + offsets[t] + i).fma(DoubleVector.broadcast(DS, w[wOff + t]), v);
            }
            v.intoArray(acc, accOff + i);
        }
        TapLoops.tapsScalar(acc, accOff, i, len, src, base, offsets, w, wOff);
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        int step = FS.length();
        FloatVector s0 = FloatVector.zero(FS);
        FloatVector s1 = FloatVector.zero(FS);
        int i = 0;
        for (; i + 2 * step <= len; i += 2 * step) {
            s0 = FloatVector.fromArray(FS, a, aOff + i).fma(FloatVector.fromArray(FS, b, bOff + i), s0);
            s1 = FloatVector.fromArray(FS, a, aOff + i + step).fma(FloatVector.fromArray(FS, b, bOff + i + step), s1);
        }
        if (i + step <= len) {
            s0 = FloatVector.fromArray(FS, a, aOff + i).fma(FloatVector.fromArray(FS, b, bOff + i), s0);
            i += step;
        }
        float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        return s + TapLoops.dotScalar(a, aOff + i, b, bOff + i, len - i);
    }

    static double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        int step = DS.length();
        DoubleVector s0 = DoubleVector.zero(DS);
        DoubleVector s1 = DoubleVector.zero(DS);
        int i = 0;
        for (; i + 2 * step <= len; i += 2 * step) {
            s0 = DoubleVector.fromArray(DS, a, aOff + i).fma(DoubleVector.fromArray(DS, b, bOff + i), s0);
            s1 = DoubleVector.fromArray(DS, a, aOff + i + step).fma(DoubleVector.fromArray(DS, b, bOff + i + step), s1);
        }
        if (i + step <= len) {
            s0 = DoubleVector.fromArray(DS, a, aOff + i).fma(DoubleVector.fromArray(DS, b, bOff + i), s0);
            i += step;
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        return s + TapLoops.dotScalar(a, aOff + i, b, bOff + i, len - i);
    }
}
