package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops over short rows, such as the rows of C elements of a channels-last tensor: broadcasting
 * arithmetic of a row against a row (a per-channel scale reused for every pixel) or a repeated element, and the
 * sum of a run of rows into one row (a sum over H, W or N, H, W of channels-last storage: SIMD across the
 * channels). These loops take one vector at a time from the first, then a scalar tail, so rows of 16 to a few
 * hundred elements run at memory speed too; {@link BroadcastRowsFloat} sends rows of any length to the row loops. Results equal the scalar loops' bit for bit (one
 * rounding per element, in the same order). FLOAT32; {@link ShortRowsSimdDouble} is generated from this file for
 * FLOAT64. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class ShortRowsSimdFloat {
    private ShortRowsSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** out[o + i] = a[p + i] ∘ b[q + i] for i < n. */
    static void vv(Elementwise.Kind kind, float[] a, int p, float[] b, int q, float[] out, int o, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (kind) {
            case ADD -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, p + i).add(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, p + i).sub(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, p + i).mul(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, p + i).div(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                }
            }
        }
        if (i < n) {
            BroadcastRowsFloat.vvScalar(kind, a, p + i, b, q + i, out, o + i, n - i);
        }
    }

    /** out[o + i] = a[p + i] ∘ y for i < n. */
    static void vs(Elementwise.Kind kind, float[] a, int p, float y, float[] out, int o, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (kind) {
            case ADD -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, p + i).add(y).intoArray(out, o + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, p + i).sub(y).intoArray(out, o + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, p + i).mul(y).intoArray(out, o + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, p + i).div(y).intoArray(out, o + i);
                }
            }
        }
        if (i < n) {
            BroadcastRowsFloat.vsScalar(kind, a, p + i, y, out, o + i, n - i);
        }
    }

    /** out[o + i] = x ∘ b[q + i] for i < n. */
    static void sv(Elementwise.Kind kind, float x, float[] b, int q, float[] out, int o, int n) {
        FloatVector xv = FloatVector.broadcast(S, x);
        int bound = S.loopBound(n);
        int i = 0;
        switch (kind) {
            case ADD -> {
                for (; i < bound; i += S.length()) {
                    xv.add(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += S.length()) {
                    xv.sub(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += S.length()) {
                    xv.mul(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += S.length()) {
                    xv.div(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                }
            }
        }
        if (i < n) {
            BroadcastRowsFloat.svScalar(kind, x, b, q + i, out, o + i, n - i);
        }
    }

    /**
     * A 2-D box of short rows in one call: out[o + r·n + i] = a[p + r·ar + i·as] ∘ b[q + r·br + i·bs] for r < rows,
     * i < n, each operand contiguous along the row (stride 1) or one element repeated along it (stride 0), not
     * both, and its rows at a fixed stride (0: one row or one element for every row). Rows of a narrowed view (32
     * of every 40 elements) against a per-channel scale or a constant, or channels-last rows against the same row
     * of C scales, run without row-start tables, the operation switched on once per call.
     */
    static void box(Elementwise.Kind kind, float[] a, int p, int ar, int as, float[] b, int q, int br, int bs,
                    float[] out, int o, int rows, int n) {
        box(kind, a, p, ar, as, b, q, br, bs, out, o, n, rows, n);
    }

    /**
     * {@link #box} with out's rows {@code or} apart: out[o + r·or + i] (rows of a box of a larger array, such as a
     * gradient written into its place in the zero-padded gradient of a narrowed view).
     */
    static void box(Elementwise.Kind kind, float[] a, int p, int ar, int as, float[] b, int q, int br, int bs,
                    float[] out, int o, int or, int rows, int n) {
        if (as == 1 && bs == 1) {
            vvBox(kind, a, p, ar, b, q, br, out, o, or, rows, n);
        } else if (as == 1) {
            vsBox(kind, a, p, ar, b, q, br, out, o, or, rows, n);
        } else {
            svBox(kind, a, p, ar, b, q, br, out, o, or, rows, n);
        }
    }

    /** {@link #box} with both operands contiguous along the row. */
    private static void vvBox(Elementwise.Kind kind, float[] a, int p, int ar, float[] b, int q, int br, float[] out,
                              int o, int or, int rows, int n) {
        int bound = S.loopBound(n);
        switch (kind) {
            case ADD -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, a, p + i).add(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = a[p + i] + b[q + i];
                    }
                }
            }
            case SUB -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, a, p + i).sub(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = a[p + i] - b[q + i];
                    }
                }
            }
            case MUL -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, a, p + i).mul(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = a[p + i] * b[q + i];
                    }
                }
            }
            case DIV -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, a, p + i).div(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = a[p + i] / b[q + i];
                    }
                }
            }
        }
    }

    /** {@link #box} with b one element per row. */
    private static void vsBox(Elementwise.Kind kind, float[] a, int p, int ar, float[] b, int q, int br, float[] out,
                              int o, int or, int rows, int n) {
        int bound = S.loopBound(n);
        switch (kind) {
            case ADD -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    float y = b[q];
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, a, p + i).add(y).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = a[p + i] + y;
                    }
                }
            }
            case SUB -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    float y = b[q];
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, a, p + i).sub(y).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = a[p + i] - y;
                    }
                }
            }
            case MUL -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    float y = b[q];
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, a, p + i).mul(y).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = a[p + i] * y;
                    }
                }
            }
            case DIV -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    float y = b[q];
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, a, p + i).div(y).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = a[p + i] / y;
                    }
                }
            }
        }
    }

    /** {@link #box} with a one element per row. */
    private static void svBox(Elementwise.Kind kind, float[] a, int p, int ar, float[] b, int q, int br, float[] out,
                              int o, int or, int rows, int n) {
        int bound = S.loopBound(n);
        switch (kind) {
            case ADD -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    float x = a[p];
                    FloatVector xv = FloatVector.broadcast(S, x);
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        xv.add(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = x + b[q + i];
                    }
                }
            }
            case SUB -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    float x = a[p];
                    FloatVector xv = FloatVector.broadcast(S, x);
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        xv.sub(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = x - b[q + i];
                    }
                }
            }
            case MUL -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    float x = a[p];
                    FloatVector xv = FloatVector.broadcast(S, x);
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        xv.mul(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = x * b[q + i];
                    }
                }
            }
            case DIV -> {
                for (int r = 0; r < rows; r++, p += ar, q += br, o += or) {
                    float x = a[p];
                    FloatVector xv = FloatVector.broadcast(S, x);
                    int i = 0;
                    for (; i < bound; i += S.length()) {
                        xv.div(FloatVector.fromArray(S, b, q + i)).intoArray(out, o + i);
                    }
                    for (; i < n; i++) {
                        out[o + i] = x / b[q + i];
                    }
                }
            }
        }
    }

    /**
     * buf[i] += Σ_r x[p + r·stride + i] for i < n, over rows r < rows, each row added in turn (one rounding per
     * row and element, as {@link ReduceFloat#addRowsScalar}); buf is held in registers, four vectors at a time so
     * that four chains of additions are in flight, then one at a time.
     */
    static void addRows(float[] x, int p, int stride, int rows, float[] buf, int n) {
        int step = S.length();
        int bound = S.loopBound(n);
        int i = 0;
        for (; i + 4 * step <= bound; i += 4 * step) {
            FloatVector s0 = FloatVector.fromArray(S, buf, i);
            FloatVector s1 = FloatVector.fromArray(S, buf, i + step);
            FloatVector s2 = FloatVector.fromArray(S, buf, i + 2 * step);
            FloatVector s3 = FloatVector.fromArray(S, buf, i + 3 * step);
            for (int r = 0, q = p + i; r < rows; r++, q += stride) {
                s0 = s0.add(FloatVector.fromArray(S, x, q));
                s1 = s1.add(FloatVector.fromArray(S, x, q + step));
                s2 = s2.add(FloatVector.fromArray(S, x, q + 2 * step));
                s3 = s3.add(FloatVector.fromArray(S, x, q + 3 * step));
            }
            s0.intoArray(buf, i);
            s1.intoArray(buf, i + step);
            s2.intoArray(buf, i + 2 * step);
            s3.intoArray(buf, i + 3 * step);
        }
        for (; i + 2 * step <= bound; i += 2 * step) {
            FloatVector s0 = FloatVector.fromArray(S, buf, i);
            FloatVector s1 = FloatVector.fromArray(S, buf, i + step);
            for (int r = 0, q = p + i; r < rows; r++, q += stride) {
                s0 = s0.add(FloatVector.fromArray(S, x, q));
                s1 = s1.add(FloatVector.fromArray(S, x, q + step));
            }
            s0.intoArray(buf, i);
            s1.intoArray(buf, i + step);
        }
        for (; i < bound; i += step) {
            FloatVector s = FloatVector.fromArray(S, buf, i);
            for (int r = 0, q = p + i; r < rows; r++, q += stride) {
                s = s.add(FloatVector.fromArray(S, x, q));
            }
            s.intoArray(buf, i);
        }
        if (i < n) {
            ReduceFloat.addRowsScalar(x, p + i, stride, rows, buf, i, n - i);
        }
    }

    /** Σ_i a[i] for i < n, in lanes (one vector at a time, the lanes added by {@link TapLoopsSimdFloat#lanes}). */
    static float sum(float[] a, int n) {
        FloatVector s = FloatVector.zero(S);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            s = s.add(FloatVector.fromArray(S, a, i));
        }
        float t = TapLoopsSimdFloat.lanes(s);
        for (; i < n; i++) {
            t += a[i];
        }
        return t;
    }
}
