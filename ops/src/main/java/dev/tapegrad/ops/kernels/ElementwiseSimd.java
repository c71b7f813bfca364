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
        relu(x, from, out, from, to - from);
    }

    /** out[o + i] = max(x[p + i], 0) for i < n. */
    static void relu(float[] x, int p, float[] out, int o, int n) {
        FloatVector zero = FloatVector.zero(FS);
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, x, p + i).max(zero).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = Math.max(x[p + i], 0f);
        }
    }

    static void relu(double[] x, double[] out) {
        relu(x, out, 0, out.length);
    }

    static void relu(double[] x, double[] out, int from, int to) {
        relu(x, from, out, from, to - from);
    }

    static void relu(double[] x, int p, double[] out, int o, int n) {
        DoubleVector zero = DoubleVector.zero(DS);
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector.fromArray(DS, x, p + i).max(zero).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = Math.max(x[p + i], 0.0);
        }
    }

    static void maskPositive(float[] g, float[] y, float[] out) {
        maskPositive(g, y, out, 0, out.length);
    }

    static void maskPositive(float[] g, float[] y, float[] out, int from, int to) {
        maskPositive(g, from, y, from, out, from, to - from);
    }

    /** out[o + i] = g[p + i] where y[q + i] > 0, else 0, for i < n. */
    static void maskPositive(float[] g, int p, float[] y, int q, float[] out, int o, int n) {
        FloatVector zero = FloatVector.zero(FS);
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(FS, y, q + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(FS, g, p + i), positive).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = y[q + i] > 0 ? g[p + i] : 0f;
        }
    }

    static void maskPositive(double[] g, double[] y, double[] out) {
        maskPositive(g, y, out, 0, out.length);
    }

    static void maskPositive(double[] g, double[] y, double[] out, int from, int to) {
        maskPositive(g, from, y, from, out, from, to - from);
    }

    static void maskPositive(double[] g, int p, double[] y, int q, double[] out, int o, int n) {
        DoubleVector zero = DoubleVector.zero(DS);
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            VectorMask<Double> positive = DoubleVector.fromArray(DS, y, q + i).compare(VectorOperators.GT, 0.0);
            zero.blend(DoubleVector.fromArray(DS, g, p + i), positive).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = y[q + i] > 0 ? g[p + i] : 0.0;
        }
    }
}
