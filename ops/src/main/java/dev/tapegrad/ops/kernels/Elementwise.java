package dev.tapegrad.ops.kernels;

import java.util.function.DoubleUnaryOperator;

/**
 * Pointwise loops over arrays. Index arrays ({@code ai}, {@code bi}) map an output position to a source
 * position for broadcast or strided sources; null means the identity (contiguous, same shape).
 */
public final class Elementwise {
    private Elementwise() {}

    /** The four broadcasting arithmetic operations. */
    public enum Kind { ADD, SUB, MUL, DIV }

    public static void binary(Kind kind, float[] a, int[] ai, float[] b, int[] bi, float[] out) {
        int n = out.length;
        if (ai == null && bi == null) {
            switch (kind) {
                case ADD -> { for (int i = 0; i < n; i++) out[i] = a[i] + b[i]; }
                case SUB -> { for (int i = 0; i < n; i++) out[i] = a[i] - b[i]; }
                case MUL -> { for (int i = 0; i < n; i++) out[i] = a[i] * b[i]; }
                case DIV -> { for (int i = 0; i < n; i++) out[i] = a[i] / b[i]; }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            float x = a[ai == null ? i : ai[i]];
            float y = b[bi == null ? i : bi[i]];
            out[i] = switch (kind) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
            };
        }
    }

    public static void binary(Kind kind, double[] a, int[] ai, double[] b, int[] bi, double[] out) {
        int n = out.length;
        if (ai == null && bi == null) {
            switch (kind) {
                case ADD -> { for (int i = 0; i < n; i++) out[i] = a[i] + b[i]; }
                case SUB -> { for (int i = 0; i < n; i++) out[i] = a[i] - b[i]; }
                case MUL -> { for (int i = 0; i < n; i++) out[i] = a[i] * b[i]; }
                case DIV -> { for (int i = 0; i < n; i++) out[i] = a[i] / b[i]; }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            double x = a[ai == null ? i : ai[i]];
            double y = b[bi == null ? i : bi[i]];
            out[i] = switch (kind) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
            };
        }
    }

    /** out[i] = f(x[i]), computed in double and rounded once for FLOAT32. */
    public static void map(DoubleUnaryOperator f, float[] x, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) f.applyAsDouble(x[i]);
        }
    }

    public static void map(DoubleUnaryOperator f, double[] x, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(x[i]);
        }
    }

    /** out[i] = max(x[i], 0); NaN stays NaN. */
    public static void relu(float[] x, float[] out) {
        if (Kernels.simd()) {
            ElementwiseSimd.relu(x, out);
        } else {
            reluScalar(x, out);
        }
    }

    public static void relu(double[] x, double[] out) {
        if (Kernels.simd()) {
            ElementwiseSimd.relu(x, out);
        } else {
            reluScalar(x, out);
        }
    }

    /** Scalar reference of {@link #relu(float[], float[])}. */
    static void reluScalar(float[] x, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(x[i], 0f); // NaN stays NaN, -0 becomes +0
        }
    }

    static void reluScalar(double[] x, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(x[i], 0.0); // NaN stays NaN, -0 becomes +0
        }
    }

    /** out[i] = g[i] where y[i] > 0, else 0: relu's input gradient from its output y. */
    public static void maskPositive(float[] g, float[] y, float[] out) {
        if (Kernels.simd()) {
            ElementwiseSimd.maskPositive(g, y, out);
        } else {
            maskPositiveScalar(g, y, out);
        }
    }

    public static void maskPositive(double[] g, double[] y, double[] out) {
        if (Kernels.simd()) {
            ElementwiseSimd.maskPositive(g, y, out);
        } else {
            maskPositiveScalar(g, y, out);
        }
    }

    /** Scalar reference of {@link #maskPositive(float[], float[], float[])}. */
    static void maskPositiveScalar(float[] g, float[] y, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = y[i] > 0 ? g[i] : 0f;
        }
    }

    static void maskPositiveScalar(double[] g, double[] y, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = y[i] > 0 ? g[i] : 0.0;
        }
    }
}
