package dev.tapegrad.ops.kernels;

import java.util.function.DoubleUnaryOperator;

/**
 * Pointwise loops over arrays (the broadcasting arithmetic is in {@link Broadcast}).
 */
public final class Elementwise {
    private Elementwise() {}

    /** The four broadcasting arithmetic operations ({@link Broadcast}). */
    public enum Kind { ADD, SUB, MUL, DIV }

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
