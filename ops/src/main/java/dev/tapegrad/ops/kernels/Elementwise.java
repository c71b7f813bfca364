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

    /** out[i] = max(x[i], 0) (Math.max: NaN stays NaN, -0 gives +0). */
    public static void relu(float[] x, float[] out) {
        relu(x, out, Kernels.simd());
    }

    static void relu(float[] x, float[] out, boolean simd) {
        int n = out.length;
        for (int i = simd ? ElementwiseSimd.relu(x, out, n) : 0; i < n; i++) {
            out[i] = Math.max(x[i], 0f);
        }
    }

    public static void relu(double[] x, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double v = x[i];
            out[i] = v > 0 ? v : (v != v ? v : 0.0);
        }
    }

    /** out[i] = g[i] · (y[i] > 0 ? 1 : 0): the relu derivative mask times g in one pass (so NaN·0 stays NaN). */
    public static void reluBackward(float[] g, float[] y, float[] out) {
        reluBackward(g, y, out, Kernels.simd());
    }

    static void reluBackward(float[] g, float[] y, float[] out, boolean simd) {
        int n = out.length;
        for (int i = simd ? ElementwiseSimd.reluBackward(g, y, out, n) : 0; i < n; i++) {
            out[i] = g[i] * (y[i] > 0 ? 1f : 0f);
        }
    }

    public static void reluBackward(double[] g, double[] y, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = g[i] * (y[i] > 0 ? 1.0 : 0.0);
        }
    }
}
