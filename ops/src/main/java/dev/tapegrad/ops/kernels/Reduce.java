package dev.tapegrad.ops.kernels;

/**
 * What the sums of {@link ReduceFloat} and its generated FLOAT64 twin share. Sums over any set of dims of a strided
 * array run at memory speed: the dims are merged into a loop nest ({@link StridedLayout}); when the innermost dim is
 * reduced each row is summed with SIMD ({@link TapLoops#sum}, in blocks of {@value #BLOCK} elements added in
 * double), when it is kept each row is added into the output row. Outer dims are plain loops over row starts; there
 * is no per-element offset arithmetic. Large sums over contiguous rows (the whole tensor, as in {@code sum(y)}) have
 * their rows' blocks summed over the kernel threads and added in the one-thread order.
 *
 * <p>Results go into a double accumulator laid out contiguously over the kept dims (row-major, reduced dims
 * dropped), which the caller zeroes and rounds. The order of additions depends only on the shape and strides.
 */
public final class Reduce {
    private Reduce() {}

    /** Rows summed in lanes of the element type at most this long before the partial sum is added in double. */
    static final int BLOCK = 4096;

    /** Runs shorter than this are summed in one vector of lanes ({@link ReduceFloat#runSum}). */
    static final int SHORT_RUN = 64;

    /** Fewest elements for which a sum over contiguous rows is split over the kernel threads. */
    static final int PARALLEL_MIN = 1 << 16;

    /** The sum of elements [i, i + len) of row r. */
    @FunctionalInterface
    interface BlockSum {
        double sum(int r, int i, int len);
    }

    /**
     * Σ_b part(r, b) for each of rows rows of n elements, part the sum of block b (of {@code block} elements) of
     * row r: the blocks are summed over the kernel threads, and each row's block sums are then added in order,
     * from 0, in double, exactly as {@link ReduceFloat#rowSum} adds them on one thread, so the result does not
     * depend on the split.
     */
    static double[] blockSums(int rows, int n, int block, BlockSum part) {
        int per = (n + block - 1) / block;
        double[] parts = new double[rows * per];
        int minChunk = Math.max(1, (1 << 15) / Math.min(block, n));
        Parallel.forRange(parts.length, minChunk, (from, to) -> {
            for (int k = from; k < to; k++) {
                int r = k / per;
                int i = (k - r * per) * block;
                parts[k] = part.sum(r, i, Math.min(block, n - i));
            }
        });
        double[] sums = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int b = 0; b < per; b++) {
                s += parts[r * per + b];
            }
            sums[r] = s;
        }
        return sums;
    }

    /** Longest reduced run that {@link ReduceFloat#sumTrailing} gathers into a buffer. */
    public static final int TRAILING_MAX = 1 << 16;

    /**
     * The dims of a group of consecutive reduced runs: the last kept dim (its size or stride; {@code none}
     * when all dims are reduced) followed by the reduced dims [keep, rank).
     */
    static int[] group(int[] dims, int keep, int none) {
        int[] g = new int[dims.length - keep + 1];
        g[0] = keep > 0 ? dims[keep - 1] : none;
        System.arraycopy(dims, keep, g, 1, dims.length - keep);
        return g;
    }

    /** The storage offset of leading index o (row-major over dims [0, keep)). */
    static int leadingOffset(int o, int[] shape, int[] strides, int keep) {
        int p = 0;
        for (int d = keep - 1; d >= 0; d--) {
            p += (o % shape[d]) * strides[d];
            o /= shape[d];
        }
        return p;
    }

    /** Rows summed into one float row before that row is added in double ({@link ReduceFloat#sumRows}). */
    static final int ROWS = 64;

    /** Blocks of {@link #ROWS} rows summed together on one thread when a sum over N, H, W is split. */
    static final int SPAN = 16;

    /** Shortest reduced innermost row that {@link ReduceFloat#sumRows} sums on its own rather than in a block. */
    static final int LONG_ROW = 256;

    /**
     * The loop nest of the input and of the (contiguous, kept-dims) output with the dims taken in the input's
     * memory order (strides from largest to smallest), so that its innermost dim is the one of stride 1 when
     * there is one; null when there is nothing to sum.
     */
    static StridedLayout memoryOrderLayout(int[] shape, int[] strides, boolean[] reduced) {
        int rank = shape.length;
        int[] outStrides = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            if (shape[d] == 0) {
                return null;
            }
            outStrides[d] = reduced[d] ? 0 : s;
            s *= reduced[d] ? 1 : shape[d];
        }
        int[] order = strideOrder(strides);
        int[] shapeP = new int[rank];
        int[] stridesP = new int[rank];
        int[] outP = new int[rank];
        for (int i = 0; i < rank; i++) {
            shapeP[i] = shape[order[i]];
            stridesP[i] = strides[order[i]];
            outP[i] = outStrides[order[i]];
        }
        return StridedLayout.of(shapeP, stridesP, outP);
    }

    /** The dims sorted by stride, largest first; ties keep their row-major order (a stable insertion sort). */
    static int[] strideOrder(int[] strides) {
        int rank = strides.length;
        int[] order = new int[rank];
        for (int d = 0; d < rank; d++) {
            int k = d;
            while (k > 0 && strides[order[k - 1]] < strides[d]) {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = d;
        }
        return order;
    }

    /** values[order[i]] at i. */
    static int[] permute(int[] values, int[] order) {
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    /** True when strides are the row-major strides of shape on every dim longer than 1. */
    static boolean rowMajor(int[] shape, int[] strides) {
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != s) {
                return false;
            }
            s *= shape[d];
        }
        return true;
    }

    /** Start offsets (base added) of operand op at every index of the outer dims [0, dims) of l, row-major. */
    static int[] starts(StridedLayout l, int op, int dims, int base) {
        return starts(java.util.Arrays.copyOf(l.sizes, dims), java.util.Arrays.copyOf(l.strides[op], dims), base);
    }

    /** Offsets base + Σ_k i_k·strides[k] at every index of sizes, row-major (one offset, base, for no dims). */
    static int[] starts(int[] sizes, int[] strides, int base) {
        int dims = sizes.length;
        int count = 1;
        for (int k = 0; k < dims; k++) {
            count *= sizes[k];
        }
        int[] out = new int[count];
        int[] idx = new int[Math.max(dims, 1)];
        int pos = base;
        for (int r = 0; r < count; r++) {
            out[r] = pos;
            for (int k = dims - 1; k >= 0; k--) {
                if (++idx[k] < sizes[k]) {
                    pos += strides[k];
                    break;
                }
                idx[k] = 0;
                pos -= strides[k] * (sizes[k] - 1);
            }
        }
        return out;
    }

    /** Elements of a long kept row that {@link ReduceFloat#sumInOrder} accumulates as one unit of work. */
    static final int CHUNK = 2048;

    /**
     * The outer dims of a two-operand layout (input, output with stride 0 on reduced dims), all but the innermost,
     * split by whether the output keeps them: {kept sizes, their input strides, their output strides, reduced
     * sizes, their input strides}, each in the layout's order.
     */
    static int[][] splitOuter(StridedLayout l) {
        int outer = l.rank() - 1;
        int kept = 0;
        for (int k = 0; k < outer; k++) {
            kept += l.strides[1][k] != 0 ? 1 : 0;
        }
        int[][] out = {new int[kept], new int[kept], new int[kept], new int[outer - kept], new int[outer - kept]};
        for (int k = 0, a = 0, b = 0; k < outer; k++) {
            if (l.strides[1][k] != 0) {
                out[0][a] = l.sizes[k];
                out[1][a] = l.strides[0][k];
                out[2][a++] = l.strides[1][k];
            } else {
                out[3][b] = l.sizes[k];
                out[4][b++] = l.strides[0][k];
            }
        }
        return out;
    }

    /** The loop nest of the input and of the (contiguous, kept-dims) output; null when there is nothing to sum. */
    static StridedLayout layout(int[] shape, int[] strides, boolean[] reduced) {
        int[] outStrides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) {
                return null;
            }
            outStrides[d] = reduced[d] ? 0 : s;
            s *= reduced[d] ? 1 : shape[d];
        }
        return StridedLayout.of(shape, strides, outStrides);
    }
}
