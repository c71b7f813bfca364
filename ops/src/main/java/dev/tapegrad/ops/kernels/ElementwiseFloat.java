package dev.tapegrad.ops.kernels;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * FLOAT32 pointwise loops over arrays, whole or over a range [from, to) so that callers can split them over threads
 * ({@link Elementwise#forRange}) or run them on a block of a view right after copying it ({@link
 * StridedCopyFloat#copyBlocks}): relu, relu's input gradient and any unary function. The SIMD forms are in {@link
 * ElementwiseSimdFloat}, bit-identical to the scalar references here. {@link ElementwiseDouble} is generated from
 * this file for FLOAT64.
 */
public final class ElementwiseFloat {
    private ElementwiseFloat() {}

    /** out[i] = f(x[i]) for i in [from, to), computed in double and rounded once to the element type. */
    public static void map(DoubleUnaryOperator f, float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = (float) f.applyAsDouble(x[i]);
        }
    }

    /** out[i] = max(x[i], 0) for i in [from, to); NaN stays NaN (x may be out: in place). */
    public static void relu(float[] x, float[] out, int from, int to) {
        relu(x, from, out, from, to - from);
    }

    /** out[o + i] = max(x[p + i], 0) for i < n (x may be out with p = o: in place). */
    static void relu(float[] x, int p, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ElementwiseSimdFloat.relu(x, p, out, o, n);
        } else {
            reluScalar(x, p, out, o, n);
        }
    }

    /** Scalar reference of {@link #relu(float[], int, float[], int, int)}. */
    static void reluScalar(float[] x, int p, float[] out, int o, int n) {
        for (int i = 0; i < n; i++) {
            out[o + i] = Math.max(x[p + i], 0f); // NaN stays NaN, -0 becomes +0
        }
    }

    /** out[o + i] = −x[p + i] for i < n. */
    static void neg(float[] x, int p, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ElementwiseSimdFloat.neg(x, p, out, o, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[o + i] = -x[p + i];
            }
        }
    }

    /** out[o + i] = |x[p + i]| for i < n. */
    static void abs(float[] x, int p, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ElementwiseSimdFloat.abs(x, p, out, o, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[o + i] = Math.abs(x[p + i]);
            }
        }
    }

    /**
     * out[i] = g[i] where y[i] > 0, else 0, for i in [from, to): relu's input gradient from its output y
     * (g may be out: in place).
     */
    public static void maskPositive(float[] g, float[] y, float[] out, int from, int to) {
        maskPositive(g, from, y, from, out, from, to - from);
    }

    /** out[o + i] = g[p + i] where y[q + i] > 0, else 0, for i < n. */
    static void maskPositive(float[] g, int p, float[] y, int q, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ElementwiseSimdFloat.maskPositive(g, p, y, q, out, o, n);
        } else {
            maskPositiveScalar(g, p, y, q, out, o, n);
        }
    }

    /** Scalar reference of {@link #maskPositive(float[], int, float[], int, float[], int, int)}. */
    static void maskPositiveScalar(float[] g, int p, float[] y, int q, float[] out, int o, int n) {
        for (int i = 0; i < n; i++) {
            out[o + i] = y[q + i] > 0 ? g[p + i] : 0f;
        }
    }

    /**
     * out[o + r·os + i] = g[p + r·gr + i·gs] where y[q + r·yr + i] > 0, else 0, for r < rows, i < n, with gs 0 or 1:
     * relu's input gradient over the rows of a 2-D box in one call (rows of a narrowed view, written straight into
     * the zero-padded gradient; g may be one value per row, as the expanded seed of {@code sum(y).backward()}).
     */
    static void maskPositiveRows(float[] g, int p, int gr, int gs, float[] y, int q, int yr, float[] out, int o,
                                 int os, int rows, int n) {
        if (Kernels.simd()) {
            ElementwiseSimdFloat.maskPositiveRows(g, p, gr, gs, y, q, yr, out, o, os, rows, n);
        } else {
            maskPositiveRowsScalar(g, p, gr, gs, y, q, yr, out, o, os, rows, n);
        }
    }

    /** Scalar reference of {@link #maskPositiveRows}. */
    static void maskPositiveRowsScalar(float[] g, int p, int gr, int gs, float[] y, int q, int yr, float[] out, int o,
                                       int os, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                out[o + r * os + i] = y[q + r * yr + i] > 0 ? g[p + r * gr + i * gs] : 0f;
            }
        }
    }

    /**
     * out[o + i] = 1 where lo <= x[p + i] <= hi, else 0 (NaN: 0), for i < n: clamp's gradient mask, without a branch
     * per element (x may be out with p = o: in place).
     */
    public static void inRange(float[] x, int p, float lo, float hi, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ElementwiseSimdFloat.inRange(x, p, lo, hi, out, o, n);
        } else {
            inRangeScalar(x, p, lo, hi, out, o, n);
        }
    }

    /** Scalar reference of {@link #inRange}. */
    static void inRangeScalar(float[] x, int p, float lo, float hi, float[] out, int o, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[p + i];
            out[o + i] = v >= lo & v <= hi ? 1f : 0f;
        }
    }

    /**
     * dst[q + r·qr + i] = src[p + r·pr + i] for r < rows, i < n: a 2-D box of rows copied in one call (the short rows
     * of a narrowed view: one arraycopy each cost more than the copy itself).
     */
    public static void copyRows(float[] src, int p, int pr, float[] dst, int q, int qr, int rows, int n) {
        if (Kernels.simd() && n < BroadcastRowsFloat.SHORT) {
            ElementwiseSimdFloat.copyRows(src, p, pr, dst, q, qr, rows, n);
        } else {
            for (int r = 0; r < rows; r++, p += pr, q += qr) {
                System.arraycopy(src, p, dst, q, n);
            }
        }
    }

    /** dst[q + r·qr + i] = c for r < rows, i < n: a 2-D box of rows filled in one call. */
    public static void fillRows(float c, float[] dst, int q, int qr, int rows, int n) {
        if (Kernels.simd() && n < BroadcastRowsFloat.SHORT) {
            ElementwiseSimdFloat.fillRows(c, dst, q, qr, rows, n);
        } else {
            for (int r = 0; r < rows; r++, q += qr) {
                Arrays.fill(dst, q, q + n, c);
            }
        }
    }
}
