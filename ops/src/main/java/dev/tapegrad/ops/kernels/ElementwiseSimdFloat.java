package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of the FLOAT32 pointwise loops of {@link ElementwiseFloat} whose scalar forms C2 does not
 * vectorize (a select per element). Loads jdk.incubator.vector: only reached through {@link ElementwiseFloat} when
 * {@link Kernels#simd()} is true. Results are bit-identical to the scalar references. {@link ElementwiseSimdDouble}
 * is generated from this file for FLOAT64.
 */
final class ElementwiseSimdFloat {
    private ElementwiseSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** out[o + i] = max(x[p + i], 0) for i < n. */
    static void relu(float[] x, int p, float[] out, int o, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, p + i).max(zero).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = Math.max(x[p + i], 0f);
        }
    }

    /** out[o + i] = g[p + i] where y[q + i] > 0, else 0, for i < n. */
    static void maskPositive(float[] g, int p, float[] y, int q, float[] out, int o, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(S, y, q + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, p + i), positive).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = y[q + i] > 0 ? g[p + i] : 0f;
        }
    }
}
