// GENERATED from BroadcastRowsFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The row loops of {@link BroadcastDouble}: out[o + i] = x_i ∘ y_i for i in [0, n), with x and y a contiguous row
 * (array and start), a repeated element, or a strided row. One simple loop per operation; the operation is
 * switched on once per row. With the Vector API ({@link Kernels#simd()}) every row goes to the loops of {@link
 * ShortRowsSimdDouble} (same results), at any length: on JDK 25 they run long rows too about twice as fast as C2's
 * code for the plain loops (measured: a dense add of 2M doubles in cache 0.69 → 0.33 ms on one thread). FLOAT64. Generated from {@link BroadcastRowsFloat}: edit that file, not this one.
 */
final class BroadcastRowsDouble {
    private BroadcastRowsDouble() {}

    /**
     * Rows shorter than this are short: {@link BroadcastDouble} runs many of them per call of a {@link
     * ShortRowsSimdDouble} loop rather than one call per row.
     */
    static final int SHORT = 256;

    static void vv(Elementwise.Kind kind, double[] a, int p, double[] b, int q, double[] out, int o, int n) {
        if (Kernels.simd()) {
            ShortRowsSimdDouble.vv(kind, a, p, b, q, out, o, n);
        } else {
            vvScalar(kind, a, p, b, q, out, o, n);
        }
    }

    /** Scalar reference of {@link #vv}: the loop without the Vector API. */
    static void vvScalar(Elementwise.Kind kind, double[] a, int p, double[] b, int q, double[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] + b[q + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] - b[q + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] * b[q + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] / b[q + i]; }
        }
    }

    static void vs(Elementwise.Kind kind, double[] a, int p, double y, double[] out, int o, int n) {
        if (Kernels.simd()) {
            ShortRowsSimdDouble.vs(kind, a, p, y, out, o, n);
        } else {
            vsScalar(kind, a, p, y, out, o, n);
        }
    }

    /** Scalar reference of {@link #vs}: the loop without the Vector API. */
    static void vsScalar(Elementwise.Kind kind, double[] a, int p, double y, double[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] + y; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] - y; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] * y; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i] / y; }
        }
    }

    static void sv(Elementwise.Kind kind, double x, double[] b, int q, double[] out, int o, int n) {
        if (Kernels.simd()) {
            ShortRowsSimdDouble.sv(kind, x, b, q, out, o, n);
        } else {
            svScalar(kind, x, b, q, out, o, n);
        }
    }

    /** Scalar reference of {@link #sv}: the loop without the Vector API. */
    static void svScalar(Elementwise.Kind kind, double x, double[] b, int q, double[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = x + b[q + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = x - b[q + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = x * b[q + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = x / b[q + i]; }
        }
    }

    /** Both operands one repeated element: the row is one value. */
    static void ss(Elementwise.Kind kind, double x, double y, double[] out, int o, int n) {
        double v = switch (kind) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
        };
        Arrays.fill(out, o, o + n, v);
    }

    static void strided(Elementwise.Kind kind, double[] a, int p, int as, double[] b, int q, int bs, double[] out, int o, int n) {
        switch (kind) {
            case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i * as] + b[q + i * bs]; }
            case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i * as] - b[q + i * bs]; }
            case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i * as] * b[q + i * bs]; }
            case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[p + i * as] / b[q + i * bs]; }
        }
    }
}
