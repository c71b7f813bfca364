package dev.tapegrad.ops.kernels;

/**
 * The row loops of {@link BroadcastFloat}: out[o + i] = x_i ∘ y_i for i in [0, n), with x and y a contiguous row
 * (array and start), a repeated element, or a strided row. One simple loop per operation, so that C2
 * vectorizes each; the operation is switched on once per row. FLOAT32. {@link BroadcastRowsDouble} is
 * generated from this file for FLOAT64.
 */
final class BroadcastRowsFloat {
    private BroadcastRowsFloat() {}

    static void vv(Elementwise.Kind kind, float[] a, int p, float[] b, int q, float[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] + b[q + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] - b[q + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] * b[q + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] / b[q + i]; }
        }
    }

    static void vs(Elementwise.Kind kind, float[] a, int p, float y, float[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] + y; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] - y; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] * y; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] / y; }
        }
    }

    static void sv(Elementwise.Kind kind, float x, float[] b, int q, float[] out, int o, int n) {
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
        java.util.Arrays.fill(out, o, o + n, v);
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
