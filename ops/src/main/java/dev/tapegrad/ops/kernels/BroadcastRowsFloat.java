package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The row loops of {@link BroadcastFloat}: out[o + i] = x_i ∘ y_i for i in [0, n), with x and y a contiguous row
 * (array and start), a repeated element, or a strided row. One simple loop per operation; the operation is
 * switched on once per row. With the Vector API ({@link Kernels#simd()}) every row goes to the loops of {@link
 * ShortRowsSimdFloat} (same results), at any length: on JDK 25 they run long rows too about twice as fast as C2's
 * code for the plain loops (measured: a dense add of 2M floats in cache 0.69 → 0.33 ms on one thread). FLOAT32. {@link BroadcastRowsDouble} is generated from this file for FLOAT64.
 */
final class BroadcastRowsFloat {
    private BroadcastRowsFloat() {}

    /**
     * Rows shorter than this are short: {@link BroadcastFloat} runs many of them per call of a {@link
     * ShortRowsSimdFloat} loop rather than one call per row.
     */
    static final int SHORT = 256;

    static void vv(Elementwise.Kind kind, float[] a, int p, float[] b, int q, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ShortRowsSimdFloat.vv(kind, a, p, b, q, out, o, n);
        } else {
            vvScalar(kind, a, p, b, q, out, o, n);
        }
    }

    /** Scalar reference of {@link #vv}: the loop without the Vector API. */
    static void vvScalar(Elementwise.Kind kind, float[] a, int p, float[] b, int q, float[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] + b[q + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] - b[q + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] * b[q + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] / b[q + i]; }
        }
    }

    static void vs(Elementwise.Kind kind, float[] a, int p, float y, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ShortRowsSimdFloat.vs(kind, a, p, y, out, o, n);
        } else {
            vsScalar(kind, a, p, y, out, o, n);
        }
    }

    /** Scalar reference of {@link #vs}: the loop without the Vector API. */
    static void vsScalar(Elementwise.Kind kind, float[] a, int p, float y, float[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] + y; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] - y; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] * y; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] / y; }
        }
    }

    static void sv(Elementwise.Kind kind, float x, float[] b, int q, float[] out, int o, int n) {
        if (Kernels.simd()) {
            ShortRowsSimdFloat.sv(kind, x, b, q, out, o, n);
        } else {
            svScalar(kind, x, b, q, out, o, n);
        }
    }

    /** Scalar reference of {@link #sv}: the loop without the Vector API. */
    static void svScalar(Elementwise.Kind kind, float x, float[] b, int q, float[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = x + b[q + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = x - b[q + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = x * b[q + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = x / b[q + i]; }
        }
    }

    /** Both operands one repeated element: the row is one value. */
    static void ss(Elementwise.Kind kind, float x, float y, float[] out, int o, int n) {
        float v = switch (kind) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
        };
        Arrays.fill(out, o, o + n, v);
    }

    static void strided(Elementwise.Kind kind, float[] a, int p, int as, float[] b, int q, int bs, float[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i * as] + b[q + i * bs]; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i * as] - b[q + i * bs]; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i * as] * b[q + i * bs]; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i * as] / b[q + i * bs]; }
        }
    }
}
