// GENERATED from ElementwiseSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of the FLOAT64 pointwise loops of {@link ElementwiseDouble} whose scalar forms C2 does not
 * vectorize (a select per element). Loads jdk.incubator.vector: only reached through {@link ElementwiseDouble} when
 * {@link Kernels#simd()} is true. Results are bit-identical to the scalar references. Generated from {@link ElementwiseSimdFloat}: edit that file, not this one.
 */
final class ElementwiseSimdDouble {
    private ElementwiseSimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** out[o + i] = max(x[p + i], 0) for i < n. */
    static void relu(double[] x, int p, double[] out, int o, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, p + i).max(zero).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = Math.max(x[p + i], 0.0);
        }
    }

    /** out[o + i] = −x[p + i] for i < n. */
    static void neg(double[] x, int p, double[] out, int o, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, p + i).neg().intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = -x[p + i];
        }
    }

    /** out[o + i] = |x[p + i]| for i < n. */
    static void abs(double[] x, int p, double[] out, int o, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, p + i).abs().intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = Math.abs(x[p + i]);
        }
    }

    /** out[o + i] = g[p + i] where y[q + i] > 0, else 0, for i < n. */
    static void maskPositive(double[] g, int p, double[] y, int q, double[] out, int o, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            VectorMask<Double> positive = DoubleVector.fromArray(S, y, q + i).compare(VectorOperators.GT, 0.0);
            zero.blend(DoubleVector.fromArray(S, g, p + i), positive).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = y[q + i] > 0 ? g[p + i] : 0.0;
        }
    }

    /**
     * out[o + r·os + i] = g[p + r·gr + i·gs] where y[q + r·yr + i] > 0, else 0, for r < rows, i < n, gs 0 or 1:
     * {@link #maskPositive} over rows of a 2-D box (g's rows may be one repeated value), in one call.
     */
    static void maskPositiveRows(double[] g, int p, int gr, int gs, double[] y, int q, int yr, double[] out, int o,
                                 int os, int rows, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, p += gr, q += yr, o += os) {
            int i = 0;
            if (gs == 0) {
                double c = g[p];
                DoubleVector v = DoubleVector.broadcast(S, c);
                for (; i < bound; i += S.length()) {
                    VectorMask<Double> positive = DoubleVector.fromArray(S, y, q + i).compare(VectorOperators.GT, 0.0);
                    zero.blend(v, positive).intoArray(out, o + i);
                }
                for (; i < n; i++) {
                    out[o + i] = y[q + i] > 0 ? c : 0.0;
                }
            } else {
                for (; i < bound; i += S.length()) {
                    VectorMask<Double> positive = DoubleVector.fromArray(S, y, q + i).compare(VectorOperators.GT, 0.0);
                    zero.blend(DoubleVector.fromArray(S, g, p + i), positive).intoArray(out, o + i);
                }
                for (; i < n; i++) {
                    out[o + i] = y[q + i] > 0 ? g[p + i] : 0.0;
                }
            }
        }
    }

    /** out[o + i] = 1 where lo <= x[p + i] <= hi, else 0, for i < n. */
    static void inRange(double[] x, int p, double lo, double hi, double[] out, int o, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, p + i);
            VectorMask<Double> in = v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi));
            zero.blend(one, in).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            double v = x[p + i];
            out[o + i] = v >= lo & v <= hi ? 1.0 : 0.0;
        }
    }

    /** dst[q + r·qr + i] = src[p + r·pr + i] for r < rows, i < n. */
    static void copyRows(double[] src, int p, int pr, double[] dst, int q, int qr, int rows, int n) {
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++, p += pr, q += qr) {
            int i = 0;
            for (; i < bound; i += S.length()) {
                DoubleVector.fromArray(S, src, p + i).intoArray(dst, q + i);
            }
            for (; i < n; i++) {
                dst[q + i] = src[p + i];
            }
        }
    }

    /** dst[q + r·qr + i] = c for r < rows, i < n. */
    static void fillRows(double c, double[] dst, int q, int qr, int rows, int n) {
        DoubleVector v = DoubleVector.broadcast(S, c);
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
