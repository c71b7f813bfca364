package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the pointwise loops of {@link Elementwise} whose scalar forms C2 does not
 * vectorize (a select per element). Loads jdk.incubator.vector: only reached through {@link Elementwise}
 * when {@link Kernels#simd()} is true. Results are bit-identical to the scalar references.
 */
final class ElementwiseSimd {
    private ElementwiseSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    static void relu(float[] x, float[] out) {
        relu(x, out, 0, out.length);
    }

    static void relu(float[] x, float[] out, int from, int to) {
        FloatVector zero = FloatVector.zero(FS);
        int i = from;
        for (int bound = from + FS.loopBound(to - from); i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, x, i).max(zero).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.max(x[i], 0f);
        }
    }

    static void relu(double[] x, double[] out) {
        relu(x, out, 0, out.length);
    }

    static void relu(double[] x, double[] out, int from, int to) {
        DoubleVector zero = DoubleVector.zero(DS);
        int i = from;
        for (int bound = from + DS.loopBound(to - from); i < bound; i += DS.length()) {
            DoubleVector.fromArray(DS, x, i).max(zero).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.max(x[i], 0.0);
        }
    }

    static void maskPositive(float[] g, float[] y, float[] out) {
        maskPositive(g, y, out, 0, out.length);
    }

    static void maskPositive(float[] g, float[] y, float[] out, int from, int to) {
        FloatVector zero = FloatVector.zero(FS);
        int i = from;
        for (int bound = from + FS.loopBound(to - from); i < bound; i += FS.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(FS, y, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(FS, g, i), positive).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = y[i] > 0 ? g[i] : 0f;
        }
    }

    static void maskPositive(double[] g, double[] y, double[] out) {
        maskPositive(g, y, out, 0, out.length);
    }

    static void maskPositive(double[] g, double[] y, double[] out, int from, int to) {
        DoubleVector zero = DoubleVector.zero(DS);
        int i = from;
        for (int bound = from + DS.loopBound(to - from); i < bound; i += DS.length()) {
            VectorMask<Double> positive = DoubleVector.fromArray(DS, y, i).compare(VectorOperators.GT, 0.0);
            zero.blend(DoubleVector.fromArray(DS, g, i), positive).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = y[i] > 0 ? g[i] : 0.0;
        }
    }
}
