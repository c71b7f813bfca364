package dev.tapegrad.ops.kernels;

/**
 * What the fused view kernels ({@link StridedCopyFloat#map}) do with each element v of a strided view and the
 * element a at the same row-major index of a dense operand, as they store the result (so a view fed to relu,
 * neg, abs, relu's backward or a same-shape arithmetic op is read once and its result written once, with no
 * intermediate copy). Every result is one IEEE operation, so the fused SIMD, the scalar tiles and the
 * contiguous kernels agree bit for bit.
 */
public final class ViewOps {
    private ViewOps() {}

    /** v. */
    public static final int COPY = 0;
    /** max(v, 0) (NaN stays NaN, -0 becomes +0). */
    public static final int RELU = 1;
    /** v where a > 0, else 0 (relu's input gradient from its output a). */
    public static final int MASK = 2;
    /** v + a. */
    public static final int ADD = 3;
    /** v − a. */
    public static final int SUB = 4;
    /** v · a. */
    public static final int MUL = 5;
    /** v / a. */
    public static final int DIV = 6;
    /** a − v. */
    public static final int SUB_FROM = 7;
    /** a / v. */
    public static final int DIV_INTO = 8;
    /** −v (the sign flipped, NaN and ±0 included). */
    public static final int NEG = 9;
    /** |v| (the sign cleared). */
    public static final int ABS = 10;

    /** The op computing x ∘ y with the view as x ({@code viewFirst}) or as y. */
    public static int binary(Elementwise.Kind kind, boolean viewFirst) {
        return switch (kind) {
            case ADD -> ADD;
            case MUL -> MUL;
            case SUB -> viewFirst ? SUB : SUB_FROM;
            case DIV -> viewFirst ? DIV : DIV_INTO;
        };
    }

    /** The arithmetic of op (for {@link #SUB_FROM} and {@link #DIV_INTO} with the view second), or null. */
    static Elementwise.Kind kind(int op) {
        return switch (op) {
            case ADD -> Elementwise.Kind.ADD;
            case SUB, SUB_FROM -> Elementwise.Kind.SUB;
            case MUL -> Elementwise.Kind.MUL;
            case DIV, DIV_INTO -> Elementwise.Kind.DIV;
            default -> null;
        };
    }

    /** False for the arithmetic ops with the view as the second operand ({@link #SUB_FROM}, {@link #DIV_INTO}). */
    static boolean viewFirst(int op) {
        return op != SUB_FROM && op != DIV_INTO;
    }

    /** The scalar reference: op applied to v (the view's element) and a (the dense operand's). */
    static float apply(int op, float v, float a) {
        return switch (op) {
            case RELU -> Math.max(v, 0f);
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case MASK -> a > 0 ? v : 0f;
            case ADD -> v + a;
            case SUB -> v - a;
            case MUL -> v * a;
            case DIV -> v / a;
            case SUB_FROM -> a - v;
            case DIV_INTO -> a / v;
            default -> v;
        };
    }

    static double apply(int op, double v, double a) {
        return switch (op) {
            case RELU -> Math.max(v, 0.0);
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case MASK -> a > 0 ? v : 0.0;
            case ADD -> v + a;
            case SUB -> v - a;
            case MUL -> v * a;
            case DIV -> v / a;
            case SUB_FROM -> a - v;
            case DIV_INTO -> a / v;
            default -> v;
        };
    }

    /** dst[d + i] = op(src[p + i], aux[q + i]) for i < n: one contiguous row, with the fastest loop for op. */
    static void row(int op, float[] src, int p, float[] aux, int q, float[] dst, int d, int n) {
        switch (op) {
            case COPY -> System.arraycopy(src, p, dst, d, n);
            case RELU -> ElementwiseFloat.relu(src, p, dst, d, n);
            case NEG -> ElementwiseFloat.neg(src, p, dst, d, n);
            case ABS -> ElementwiseFloat.abs(src, p, dst, d, n);
            case MASK -> ElementwiseFloat.maskPositive(src, p, aux, q, dst, d, n);
            case ADD -> BroadcastRowsFloat.vv(Elementwise.Kind.ADD, src, p, aux, q, dst, d, n);
            case SUB -> BroadcastRowsFloat.vv(Elementwise.Kind.SUB, src, p, aux, q, dst, d, n);
            case MUL -> BroadcastRowsFloat.vv(Elementwise.Kind.MUL, src, p, aux, q, dst, d, n);
            case DIV -> BroadcastRowsFloat.vv(Elementwise.Kind.DIV, src, p, aux, q, dst, d, n);
            case SUB_FROM -> BroadcastRowsFloat.vv(Elementwise.Kind.SUB, aux, q, src, p, dst, d, n);
            case DIV_INTO -> BroadcastRowsFloat.vv(Elementwise.Kind.DIV, aux, q, src, p, dst, d, n);
            default -> throw new IllegalArgumentException("view op " + op);
        }
    }

    static void row(int op, double[] src, int p, double[] aux, int q, double[] dst, int d, int n) {
        switch (op) {
            case COPY -> System.arraycopy(src, p, dst, d, n);
            case RELU -> ElementwiseDouble.relu(src, p, dst, d, n);
            case NEG -> ElementwiseDouble.neg(src, p, dst, d, n);
            case ABS -> ElementwiseDouble.abs(src, p, dst, d, n);
            case MASK -> ElementwiseDouble.maskPositive(src, p, aux, q, dst, d, n);
            case ADD -> BroadcastRowsDouble.vv(Elementwise.Kind.ADD, src, p, aux, q, dst, d, n);
            case SUB -> BroadcastRowsDouble.vv(Elementwise.Kind.SUB, src, p, aux, q, dst, d, n);
            case MUL -> BroadcastRowsDouble.vv(Elementwise.Kind.MUL, src, p, aux, q, dst, d, n);
            case DIV -> BroadcastRowsDouble.vv(Elementwise.Kind.DIV, src, p, aux, q, dst, d, n);
            case SUB_FROM -> BroadcastRowsDouble.vv(Elementwise.Kind.SUB, aux, q, src, p, dst, d, n);
            case DIV_INTO -> BroadcastRowsDouble.vv(Elementwise.Kind.DIV, aux, q, src, p, dst, d, n);
            default -> throw new IllegalArgumentException("view op " + op);
        }
    }
}
