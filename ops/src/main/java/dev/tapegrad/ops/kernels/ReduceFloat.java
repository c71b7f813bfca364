package dev.tapegrad.ops.kernels;

import java.util.Arrays;

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
            double[] s = n <= Reduce.BLOCK ? runSums(x, xRows, n)
                    : Reduce.blockSums(xRows.length, n, Reduce.BLOCK, (r, i, len) -> TapLoops.sum(x, xRows[r] + i, len));
            for (int r = 0; r < xRows.length; r++) {
                acc[oRows[r]] += s[r];
            }
        } else if (l.innerStride(1) == 0) {
            for (int r = 0; r < xRows.length; r++) {
                acc[oRows[r]] += xs == 1 ? runSum(x, xRows[r], n) : rowSum(x, xRows[r], n, xs);
            }
        } else {
            for (int r = 0; r < xRows.length; r++) {
                addRow(x, xRows[r], xs, acc, oRows[r], n);
            }
        }
    }

    /**
     * As {@link #sum}, for a view (transposed, permuted, narrowed) read in place in its memory order, the dims
     * sorted by stride ({@link Reduce#memoryOrderLayout}), as PyTorch reduces non-contiguous inputs: a reduced
     * innermost row of {@link Reduce#LONG_ROW} elements or more (a transposed H, W plane) is summed as {@link
     * #sum} sums a contiguous row; shorter rows whose next dim out is reduced too (channels-last storage summed
     * over H, W or N, H, W: rows of C; a narrowed last dim) are added into one float row {@link Reduce#ROWS}
     * at a time with SIMD across the row ({@link ShortRowsSimdFloat#addRows}), that row then added into acc in
     * double; when the innermost dim is reduced too (a narrowed last dim), each block of rows is summed in four
     * chains of lanes ({@link AccumulateSimd#rowsSum}) and added in double. Groups of rows with an output row each are
     * split over the kernel threads; else spans of {@link Reduce#SPAN} blocks are, and their partial rows added
     * in order: the result does not depend on the thread count.
     * The additions run in memory order, not row-major order: the result equals the contiguous input's sum up
     * to rounding. Returns false, having done nothing, for the layouts it does not take (innermost stride not 1,
     * short rows each summed into a different output, kept rows of {@link Reduce#LONG_ROW} or more: a view narrowed
     * along C), which {@link #sumInOrder}, {@link #sum} and {@link #sumTrailing} then take.
     */
    public static boolean sumRows(float[] x, int off, int[] shape, int[] strides, boolean[] reduced, double[] acc) {
        StridedLayout l = Reduce.memoryOrderLayout(shape, strides, reduced);
        if (l == null) {
            return true;
        }
        int n = l.inner();
        int os = l.innerStride(1);
        int k = l.rank() - 2;
        boolean nextReduced = k >= 0 && l.strides[1][k] == 0;
        if (l.innerStride(0) != 1 || (os == 0 && n < Reduce.LONG_ROW && !nextReduced) || (os != 0 && !nextReduced)
                || (os != 0 && n >= Reduce.LONG_ROW)) {
            return false;
        }
        if (os == 0 && n >= Reduce.LONG_ROW) {
            int[] xRows = l.rowStarts(0, off);
            int[] oRows = l.rowStarts(1, 0);
            double[] s = n <= Reduce.BLOCK ? runSums(x, xRows, n)
                    : Reduce.blockSums(xRows.length, n, Reduce.BLOCK, (r, i, len) -> TapLoops.sum(x, xRows[r] + i, len));
            for (int r = 0; r < xRows.length; r++) {
                acc[oRows[r]] += s[r];
            }
            return true;
        }
        // groups of rows along dim k that add into one output row, cut into blocks of up to ROWS rows
        int[] xGroups = Reduce.starts(l, 0, k, off);
        int[] oGroups = Reduce.starts(l, 1, k, 0);
        int size = l.sizes[k];
        int stride = l.strides[0][k];
        int per = (size + Reduce.ROWS - 1) / Reduce.ROWS;
        int width = os == 0 ? 1 : n;
        boolean distinct = true;
        for (int d = 0; d < k; d++) {
            distinct &= l.strides[1][d] != 0;
        }
        // units of work: a whole group when each group has its own output row and there are several, else spans
        // of up to SPAN blocks; each unit summed in block order in double, units split over the threads
        int span = distinct && xGroups.length > 1 ? per : Math.min(per, Reduce.SPAN);
        int spans = (per + span - 1) / span;
        int units = xGroups.length * spans;
        boolean direct = distinct && spans == 1;
        double[] parts = direct ? null : new double[units * width];
        Parallel.forRange(units, Math.max(1, (1 << 15) / (span * Reduce.ROWS * n)), (from, to) -> {
            float[] buf = new float[n];
            double[] row = new double[width];
            for (int u = from; u < to; u++) {
                int g = u / spans;
                int first = u % spans * span;
                Arrays.fill(row, 0);
                for (int blk = first; blk < Math.min(per, first + span); blk++) {
                    block(x, xGroups[g], stride, blk * Reduce.ROWS, size, buf, n, os, row);
                }
                if (direct) {
                    for (int i = 0; i < width; i++) {
                        acc[oGroups[g] + i * os] += row[i];
                    }
                } else {
                    System.arraycopy(row, 0, parts, u * width, width);
                }
            }
        });
        if (!direct) {
            // groups sharing output rows, or spans of one group: their partial rows added in order
            for (int u = 0; u < units; u++) {
                int o = oGroups[u / spans];
                for (int i = 0; i < width; i++) {
                    acc[o + i * os] += parts[u * width + i];
                }
            }
        }
        return true;
    }

    /**
     * Rows [first, first + ROWS) (at most up to size) of a group starting at p, added into a float row (or, for a
     * reduced innermost dim, summed: with SIMD by {@link AccumulateSimd#rowsSum}, in four chains of float lanes
     * without the row), then added into row in double: the block step of {@link #sumRows}.
     */
    private static void block(float[] x, int p, int stride, int first, int size, float[] buf, int n, int os,
                              double[] row) {
        if (os == 0 && Kernels.simd()) {
            row[0] += AccumulateSimd.rowsSum(x, p + first * stride, stride, Math.min(Reduce.ROWS, size - first), n);
            return;
        }
        Arrays.fill(buf, 0f);
        addRows(x, p + first * stride, stride, Math.min(Reduce.ROWS, size - first), buf, n);
        if (os == 0) {
            row[0] += Kernels.simd() ? ShortRowsSimdFloat.sum(buf, n) : TapLoops.sumScalar(buf, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                row[i] += buf[i];
            }
        }
    }

    /** buf[i] += Σ_r x[p + r·stride + i] for i < n, rows r < rows added in turn. */
    static void addRows(float[] x, int p, int stride, int rows, float[] buf, int n) {
        if (Kernels.simd()) {
            ShortRowsSimdFloat.addRows(x, p, stride, rows, buf, n);
        } else {
            addRowsScalar(x, p, stride, rows, buf, 0, n);
        }
    }

    /** Scalar reference of {@link #addRows}, on elements [i0, i0 + n) of the rows and of buf. */
    static void addRowsScalar(float[] x, int p, int stride, int rows, float[] buf, int i0, int n) {
        for (int i = i0; i < i0 + n; i++) {
            float s = buf[i];
            for (int r = 0, q = p + i - i0; r < rows; r++, q += stride) {
                s += x[q];
            }
            buf[i] = s;
        }
    }

    /**
     * As {@link #sum}, for a view whose reduced dims lie between kept ones (a sum over C of a transposed, narrowed
     * or channels-last [N, C, H, W]), read in place in its memory order (the dims sorted by stride, {@link
     * Reduce#memoryOrderLayout}), the sums gathered in a buffer laid out in that order over the kept dims so that
     * kept rows run along the stride-1 dim of both, then copied into acc (row-major over the kept dims, starting
     * zeroed). A kept innermost row is added into its output row in double as {@link #sum} adds a contiguous one:
     * when memory order keeps the reduced dims in their row-major order (one reduced dim, as in a sum over C), each
     * output receives the same additions in the same order as for the contiguous input, bit for bit. A reduced
     * innermost row (channels-last summed over C) is summed as {@link #sum} sums a contiguous row: equal to the
     * contiguous input's sum up to rounding. Kept rows are filled one at a time while they are in cache ({@link
     * #keptRows}), split over the kernel threads (the result does not depend on their number). Returns false, having done nothing, when no dim of stride 1 is innermost in
     * memory order.
     */
    public static boolean sumInOrder(float[] x, int off, int[] shape, int[] strides, boolean[] reduced, double[] acc) {
        int rank = shape.length;
        int[] kept = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 0) {
                return true; // nothing to add: acc stays zero
            }
            kept[d] = reduced[d] ? 1 : shape[d];
        }
        int[] order = Reduce.strideOrder(strides);
        int[] bufStrides = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; i--) {
            bufStrides[order[i]] = s;
            s *= kept[order[i]];
        }
        for (int d = 0; d < rank; d++) {
            bufStrides[d] = reduced[d] ? 0 : bufStrides[d];
        }
        StridedLayout l = StridedLayout.of(Reduce.permute(shape, order), Reduce.permute(strides, order),
                Reduce.permute(bufStrides, order));
        if (l.innerStride(0) != 1) {
            return false;
        }
        boolean direct = Reduce.rowMajor(kept, bufStrides);
        double[] buf = direct ? acc : new double[acc.length];
        if (l.innerStride(1) == 0) {
            reducedRuns(x, off, l, buf);
        } else if (groupRows(x, off, l, buf)) {
            // each group of rows had its own few output rows
        } else {
            keptRows(x, off, l, buf);
        }
        if (!direct) {
            StridedCopyDouble.copy(buf, 0, kept, bufStrides, acc);
        }
        return true;
    }

    /**
     * The kept-innermost step of {@link #sumInOrder} when the groups of rows along the dim outside the innermost
     * each add into at most {@link Reduce#CHUNK} outputs (one row, or m rows of a narrowed last dim: a sum over C):
     * the groups in memory order, each group's rows added into its output rows in turn ({@link #accumulateRows}),
     * a kept outermost dim split over the kernel threads (each index its own outputs: the same bits). False, having
     * done nothing, for larger groups (a sum over N), which {@link #keptRows} blocks.
     */
    private static boolean groupRows(float[] x, int off, StridedLayout l, double[] buf) {
        int n = l.inner();
        int k = l.rank() - 2;
        int m = k >= 0 ? l.sizes[k] : 1;
        int xStep = k >= 0 ? l.strides[0][k] : 0;
        int oStep = k >= 0 ? l.strides[1][k] : 0;
        if ((long) (oStep == 0 ? 1 : m) * n > Reduce.CHUNK) {
            return false;
        }
        int[] xGroups = Reduce.starts(l, 0, Math.max(k, 0), off);
        int[] oGroups = Reduce.starts(l, 1, Math.max(k, 0), 0);
        int outer = k >= 1 && l.strides[1][0] != 0 ? l.sizes[0] : 1;
        int per = xGroups.length / outer;
        Parallel.forRange(outer, Math.max(1, (1 << 15) / Math.max(1, per * m * n)), (from, to) -> {
            for (int g = from * per; g < to * per; g++) {
                accumulateRows(x, xGroups[g], xStep, buf, oGroups[g], oStep, m, n);
            }
        });
        return true;
    }

    /**
     * The kept-innermost step of {@link #sumInOrder} for large groups (a sum over N: every output row receives
     * rows from all over x): the outer dims of l split into kept ones (rows of buf) and reduced ones (buf stride
     * 0). A long kept row (at least {@link Reduce#LONG_ROW} elements), each chunk of {@link Reduce#CHUNK} elements
     * of a longer one, or a tile of about {@link Reduce#CHUNK} elements of short kept rows (a narrowed last dim)
     * receives the x rows of every reduced index in memory order, four per pass through it ({@link
     * #accumulateRows}): the rows being filled stay in cache, and each output gets the additions of a walk over x
     * in memory order, in that order. Tiles are split over the kernel threads (the result does not depend on it).
     */
    private static void keptRows(float[] x, int off, StridedLayout l, double[] buf) {
        int n = l.inner();
        int[][] split = Reduce.splitOuter(l);
        int[] xRows = Reduce.starts(split[0], split[1], off);
        int[] bRows = Reduce.starts(split[0], split[2], 0);
        int[] reduced = Reduce.starts(split[3], split[4], 0);
        int chunk = n <= 2 * Reduce.CHUNK ? n : Reduce.CHUNK;
        int chunks = (n + chunk - 1) / chunk;
        int tile = n >= Reduce.LONG_ROW ? 1 : Math.max(1, Reduce.CHUNK / n);
        int tiles = (xRows.length + tile - 1) / tile;
        int work = reduced.length * chunk * tile;
        Parallel.forRange(tiles * chunks, Math.max(1, (1 << 15) / work), (from, to) -> {
            for (int u = from; u < to; u++) {
                int r0 = u / chunks * tile;
                int i = u % chunks * chunk;
                accumulateRows(x, xRows, bRows, r0, Math.min(xRows.length, r0 + tile), i, Math.min(chunk, n - i),
                        reduced, 0, reduced.length, buf);
            }
        });
    }

    /**
     * The reduced-innermost step of {@link #sumInOrder} (channels-last summed over C): each run along the innermost
     * dim summed ({@link #runSum}) and added into its output in memory order; a kept outermost dim split over the
     * kernel threads (each index its own outputs: the same bits).
     */
    private static void reducedRuns(float[] x, int off, StridedLayout l, double[] buf) {
        int n = l.inner();
        // groups of m rows along the dim outside the innermost
        int k = l.rank() - 2;
        int m = k >= 0 ? l.sizes[k] : 1;
        int xStep = k >= 0 ? l.strides[0][k] : 0;
        int oStep = k >= 0 ? l.strides[1][k] : 0;
        int[] xGroups = Reduce.starts(l, 0, Math.max(k, 0), off);
        int[] oGroups = Reduce.starts(l, 1, Math.max(k, 0), 0);
        int outer = k >= 1 && l.strides[1][0] != 0 ? l.sizes[0] : 1;
        int per = xGroups.length / outer;
        Parallel.forRange(outer, Math.max(1, (1 << 15) / Math.max(1, per * m * n)), (from, to) -> {
            for (int g = from * per; g < to * per; g++) {
                for (int j = 0; j < m; j++) {
                    buf[oGroups[g] + j * oStep] += runSum(x, xGroups[g] + j * xStep, n);
                }
            }
        });
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
                    acc[o] += runSum(buf, j * len, len);
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

    /**
     * Σ of a contiguous run of a sum, as {@link #rowSum}, except that a run shorter than {@link Reduce#SHORT_RUN}
     * (a last dim of 32) is summed in one vector of lanes ({@link AccumulateSimd#laneSum}), not element by element:
     * every sum path uses this for its runs, so a view's sum equals the contiguous input's where the runs agree.
     */
    static double runSum(float[] x, int p, int n) {
        return n < Reduce.SHORT_RUN && Kernels.simd() ? AccumulateSimd.laneSum(x, p, n) : rowSum(x, p, n);
    }

    /**
     * {@link #runSum} of the runs of n elements (at most {@link Reduce#BLOCK}) starting at rows, split over the
     * kernel threads: the sums {@link Reduce#blockSums} gives for one block a row (n at least {@link
     * Reduce#SHORT_RUN}), without its per-block set-up.
     */
    private static double[] runSums(float[] x, int[] rows, int n) {
        double[] s = new double[rows.length];
        Parallel.forRange(rows.length, Math.max(1, (1 << 15) / n), (from, to) -> {
            for (int r = from; r < to; r++) {
                s[r] = runSum(x, rows[r], n);
            }
        });
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

    /**
     * acc[o + r·oStep + i] += x[p + r·xStep + i] for r < rows, i < n, rows added in turn (with SIMD: {@link
     * AccumulateSimd}, the same bits).
     */
    static void accumulateRows(float[] x, int p, int xStep, double[] acc, int o, int oStep, int rows, int n) {
        if (Kernels.simd()) {
            AccumulateSimd.accumulateRows(x, p, xStep, acc, o, oStep, rows, n);
            return;
        }
        for (int r = 0; r < rows; r++) {
            addRow(x, p + r * xStep, 1, acc, o + r * oStep, n);
        }
    }

    /**
     * acc[oRows[r] + i] += x[xRows[r] + rows[g] + i] for g in [g0, g1) in turn, r in [r0, r1), i in [i0, i0 + n)
     * (with SIMD: {@link AccumulateSimd}, four g per pass, the same bits).
     */
    static void accumulateRows(float[] x, int[] xRows, int[] oRows, int r0, int r1, int i0, int n, int[] rows,
                               int g0, int g1, double[] acc) {
        if (Kernels.simd()) {
            AccumulateSimd.accumulateRows(x, xRows, oRows, r0, r1, i0, n, rows, g0, g1, acc);
            return;
        }
        for (int g = g0; g < g1; g++) {
            for (int r = r0; r < r1; r++) {
                addRow(x, xRows[r] + i0 + rows[g], 1, acc, oRows[r] + i0, n);
            }
        }
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
