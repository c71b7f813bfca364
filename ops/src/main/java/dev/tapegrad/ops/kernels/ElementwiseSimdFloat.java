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

    /** out[o + i] = −x[p + i] for i < n. */
    static void neg(float[] x, int p, float[] out, int o, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, p + i).neg().intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = -x[p + i];
        }
    }

    /** out[o + i] = |x[p + i]| for i < n. */
    static void abs(float[] x, int p, float[] out, int o, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, p + i).abs().intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = Math.abs(x[p + i]);
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

    /**
     * out[o + r·os + i] = g[p + r·gr + i·gs] where y[q + r·yr + i] > 0, else 0, for r < rows, i < n, gs 0 or 1:
     * {@link #maskPositive} over rows of a 2-D box (g's rows may be one repeated value), in one call.
     */
    static void maskPositiveRows(float[] g, int p, int gr, int gs, float[] y, int q, int yr, float[] out, int o,
                                 int os, int rows, int n) {
        FloatVector zero = FloatVector.zero(S);
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, p += gr, q += yr, o += os) {
            int i = 0;
            if (gs == 0) {
                float c = g[p];
                FloatVector v = FloatVector.broadcast(S, c);
                for (; i < bound; i += S.length()) {
                    VectorMask<Float> positive = FloatVector.fromArray(S, y, q + i).compare(VectorOperators.GT, 0f);
                    zero.blend(v, positive).intoArray(out, o + i);
                }
                for (; i < n; i++) {
                    out[o + i] = y[q + i] > 0 ? c : 0f;
                }
            } else {
                for (; i < bound; i += S.length()) {
                    VectorMask<Float> positive = FloatVector.fromArray(S, y, q + i).compare(VectorOperators.GT, 0f);
                    zero.blend(FloatVector.fromArray(S, g, p + i), positive).intoArray(out, o + i);
                }
                for (; i < n; i++) {
                    out[o + i] = y[q + i] > 0 ? g[p + i] : 0f;
                }
            }
        }
    }

    /** out[o + i] = 1 where lo <= x[p + i] <= hi, else 0, for i < n. */
    static void inRange(float[] x, int p, float lo, float hi, float[] out, int o, int n) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, p + i);
            VectorMask<Float> in = v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi));
            zero.blend(one, in).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            float v = x[p + i];
            out[o + i] = v >= lo & v <= hi ? 1f : 0f;
        }
    }

    /** dst[q + r·qr + i] = src[p + r·pr + i] for r < rows, i < n. */
    static void copyRows(float[] src, int p, int pr, float[] dst, int q, int qr, int rows, int n) {
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, p += pr, q += qr) {
            int i = 0;
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, src, p + i).intoArray(dst, q + i);
            }
            for (; i < n; i++) {
                dst[q + i] = src[p + i];
            }
        }
    }

    /** dst[q + r·qr + i] = c for r < rows, i < n. */
    static void fillRows(float c, float[] dst, int q, int qr, int rows, int n) {
        FloatVector v = FloatVector.broadcast(S, c);
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, q += qr) {
            int i = 0;
            for (; i < bound; i += S.length()) {
                v.intoArray(dst, q + i);
            }
            for (; i < n; i++) {
                dst[q + i] = c;
            }
        }
    }
}
