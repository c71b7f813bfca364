package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The row loops of {@link BroadcastFloat}: out[o + i] = x_i ∘ y_i for i in [0, n), with x and y a contiguous row
 * (array and start), a repeated element, or a strided row. One simple loop per operation, so that C2
 * vectorizes each; the operation is switched on once per row. Rows shorter than {@value #SHORT} elements (the
 * rows of C of channels-last storage), which C2's unrolled loops leave mostly to their scalar tails, go to the
 * Vector API loops of {@link ShortRowsSimdFloat} (same results) when {@link Kernels#simd()}. FLOAT32. {@link BroadcastRowsDouble} is
 * generated from this file for FLOAT64.
 */
final class BroadcastRowsFloat {
    private BroadcastRowsFloat() {}

    /** Rows shorter than this go to {@link ShortRowsSimdFloat} when the Vector API is present. */
    static final int SHORT = 256;

    static void vv(Elementwise.Kind kind, float[] a, int p, float[] b, int q, float[] out, int o, int n) {
        if (n < SHORT && Kernels.simd()) {
            ShortRowsSimdFloat.vv(kind, a, p, b, q, out, o, n);
        } else {
            vvScalar(kind, a, p, b, q, out, o, n);
        }
    }

    /** Scalar reference of {@link #vv}, C2-vectorized on long rows. */
    static void vvScalar(Elementwise.Kind kind, float[] a, int p, float[] b, int q, float[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] + b[q + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] - b[q + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] * b[q + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] / b[q + i]; }
        }
    }

    static void vs(Elementwise.Kind kind, float[] a, int p, float y, float[] out, int o, int n) {
        if (n < SHORT && Kernels.simd()) {
            ShortRowsSimdFloat.vs(kind, a, p, y, out, o, n);
        } else {
            vsScalar(kind, a, p, y, out, o, n);
        }
    }

    /** Scalar reference of {@link #vs}, C2-vectorized on long rows. */
    static void vsScalar(Elementwise.Kind kind, float[] a, int p, float y, float[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] + y; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] - y; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] * y; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] / y; }
        }
    }

    static void sv(Elementwise.Kind kind, float x, float[] b, int q, float[] out, int o, int n) {
        if (n < SHORT && Kernels.simd()) {
            ShortRowsSimdFloat.sv(kind, x, b, q, out, o, n);
        } else {
            svScalar(kind, x, b, q, out, o, n);
        }
    }

    /** Scalar reference of {@link #sv}, C2-vectorized on long rows. */
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
