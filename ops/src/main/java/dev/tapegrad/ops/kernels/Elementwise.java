package dev.tapegrad.ops.kernels;

import java.util.function.DoubleUnaryOperator;

/**
 * Pointwise loops over arrays, whole or over a range [from, to) so that callers can split them over threads
 * or run them on a block of a view right after copying it ({@link StridedCopyFloat#copyBlocks}); the
 * broadcasting arithmetic is in {@link BroadcastFloat}.
 */
public final class Elementwise {
    private Elementwise() {}

    /** The four broadcasting arithmetic operations ({@link BroadcastFloat}). */
    public enum Kind { ADD, SUB, MUL, DIV }

    /** Elements per chunk of a pointwise pass split over {@link Parallel}'s threads. */
    static final int CHUNK = 1 << 15;

    /** A pass over elements [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Runs body over [0, n) in chunks over {@link Parallel}'s threads (inline when n is small). */
    public static void forRange(int n, Range body) {
        Parallel.forRange(n, CHUNK, body::run);
    }

    /** out[i] = f(x[i]) for i in [from, to), computed in double and rounded once for FLOAT32. */
    public static void map(DoubleUnaryOperator f, float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = (float) f.applyAsDouble(x[i]);
        }
    }

    public static void map(DoubleUnaryOperator f, double[] x, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = f.applyAsDouble(x[i]);
        }
    }

    /** out[i] = f(x[i]), computed in double and rounded once for FLOAT32. */
    public static void map(DoubleUnaryOperator f, float[] x, float[] out) {
        map(f, x, out, 0, out.length);
    }

    public static void map(DoubleUnaryOperator f, double[] x, double[] out) {
        map(f, x, out, 0, out.length);
    }

    /** out[i] = max(x[i], 0) for i in [from, to); NaN stays NaN (x may be out: in place). */
    public static void relu(float[] x, float[] out, int from, int to) {
        if (Kernels.simd()) {
            ElementwiseSimd.relu(x, out, from, to);
        } else {
            reluScalar(x, out, from, to);
        }
    }

    public static void relu(double[] x, double[] out, int from, int to) {
        if (Kernels.simd()) {
            ElementwiseSimd.relu(x, out, from, to);
        } else {
            reluScalar(x, out, from, to);
        }
    }

    /** out[o + i] = max(x[p + i], 0) for i < n (x may be out with p = o: in place). */
    static void relu(float[] x, int p, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ElementwiseSimd.relu(x, p, out, o, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[o + i] = Math.max(x[p + i], 0f);
            }
        }
    }

    static void relu(double[] x, int p, double[] out, int o, int n) {
        if (Kernels.simd()) {
            ElementwiseSimd.relu(x, p, out, o, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[o + i] = Math.max(x[p + i], 0.0);
            }
        }
    }

    /** out[i] = max(x[i], 0); NaN stays NaN. */
    public static void relu(float[] x, float[] out) {
        relu(x, out, 0, out.length);
    }

    public static void relu(double[] x, double[] out) {
        relu(x, out, 0, out.length);
    }

    /** Scalar reference of {@link #relu(float[], float[], int, int)}. */
    static void reluScalar(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Math.max(x[i], 0f); // NaN stays NaN, -0 becomes +0
        }
    }

    static void reluScalar(double[] x, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Math.max(x[i], 0.0); // NaN stays NaN, -0 becomes +0
        }
    }

    static void reluScalar(float[] x, float[] out) {
        reluScalar(x, out, 0, out.length);
    }

    static void reluScalar(double[] x, double[] out) {
        reluScalar(x, out, 0, out.length);
    }

    /**
     * out[i] = g[i] where y[i] > 0, else 0, for i in [from, to): relu's input gradient from its output y
     * (g may be out: in place).
     */
    public static void maskPositive(float[] g, float[] y, float[] out, int from, int to) {
        if (Kernels.simd()) {
            ElementwiseSimd.maskPositive(g, y, out, from, to);
        } else {
            maskPositiveScalar(g, y, out, from, to);
        }
    }

    public static void maskPositive(double[] g, double[] y, double[] out, int from, int to) {
        if (Kernels.simd()) {
            ElementwiseSimd.maskPositive(g, y, out, from, to);
        } else {
            maskPositiveScalar(g, y, out, from, to);
        }
    }

    /** out[o + i] = g[p + i] where y[q + i] > 0, else 0, for i < n. */
    static void maskPositive(float[] g, int p, float[] y, int q, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ElementwiseSimd.maskPositive(g, p, y, q, out, o, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[o + i] = y[q + i] > 0 ? g[p + i] : 0f;
            }
        }
    }

    static void maskPositive(double[] g, int p, double[] y, int q, double[] out, int o, int n) {
        if (Kernels.simd()) {
            ElementwiseSimd.maskPositive(g, p, y, q, out, o, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[o + i] = y[q + i] > 0 ? g[p + i] : 0.0;
            }
        }
    }

    /** out[i] = g[i] where y[i] > 0, else 0: relu's input gradient from its output y. */
    public static void maskPositive(float[] g, float[] y, float[] out) {
        maskPositive(g, y, out, 0, out.length);
    }

    public static void maskPositive(double[] g, double[] y, double[] out) {
        maskPositive(g, y, out, 0, out.length);
    }

    /** Scalar reference of {@link #maskPositive(float[], float[], float[], int, int)}. */
    static void maskPositiveScalar(float[] g, float[] y, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = y[i] > 0 ? g[i] : 0f;
        }
    }

    static void maskPositiveScalar(double[] g, double[] y, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = y[i] > 0 ? g[i] : 0.0;
        }
    }

    static void maskPositiveScalar(float[] g, float[] y, float[] out) {
        maskPositiveScalar(g, y, out, 0, out.length);
    }

    static void maskPositiveScalar(double[] g, double[] y, double[] out) {
        maskPositiveScalar(g, y, out, 0, out.length);
    }
}
