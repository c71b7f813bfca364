package dev.tapegrad.ops.kernels;

/**
 * FLOAT32 sums over any set of dims of a strided array (see {@link Reduce} for the loop nest they share), into a
 * double accumulator laid out contiguously over the kept dims, which the caller zeroes and rounds. The order of
 * additions depends only on the shape and strides. {@link ReduceDouble} is generated from this file for FLOAT64.
 */
public final class ReduceFloat {
    private ReduceFloat() {}

    /**
     * acc[o] += Σ x[off + Σ_d i_d·strides[d]] over the reduced dims, o running row-major over the kept dims of
     * {@code shape}. {@code reduced[d]} marks the reduced dims; acc has the product of the kept sizes.
     */
    public static void sum(float[] x, int off, int[] shape, int[] strides, boolean[] reduced, double[] acc) {
        StridedLayout l = Reduce.layout(shape, strides, reduced);
        if (l == null) {
            return;
        }
        int n = l.inner();
        int xs = l.innerStride(0);
        int[] xRows = l.rowStarts(0, off);
        int[] oRows = l.rowStarts(1, 0);
        if (l.innerStride(1) == 0 && xs == 1 && Kernels.simd() && (long) xRows.length * n >= Reduce.PARALLEL_MIN) {
            double[] s = Reduce.blockSums(xRows.length, n, Reduce.BLOCK,
                    (r, i, len) -> TapLoops.sum(x, xRows[r] + i, len));
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

    /**
     * acc[o] = Σ over the trailing dims [keep, rank) of a strided view, o running row-major over the leading
     * dims: the runs of reduced elements are gathered in row-major order into a small buffer ({@link
     * StridedCopyFloat}), a group of consecutive runs along the last kept dim (up to {@link
     * StridedCopyFloat#BLOCK} elements) per copy, so that the copy's set-up is paid once per group and a
     * channels-last view (the last kept dim of stride 1) is transposed at memory speed instead of walked with a
     * large stride; each run is summed there exactly as {@link #sum} sums that run in a contiguous array, so the
     * result is bit for bit that of the contiguous input; the runs are split over the kernel threads. For runs
     * of 2 to {@link Reduce#TRAILING_MAX} elements; acc has the product of the leading sizes and starts zeroed.
     */
    public static void sumTrailing(float[] x, int off, int[] shape, int[] strides, int keep, double[] acc) {
        int run = 1;
        for (int d = keep; d < shape.length; d++) {
            run *= shape[d];
        }
        int len = run;
        int chunk = Math.max(1, StridedCopyFloat.BLOCK / len);
        int last = keep > 0 ? shape[keep - 1] : 1;
        int[] groupStrides = Reduce.group(strides, keep, 0);
        Parallel.forRange(acc.length, chunk, (from, to) -> {
            float[] buf = new float[chunk * len];
            int[] groupShape = Reduce.group(shape, keep, 1);
            for (int o = from; o < to; ) {
                int m = Math.min(Math.min(chunk, to - o), last - o % last);
                groupShape[0] = m;
                StridedCopyFloat.copy(x, off + Reduce.leadingOffset(o, shape, strides, keep), groupShape,
                        groupStrides, buf);
                for (int j = 0; j < m; j++, o++) {
                    acc[o] += rowSum(buf, j * len, len);
                }
            }
        });
    }

    /**
     * Σ of a contiguous row: {@link Reduce#BLOCK} elements at a time summed in lanes of the element type
     * ({@link TapLoops#sum}), the blocks added in double (scalar kernels: all in double).
     */
    static double rowSum(float[] x, int p, int n) {
        if (!Kernels.simd()) {
            return rowSum(x, p, n, 1);
        }
        double s = 0;
        for (int i = 0; i < n; i += Reduce.BLOCK) {
            s += TapLoops.sum(x, p + i, Math.min(Reduce.BLOCK, n - i));
        }
        return s;
    }

    /** Σ of a strided row, in double. */
    static double rowSum(float[] x, int p, int n, int stride) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[p + i * stride];
        }
        return s;
    }

    /** acc[o + i] += x[p + i·stride] for i < n. */
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
}
