// GENERATED from BroadcastFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

/**
 * out = a ∘ b for the four arithmetic operations over strided, broadcast operands (stride 0 repeats an
 * element) into a contiguous output, at memory speed: the dims merge into a loop nest ({@link StridedLayout})
 * and each innermost row runs one of four plain loops C2 vectorizes — both operands contiguous, a contiguous
 * row with a repeated element (per-channel [C,1,1] against [N,C,H,W], scalars), or general strides (and a fill
 * when both repeat one element). The operation is chosen once per row, never per element; short rows of
 * contiguous or repeated operands (a per-channel scale against channels-last storage, walked in memory order:
 * rows of C against the same C scales; the rows of a narrowed last dim) run through the Vector API loops of
 * {@link ShortRowsSimdDouble}, as 2-D boxes of rows at fixed strides, the operation chosen once per box ({@link
 * ShortRowsSimdDouble#box}, no row-start tables); large outputs are split by rows over {@link Parallel}'s threads. FLOAT64. Generated from {@link BroadcastFloat}: edit that file, not this one.
 */
public final class BroadcastDouble {
    private BroadcastDouble() {}

    /** out[i] (row-major over shape) = a[aOff + Σ i_d·aStrides[d]] ∘ b[bOff + Σ i_d·bStrides[d]]. */
    public static void binary(Elementwise.Kind kind, int[] shape, double[] a, int aOff, int[] aStrides,
                              double[] b, int bOff, int[] bStrides, double[] out) {
        if (out.length == 0) {
            return;
        }
        StridedLayout l = StridedLayout.of(shape, aStrides, bStrides, contiguous(shape));
        int n = l.inner();
        int as = l.innerStride(0);
        int bs = l.innerStride(1);
        if (n < BroadcastRowsDouble.SHORT && Kernels.simd() && as <= 1 && bs <= 1 && (as | bs) == 1) {
            boxes(kind, l, a, aOff, b, bOff, out);
            return;
        }
        int[] aRows = l.rowStarts(0, aOff);
        int[] bRows = l.rowStarts(1, bOff);
        Parallel.forRange(aRows.length, Math.max(1, Elementwise.CHUNK / n), (from, to) -> {
            for (int r = from, o = from * n; r < to; r++, o += n) {
                if (as == 1 && bs == 1) {
                    BroadcastRowsDouble.vv(kind, a, aRows[r], b, bRows[r], out, o, n);
                } else if (as == 1 && bs == 0) {
                    BroadcastRowsDouble.vs(kind, a, aRows[r], b[bRows[r]], out, o, n);
                } else if (as == 0 && bs == 1) {
                    BroadcastRowsDouble.sv(kind, a[aRows[r]], b, bRows[r], out, o, n);
                } else if (as == 0 && bs == 0) {
                    BroadcastRowsDouble.ss(kind, a[aRows[r]], b[bRows[r]], out, o, n);
                } else {
                    BroadcastRowsDouble.strided(kind, a, aRows[r], as, b, bRows[r], bs, out, o, n);
                }
            }
        });
    }

    /**
     * Short rows of operands contiguous or repeated along them, as 2-D boxes: the innermost dim and the next one
     * out, whose rows lie at fixed strides, in one call of {@link ShortRowsSimdDouble#box} per index of the dims
     * further out (rows of a narrowed last dim against a per-channel scale: 32 rows per call; against a constant,
     * or channels-last rows against one repeated row of C scales: one call per thread). The rows are split over
     * {@link Parallel}'s threads.
     */
    private static void boxes(Elementwise.Kind kind, StridedLayout l, double[] a, int aOff, double[] b, int bOff,
                              double[] out) {
        int rank = l.rank();
        int n = l.inner();
        int as = l.innerStride(0);
        int bs = l.innerStride(1);
        int count = rank >= 2 ? l.sizes[rank - 2] : 1;
        int ar = rank >= 2 ? l.strides[0][rank - 2] : 0;
        int br = rank >= 2 ? l.strides[1][rank - 2] : 0;
        Parallel.forRange(l.rows(), Math.max(1, Elementwise.CHUNK / n), (from, to) -> {
            for (int r = from; r < to; ) {
                int box = r / count;
                int k = r - box * count;
                int len = Math.min(count - k, to - r);
                ShortRowsSimdDouble.box(kind, a, aOff + outer(l, 0, box) + k * ar, ar, as,
                        b, bOff + outer(l, 1, box) + k * br, br, bs, out, r * n, len, n);
                r += len;
            }
        });
    }

    /** The offset of operand op at index box (row-major) of the dims outside the last two of the loop nest. */
    private static int outer(StridedLayout l, int op, int box) {
        int p = 0;
        for (int d = l.rank() - 3; d >= 0; d--) {
            int size = l.sizes[d];
            p += (box % size) * l.strides[op][d];
            box /= size;
        }
        return p;
    }

    /**
     * As {@link #binary(Elementwise.Kind, int[], double[], int, int[], double[], int, int[], double[])}, for an
     * operand that is a strided view of the output's full shape (transposed, permuted, narrowed): that operand
     * ({@code a} when {@code copyA}, else {@code b}) is copied into out block by block with {@link
     * StridedCopyDouble#copyBlocks} (the transposing copy), and each block is combined in place with the other
     * operand while it is still in cache, so the view is read once at memory speed. Same values as binary.
     */
    public static void viewBinary(Elementwise.Kind kind, int[] shape, double[] a, int aOff, int[] aStrides,
                                  double[] b, int bOff, int[] bStrides, double[] out, boolean copyA) {
        if (out.length == 0) {
            return;
        }
        int[] c = contiguous(shape);
        StridedLayout l = StridedLayout.of(shape, copyA ? c : aStrides, copyA ? bStrides : c, c);
        int n = l.inner();
        int as = l.innerStride(0);
        int bs = l.innerStride(1);
        int[] aRows = l.rowStarts(0, copyA ? 0 : aOff);
        int[] bRows = l.rowStarts(1, copyA ? bOff : 0);
        double[] x = copyA ? out : a;
        double[] y = copyA ? b : out;
        StridedCopyDouble.copyBlocks(copyA ? a : b, copyA ? aOff : bOff, shape, copyA ? aStrides : bStrides, out,
                (from, to) -> {
                    for (int i = from; i < to; ) {
                        int r = i / n;
                        int k = i - r * n;
                        int len = Math.min(n - k, to - i);
                        row(kind, x, aRows[r] + k * as, as, y, bRows[r] + k * bs, bs, out, i, len);
                        i += len;
                    }
                });
    }

    /** One row (or part of one) of n elements, with the loop its operands' strides call for. */
    private static void row(Elementwise.Kind kind, double[] a, int p, int as, double[] b, int q, int bs,
                            double[] out, int o, int n) {
        if (as == 1 && bs == 1) {
            BroadcastRowsDouble.vv(kind, a, p, b, q, out, o, n);
        } else if (as == 1 && bs == 0) {
            BroadcastRowsDouble.vs(kind, a, p, b[q], out, o, n);
        } else if (as == 0 && bs == 1) {
            BroadcastRowsDouble.sv(kind, a[p], b, q, out, o, n);
        } else if (as == 0 && bs == 0) {
            BroadcastRowsDouble.ss(kind, a[p], b[q], out, o, n);
        } else {
            BroadcastRowsDouble.strided(kind, a, p, as, b, q, bs, out, o, n);
        }
    }

    /** out[i] = a[aOff + i] ∘ b[bOff + i] for i < out.length: both operands contiguous and of one shape. */
    public static void dense(Elementwise.Kind kind, double[] a, int aOff, double[] b, int bOff, double[] out) {
        Elementwise.forRange(out.length,
                (from, to) -> BroadcastRowsDouble.vv(kind, a, aOff + from, b, bOff + from, out, from, to - from));
    }

    /** Row-major strides of a contiguous array of this shape. */
    static int[] contiguous(int[] shape) {
        int[] s = new int[shape.length];
        int st = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = st;
            st *= shape[d];
        }
        return s;
    }
}
