package dev.tapegrad.ops.kernels;

/**
 * The loop nest of an elementwise pass over one to three strided operands of a common shape: size-1 dims
 * dropped and neighbouring dims merged wherever every operand steps through them as through one dim, so
 * that the innermost dim is as long as possible. Kernels then run plain (or SIMD) loops over the innermost
 * dim and walk the outer dims with an odometer: no per-element offset arithmetic.
 *
 * <p>{@code sizes[k]} and {@code strides[op][k]} describe dim k, outermost first; a stride of 0 repeats an
 * operand (broadcasting, or a reduced dim of an output).
 */
public final class StridedLayout {
    public final int[] sizes;
    public final int[][] strides;

    private StridedLayout(int[] sizes, int[][] strides) {
        this.sizes = sizes;
        this.strides = strides;
    }

    /** The merged loop nest of a shape and one stride array per operand (each as long as the shape). */
    public static StridedLayout of(int[] shape, int[]... operandStrides) {
        int ops = operandStrides.length;
        int[] sz = new int[Math.max(shape.length, 1)];
        int[][] st = new int[ops][sz.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (rank > 0 && mergeable(sz[rank - 1], st, rank - 1, shape[d], operandStrides, d)) {
                sz[rank - 1] *= shape[d];
                for (int o = 0; o < ops; o++) {
                    st[o][rank - 1] = operandStrides[o][d];
                }
                continue;
            }
            sz[rank] = shape[d];
            for (int o = 0; o < ops; o++) {
                st[o][rank] = operandStrides[o][d];
            }
            rank++;
        }
        if (rank == 0) {
            // a single element (or a shape of size-1 dims): one row of length 1
            sz[0] = numel(shape);
            rank = 1;
        }
        int[] sizes = java.util.Arrays.copyOf(sz, rank);
        int[][] strides = new int[ops][];
        for (int o = 0; o < ops; o++) {
            strides[o] = java.util.Arrays.copyOf(st[o], rank);
        }
        return new StridedLayout(sizes, strides);
    }

    /** Outer dim (size outer, strides st[.][k]) and inner dim d merge when every operand has stride_outer = stride_inner · size_inner. */
    private static boolean mergeable(int outerSize, int[][] st, int k, int innerSize, int[][] operandStrides, int d) {
        for (int o = 0; o < st.length; o++) {
            if ((long) st[o][k] != (long) operandStrides[o][d] * innerSize) {
                return false;
            }
        }
        return outerSize > 0;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** Number of dims of the loop nest (at least 1). */
    public int rank() {
        return sizes.length;
    }

    /** Length of the innermost dim. */
    public int inner() {
        return sizes[sizes.length - 1];
    }

    /** Stride of operand op along the innermost dim. */
    public int innerStride(int op) {
        return strides[op][sizes.length - 1];
    }

    /** Number of innermost rows (the product of the outer sizes). */
    public int rows() {
        int n = 1;
        for (int k = 0; k < sizes.length - 1; k++) {
            n *= sizes[k];
        }
        return n;
    }

    /**
     * Start offsets of every innermost row for operand op (base offset added), in row-major order of the outer
     * dims: one int per row, not per element.
     */
    public int[] rowStarts(int op, int base) {
        int rows = rows();
        int[] out = new int[rows];
        int outerRank = sizes.length - 1;
        int[] idx = new int[Math.max(outerRank, 1)];
        int[] st = strides[op];
        int pos = base;
        for (int r = 0; r < rows; r++) {
            out[r] = pos;
            for (int k = outerRank - 1; k >= 0; k--) {
                if (++idx[k] < sizes[k]) {
                    pos += st[k];
                    break;
                }
                idx[k] = 0;
                pos -= st[k] * (sizes[k] - 1);
            }
        }
        return out;
    }
}
