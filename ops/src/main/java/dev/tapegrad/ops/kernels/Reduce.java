package dev.tapegrad.ops.kernels;

/**
 * Sums over any set of dims of a strided array, at memory speed: the dims are merged into a loop nest
 * ({@link StridedLayout}); when the innermost dim is reduced each row is summed with SIMD ({@link TapLoops#sum},
 * in blocks of {@value #BLOCK} elements added in double), when it is kept each row is added into the output
 * row. Outer dims are plain loops over row starts; there is no per-element offset arithmetic. Large sums over
 * contiguous rows (the whole tensor, as in {@code sum(y)}) have their rows' blocks summed over the kernel threads
 * and added in the one-thread order.
 *
 * <p>Results go into a double accumulator laid out contiguously over the kept dims (row-major, reduced dims
 * dropped), which the caller zeroes and rounds. The order of additions depends only on the shape and strides.
 */
public final class Reduce {
    private Reduce() {}

    /** Rows summed in float lanes at most this long before the partial sum is added in double. */
    static final int BLOCK = 4096;

    /**
     * acc[o] += Σ x[off + Σ_d i_d·strides[d]] over the reduced dims, o running row-major over the kept dims of
     * {@code shape}. {@code reduced[d]} marks the reduced dims; acc has the product of the kept sizes.
     */
    public static void sum(float[] x, int off, int[] shape, int[] strides, boolean[] reduced, double[] acc) {
        StridedLayout l = layout(shape, strides, reduced);
        if (l == null) {
            return;
        }
        int n = l.inner();
        int xs = l.innerStride(0);
        int[] xRows = l.rowStarts(0, off);
        int[] oRows = l.rowStarts(1, 0);
        if (l.innerStride(1) == 0 && xs == 1 && Kernels.simd() && (long) xRows.length * n >= PARALLEL_MIN) {
            double[] s = blockSums(xRows.length, n, BLOCK, (r, i, len) -> TapLoops.sum(x, xRows[r] + i, len));
            for (int r = 0; r < xRows.length; r++) {
                acc[oRows[r]] += s[r];
            }
        } else if (l.innerStride(1) == 0) {
            for (int r = 0; r < xRows.length; r++) {
                acc[oRows[r]] += xs == 1 ? rowSum(x, xRows[r], n) : rowSum(x, xRows[r], n, xs);
            }
        } else {
            for (int r = 0; r < xRows.length; r++) {
                addRow(x, xRows[r], xs, acc, oRows[r], n);
            }
        }
    }

    public static void sum(double[] x, int off, int[] shape, int[] strides, boolean[] reduced, double[] acc) {
        StridedLayout l = layout(shape, strides, reduced);
        if (l == null) {
            return;
        }
        int n = l.inner();
        int xs = l.innerStride(0);
        int[] xRows = l.rowStarts(0, off);
        int[] oRows = l.rowStarts(1, 0);
        if (l.innerStride(1) == 0 && xs == 1 && (long) xRows.length * n >= PARALLEL_MIN) {
            double[] s = blockSums(xRows.length, n, n, (r, i, len) -> TapLoops.sum(x, xRows[r] + i, len));
            for (int r = 0; r < xRows.length; r++) {
                acc[oRows[r]] += s[r];
            }
        } else if (l.innerStride(1) == 0) {
            for (int r = 0; r < xRows.length; r++) {
                acc[oRows[r]] += xs == 1 ? TapLoops.sum(x, xRows[r], n) : rowSum(x, xRows[r], n, xs);
            }
        } else {
            for (int r = 0; r < xRows.length; r++) {
                addRow(x, xRows[r], xs, acc, oRows[r], n);
            }
        }
    }

    /** Fewest elements for which a sum over contiguous rows is split over the kernel threads. */
    static final int PARALLEL_MIN = 1 << 16;

    /** The sum of elements [i, i + len) of row r. */
    @FunctionalInterface
    private interface BlockSum {
        double sum(int r, int i, int len);
    }

    /**
     * Σ_b part(r, b) for each of rows rows of n elements, part the sum of block b (of {@code block} elements) of
     * row r: the blocks are summed over the kernel threads, and each row's block sums are then added in order,
     * from 0, in double, exactly as {@link #rowSum} adds them on one thread, so the result does not depend on
     * the split.
     */
    private static double[] blockSums(int rows, int n, int block, BlockSum part) {
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

    /** Longest reduced run that {@link #sumTrailing} gathers into a buffer. */
    public static final int TRAILING_MAX = 1 << 16;

    /**
     * acc[o] = Σ over the trailing dims [keep, rank) of a strided view, o running row-major over the leading
     * dims: the runs of reduced elements are gathered in row-major order into a small buffer ({@link
     * StridedCopyFloat}), a group of consecutive runs along the last kept dim (up to {@link
     * StridedCopyFloat#BLOCK} elements) per copy, so that the copy's set-up is paid once per group and a
     * channels-last view (the last kept dim of stride 1) is transposed at memory speed instead of walked with a
     * large stride; each run is
     * summed there exactly as {@link #sum} sums that run in a contiguous array, so the
     * result is bit for bit that of the contiguous input; the runs are split over the kernel threads. For runs
     * of 2 to {@link #TRAILING_MAX} elements; acc has the product of the leading sizes and starts zeroed.
     */
    public static void sumTrailing(float[] x, int off, int[] shape, int[] strides, int keep, double[] acc) {
        int n = 1;
        for (int d = keep; d < shape.length; d++) {
            n *= shape[d];
        }
        int run = n;
        int chunk = Math.max(1, StridedCopyFloat.BLOCK / run);
        int last = keep > 0 ? shape[keep - 1] : 1;
        int[] groupStrides = group(strides, keep, 0);
        Parallel.forRange(acc.length, chunk, (from, to) -> {
            float[] buf = new float[chunk * run];
            int[] groupShape = group(shape, keep, 1);
            for (int o = from; o < to; ) {
                int m = Math.min(Math.min(chunk, to - o), last - o % last);
                groupShape[0] = m;
                StridedCopyFloat.copy(x, off + leadingOffset(o, shape, strides, keep), groupShape, groupStrides, buf);
                for (int j = 0; j < m; j++, o++) {
                    acc[o] += rowSum(buf, j * run, run);
                }
            }
        });
    }

    /** FLOAT64 twin of {@link #sumTrailing(float[], int, int[], int[], int, double[])}. */
    public static void sumTrailing(double[] x, int off, int[] shape, int[] strides, int keep, double[] acc) {
        int n = 1;
        for (int d = keep; d < shape.length; d++) {
            n *= shape[d];
        }
        int run = n;
        int chunk = Math.max(1, StridedCopyFloat.BLOCK / run);
        int last = keep > 0 ? shape[keep - 1] : 1;
        int[] groupStrides = group(strides, keep, 0);
        Parallel.forRange(acc.length, chunk, (from, to) -> {
            double[] buf = new double[chunk * run];
            int[] groupShape = group(shape, keep, 1);
            for (int o = from; o < to; ) {
                int m = Math.min(Math.min(chunk, to - o), last - o % last);
                groupShape[0] = m;
                StridedCopyDouble.copy(x, off + leadingOffset(o, shape, strides, keep), groupShape, groupStrides, buf);
                for (int j = 0; j < m; j++, o++) {
                    acc[o] += TapLoops.sum(buf, j * run, run);
                }
            }
        });
    }

    /**
     * The dims of a group of consecutive reduced runs: the last kept dim (its size or stride; {@code none}
     * when all dims are reduced) followed by the reduced dims [keep, rank).
     */
    private static int[] group(int[] dims, int keep, int none) {
        int[] g = new int[dims.length - keep + 1];
        g[0] = keep > 0 ? dims[keep - 1] : none;
        System.arraycopy(dims, keep, g, 1, dims.length - keep);
        return g;
    }

    /** The storage offset of leading index o (row-major over dims [0, keep)). */
    private static int leadingOffset(int o, int[] shape, int[] strides, int keep) {
        int p = 0;
        for (int d = keep - 1; d >= 0; d--) {
            p += (o % shape[d]) * strides[d];
            o /= shape[d];
        }
        return p;
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

    /** Σ of a contiguous row: float lanes per block, blocks added in double (scalar kernels: all in double). */
    static double rowSum(float[] x, int p, int n) {
        if (!Kernels.simd()) {
            return rowSum(x, p, n, 1);
        }
        double s = 0;
        for (int i = 0; i < n; i += BLOCK) {
            s += TapLoops.sum(x, p + i, Math.min(BLOCK, n - i));
        }
        return s;
    }

    /** FLOAT64 row sum, as {@link TapLoops#sum(double[], int, int)} adds it. */
    static double rowSum(double[] x, int p, int n) {
        return TapLoops.sum(x, p, n);
    }

    static double rowSum(float[] x, int p, int n, int stride) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[p + i * stride];
        }
        return s;
    }

    static double rowSum(double[] x, int p, int n, int stride) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[p + i * stride];
        }
        return s;
    }

    static void addRow(float[] x, int p, int stride, double[] acc, int o, int n) {
        if (stride == 1) {
            for (int i = 0; i < n; i++) {
                acc[o + i] += x[p + i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                acc[o + i] += x[p + i * stride];
            }
        }
    }

    static void addRow(double[] x, int p, int stride, double[] acc, int o, int n) {
        if (stride == 1) {
            for (int i = 0; i < n; i++) {
                acc[o + i] += x[p + i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                acc[o + i] += x[p + i * stride];
            }
        }
    }
}
