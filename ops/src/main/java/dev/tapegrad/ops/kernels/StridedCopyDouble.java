// GENERATED from StridedCopyFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * Copies a strided FLOAT64 view (storage, offset, shape, non-negative strides) into a dense row-major
 * array at memory speed, so that a kernel fed a view (expanded, transposed, narrowed, permuted) pays one
 * pass over its elements. The layout is first reduced ({@link CopyLayout}); then each innermost row is
 * one {@code System.arraycopy} (stride 1) or one {@code Arrays.fill} (stride 0, an expanded dim); when
 * instead another dim has stride 1 (a transposed or permuted view) that dim and the last are copied in
 * square tiles, so that reads and writes both stay within a few cache lines (the scalar reference, used
 * without the Vector API), or with the Vector API as 8×8 blocks transposed in registers ({@link
 * TransposeDoubleSimd}) along bands of eight dst rows, with scalar edges; any other row is walked with its
 * stride. {@link #map} is the same walk with an operation applied as each element is stored ({@link ViewOps}:
 * relu, neg, abs, relu's mask, arithmetic with a dense operand), so that a pointwise op on a view reads it once and
 * writes its result once. Generated from {@link StridedCopyFloat}: edit that file, not this one.
 */
public final class StridedCopyDouble {
    private StridedCopyDouble() {}

    /** Side of the tiles of a transposing copy. */
    static final int TILE = 32;

    /** True when tiles are transposed with {@link TransposeDoubleSimd}. */
    private static final boolean SIMD = Kernels.simd() && TransposeDoubleSimd.FITS;

    /** True when short rows of arithmetic run as 2-D boxes through {@link ShortRowsSimdDouble#box}. */
    private static final boolean SHORT_BOXES = Kernels.simd();

    /** Below this many elements a copy runs on the calling thread. */
    static final int PARALLEL_MIN = 1 << 15;

    /**
     * dst[i] = src[offset + Σ_d index_d(i) · strides[d]] for i in row-major order over shape. A large copy is
     * split over {@link Parallel}'s threads along its outermost (reduced) dim.
     */
    public static void copy(double[] src, int offset, int[] shape, int[] strides, double[] dst) {
        copy(src, offset, shape, strides, dst, SIMD);
    }

    /** As {@link #copy(double[], int, int[], int[], double[])}, with or without the SIMD transpose. */
    static void copy(double[] src, int offset, int[] shape, int[] strides, double[] dst, boolean simd) {
        map(ViewOps.COPY, src, offset, shape, strides, null, 0, dst, simd);
    }

    /**
     * dst[i] = op(v[i], aux[auxOff + i]) for i in row-major order over shape, v the strided view (src, offset,
     * shape, strides) and aux a dense row-major operand of the same shape (unused, may be null, for {@link
     * ViewOps#COPY} and the one-operand ops such as {@link ViewOps#RELU}): the walk of {@link #copy} with op applied in registers as each
     * element is stored. Fast for the views of which {@link #fuses} is true; correct for all.
     */
    public static void map(int op, double[] src, int offset, int[] shape, int[] strides, double[] aux, int auxOff,
                           double[] dst) {
        map(op, src, offset, shape, strides, aux, auxOff, dst, SIMD);
    }

    /**
     * True when {@link #map} reads the view as contiguous rows or through the transposing tiles (its innermost
     * reduced dim has stride 1, or another dim has stride 1 and the innermost is not expanded): there, fusing
     * the op beats a copy followed by a pass over it.
     */
    public static boolean fuses(int[] shape, int[] strides) {
        CopyLayout l = CopyLayout.of(shape, strides);
        int rank = l.rank();
        if (rank == 0) {
            return true;
        }
        int last = l.strides()[rank - 1];
        int unit = l.unitDim();
        return last == 1 || (unit >= 0 && last != 0);
    }

    /** As {@link #map(int, double[], int, int[], int[], double[], int, double[])}, with or without the SIMD transpose. */
    static void map(int op, double[] src, int offset, int[] shape, int[] strides, double[] aux, int auxOff,
                    double[] dst, boolean simd) {
        CopyLayout l = CopyLayout.of(shape, strides);
        int rank = l.rank();
        if (l.count() == 0) {
            return;
        }
        if (rank == 0) {
            dst[0] = ViewOps.apply(op, src[offset], aux == null ? 0.0 : aux[auxOff]);
            return;
        }
        int[] size = l.sizes();
        int[] stride = l.strides();
        int outer = size[0];
        int perOuter = l.count() / outer;
        if (l.count() < PARALLEL_MIN || outer < 2) {
            copyRange(op, src, offset, size, stride, 0, outer, aux, auxOff, dst, simd);
            return;
        }
        int minChunk = Math.max(1, PARALLEL_MIN / 2 / perOuter);
        Parallel.forRange(outer, minChunk,
                (from, to) -> copyRange(op, src, offset, size, stride, from, to, aux, auxOff, dst, simd));
    }

    /**
     * dst[dstOffset + Σ_d index_d · dstStrides[d]] = src[offset + Σ_d index_d · strides[d]] over shape: a view
     * copied into a box of a larger array (the zero-padded gradient of a narrowed view). Dims merge where both
     * sides allow; each innermost row is one arraycopy (stride 1 on both sides), one fill (an expanded source)
     * or a walk with its strides, so a source whose innermost dim is not stride 1 or 0 (a transpose) is best
     * made dense first. A large copy is split over {@link Parallel}'s threads along its outermost merged dim.
     */
    public static void copyInto(double[] src, int offset, int[] shape, int[] strides, double[] dst, int dstOffset,
                                int[] dstStrides) {
        mapInto(ViewOps.COPY, src, offset, shape, strides, null, 0, null, dst, dstOffset, dstStrides);
    }

    /**
     * dst[dstOffset + Σ_d index_d · dstStrides[d]] = op(v, a) over shape, v the element of the view (src, offset,
     * strides) and a that of aux (auxOff, auxStrides; null for {@link ViewOps#COPY} and the one-operand ops) at
     * the same index: a pointwise op written straight into a box of a larger array (a gradient written into its
     * place in the zero-padded gradient of a narrowed view). As {@link #copyInto}, with each dst row of stride 1
     * computed by the op's row loop ({@link ViewOps#row}) from the source row, read in place when of stride 1 or
     * else first copied into the dst row, and the aux row, read in place when of stride 1 or else gathered into a
     * scratch row; other rows are walked element by element. The same IEEE operation per element as the dense
     * kernels, so the same bits.
     */
    public static void mapInto(int op, double[] src, int offset, int[] shape, int[] strides, double[] aux, int auxOff,
                               int[] auxStrides, double[] dst, int dstOffset, int[] dstStrides) {
        int[] size = new int[shape.length];
        int[] ss = new int[shape.length];
        int[] as = new int[shape.length];
        int[] ds = new int[shape.length];
        int rank = 0;
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            count *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            int auxStride = auxStrides == null ? 0 : auxStrides[d];
            if (rank > 0 && ss[rank - 1] == (long) strides[d] * shape[d] && ds[rank - 1] == (long) dstStrides[d] * shape[d]
                    && as[rank - 1] == (long) auxStride * shape[d]) {
                size[rank - 1] *= shape[d];
                ss[rank - 1] = strides[d];
                as[rank - 1] = auxStride;
                ds[rank - 1] = dstStrides[d];
            } else {
                size[rank] = shape[d];
                ss[rank] = strides[d];
                as[rank] = auxStride;
                ds[rank] = dstStrides[d];
                rank++;
            }
        }
        if (count == 0) {
            return;
        }
        if (rank == 0) {
            dst[dstOffset] = ViewOps.apply(op, src[offset], aux == null ? 0.0 : aux[auxOff]);
            return;
        }
        int[] sz = Arrays.copyOf(size, rank);
        int[] st = Arrays.copyOf(ss, rank);
        int[] at = Arrays.copyOf(as, rank);
        int[] dt = Arrays.copyOf(ds, rank);
        int perOuter = (int) (count / sz[0]);
        if (count < PARALLEL_MIN || sz[0] < 2) {
            mapIntoRange(op, src, offset, sz, st, aux, auxOff, at, dst, dstOffset, dt, 0, sz[0]);
            return;
        }
        Parallel.forRange(sz[0], Math.max(1, PARALLEL_MIN / 2 / perOuter),
                (from, to) -> mapIntoRange(op, src, offset, sz, st, aux, auxOff, at, dst, dstOffset, dt, from, to));
    }

    /**
     * The part of {@link #mapInto} with outermost (merged) index in [from, to): the last two dims as 2-D boxes of
     * rows ({@link #rows}), one per index of the others, so that short rows (a narrowed last dim) cost no index
     * arithmetic each.
     */
    private static void mapIntoRange(int op, double[] src, int offset, int[] size, int[] stride, double[] aux,
                                     int auxOff, int[] auxStride, double[] dst, int dstOffset, int[] dstStride,
                                     int from, int to) {
        int rank = size.length;
        int p0 = offset + from * stride[0];
        int a0 = auxOff + from * auxStride[0];
        int q0 = dstOffset + from * dstStride[0];
        if (rank == 1) {
            rows(op, src, p0, 0, stride[0], aux, a0, 0, auxStride[0], dst, q0, 0, dstStride[0], 1, to - from);
            return;
        }
        int n = size[rank - 1];
        int count = rank == 2 ? to - from : size[rank - 2];
        int[] outer = Arrays.copyOf(size, rank - 2);
        if (rank > 2) {
            outer[0] = to - from;
        }
        int[] index = new int[rank - 2];
        do {
            int p = p0;
            int a = a0;
            int q = q0;
            for (int d = 0; d < rank - 2; d++) {
                p += index[d] * stride[d];
                a += index[d] * auxStride[d];
                q += index[d] * dstStride[d];
            }
            rows(op, src, p, stride[rank - 2], stride[rank - 1], aux, a, auxStride[rank - 2], auxStride[rank - 1],
                    dst, q, dstStride[rank - 2], dstStride[rank - 1], count, n);
        } while (rank > 2 && CopyLayout.advance(index, outer));
    }

    /**
     * dst[q + r·qr + i·t] = op(src[p + r·pr + i·s], aux[a + r·ar + i·sa]) for r < count, i < n: a 2-D box of rows.
     * Relu's mask over stride-1 rows is one 2-D kernel call ({@link ElementwiseDouble#maskPositiveRows}); rows whose
     * operands both repeat one value are fills; other stride-1 dst rows go through the op's row loop.
     */
    private static void rows(int op, double[] src, int p, int pr, int s, double[] aux, int a, int ar, int sa,
                             double[] dst, int q, int qr, int t, int count, int n) {
        if (op == ViewOps.COPY && s == 1 && t == 1) {
            ElementwiseDouble.copyRows(src, p, pr, dst, q, qr, count, n);
        } else if (op == ViewOps.COPY) {
            for (int r = 0; r < count; r++, p += pr, q += qr) {
                copyRow(src, p, s, dst, q, t, n);
            }
        } else if (op == ViewOps.MASK && t == 1 && sa == 1 && (s == 0 || s == 1)) {
            ElementwiseDouble.maskPositiveRows(src, p, pr, s, aux, a, ar, dst, q, qr, count, n);
        } else if (t == 1 && s == 0 && (aux == null || sa == 0)) {
            boolean one = pr == 0 && (aux == null || ar == 0);   // one value over the whole box
            for (int r = 0; r < count; r += one ? count : 1, p += pr, a += ar, q += qr) {
                double c = ViewOps.apply(op, src[p], aux == null ? 0.0 : aux[a]);
                ElementwiseDouble.fillRows(c, dst, q, qr, one ? count : 1, n);
            }
        } else if (t == 1 && aux != null && s <= 1 && sa <= 1 && ViewOps.kind(op) != null && SHORT_BOXES
                && n < BroadcastRowsDouble.SHORT) {
            if (ViewOps.viewFirst(op)) {
                ShortRowsSimdDouble.box(ViewOps.kind(op), src, p, pr, s, aux, a, ar, sa, dst, q, qr, count, n);
            } else {
                ShortRowsSimdDouble.box(ViewOps.kind(op), aux, a, ar, sa, src, p, pr, s, dst, q, qr, count, n);
            }
        } else if (t == 1) {
            double[] scratch = aux != null && sa != 1 ? new double[n] : null;
            for (int r = 0; r < count; r++, p += pr, a += ar, q += qr) {
                double[] auxRow = aux;
                int at = a;
                if (scratch != null) {
                    copyRow(aux, a, sa, scratch, 0, 1, n);
                    auxRow = scratch;
                    at = 0;
                }
                if (s == 1) {
                    ViewOps.row(op, src, p, auxRow, at, dst, q, n);
                } else {
                    copyRow(src, p, s, dst, q, 1, n);
                    ViewOps.row(op, dst, q, auxRow, at, dst, q, n);
                }
            }
        } else {
            for (int r = 0; r < count; r++, p += pr, a += ar, q += qr) {
                for (int i = 0; i < n; i++) {
                    dst[q + i * t] = ViewOps.apply(op, src[p + i * s], aux == null ? 0.0 : aux[a + i * sa]);
                }
            }
        }
    }

    /** dst[q + i · t] = src[p + i · s] for i < n: one arraycopy, one fill or a strided walk. */
    private static void copyRow(double[] src, int p, int s, double[] dst, int q, int t, int n) {
        if (s == 1 && t == 1) {
            System.arraycopy(src, p, dst, q, n);
        } else if (s == 0 && t == 1) {
            Arrays.fill(dst, q, q + n, src[p]);
        } else {
            for (int i = 0; i < n; i++) {
                dst[q + i * t] = src[p + i * s];
            }
        }
    }

    /** Elements per block of {@link #copyBlocks}: a block stays in the core's cache between copy and use. */
    static final int BLOCK = 1 << 14;

    /** A pass over elements [from, to) (row-major) of a dense array. */
    @FunctionalInterface
    public interface Block {
        void run(int from, int to);
    }

    /**
     * The copy of {@link #copy}, made block by block over {@link Parallel}'s threads, with body run on each
     * block of dst right after it is copied (while it is still in cache): a kernel fed a view then makes one
     * pass over memory, as on a dense input. Blocks are whole indices of the outermost reduced dim; body must
     * only touch its block (and whatever is indexed like it).
     */
    public static void copyBlocks(double[] src, int offset, int[] shape, int[] strides, double[] dst, Block body) {
        CopyLayout l = CopyLayout.of(shape, strides);
        int count = l.count();
        if (count == 0) {
            return;
        }
        if (l.rank() == 0) {
            dst[0] = src[offset];
            body.run(0, 1);
            return;
        }
        int[] size = l.sizes();
        int[] stride = l.strides();
        int perOuter = count / size[0];
        int unitsPerBlock = Math.max(1, BLOCK / perOuter);
        int blocks = (size[0] + unitsPerBlock - 1) / unitsPerBlock;
        int minChunk = Math.max(1, PARALLEL_MIN / 2 / (unitsPerBlock * perOuter));
        Parallel.forRange(blocks, minChunk, (first, last) -> {
            for (int b = first; b < last; b++) {
                int from = b * unitsPerBlock;
                int to = Math.min(size[0], from + unitsPerBlock);
                copyRange(ViewOps.COPY, src, offset, size, stride, from, to, null, 0, dst, SIMD);
                body.run(from * perOuter, to * perOuter);
            }
        });
    }

    /** The part of the copy (or map) with outermost index in [from, to). */
    private static void copyRange(int op, double[] src, int offset, int[] fullSize, int[] stride, int from, int to,
                                  double[] aux, int auxOff, double[] dst, boolean simd) {
        int rank = fullSize.length;
        int[] size = fullSize.clone();
        size[0] = to - from;
        int perOuter = 1;
        for (int d = 1; d < rank; d++) {
            perOuter *= size[d];
        }
        int start = offset + from * stride[0];
        int dstStart = from * perOuter;
        int unit = CopyLayout.unitDim(stride);
        if (unit >= 0 && unit < rank - 1 && stride[rank - 1] != 0) {
            copyTiled(op, src, start, size, stride, unit, aux, auxOff, dst, dstStart, simd);
            return;
        }
        int n = size[rank - 1];
        int s = stride[rank - 1];
        if (op == ViewOps.COPY && s == 1 && rank >= 2) {   // boxes of the last two dims, short rows without a call each
            int count = size[rank - 2];
            int[] outerSize = Arrays.copyOf(size, rank - 2);
            int[] outerStride = Arrays.copyOf(stride, rank - 2);
            int[] index = new int[rank - 2];
            int d = dstStart;
            do {
                ElementwiseDouble.copyRows(src, start + CopyLayout.dot(index, outerStride), stride[rank - 2], dst, d, n,
                        count, n);
                d += count * n;
            } while (CopyLayout.advance(index, outerSize));
            return;
        }
        if (rank == 2) {
            for (int r = 0, p = start, d = dstStart; r < size[0]; r++, p += stride[0], d += n) {
                row(op, src, p, s, n, aux, auxOff, dst, d);
            }
            return;
        }
        int[] outerSize = Arrays.copyOf(size, rank - 1);
        int[] outerStride = Arrays.copyOf(stride, rank - 1);
        int[] index = new int[rank - 1];
        int d = dstStart;
        do {
            row(op, src, start + CopyLayout.dot(index, outerStride), s, n, aux, auxOff, dst, d);
            d += n;
        } while (CopyLayout.advance(index, outerSize));
    }

    private static void row(int op, double[] src, int p, int s, int n, double[] aux, int auxOff, double[] dst, int d) {
        if (op != ViewOps.COPY) {
            if (s == 1) {
                ViewOps.row(op, src, p, aux, auxOff + d, dst, d, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[d + i] = ViewOps.apply(op, src[p + i * s], aux == null ? 0.0 : aux[auxOff + d + i]);
                }
            }
        } else if (s == 1) {
            System.arraycopy(src, p, dst, d, n);
        } else if (s == 0) {
            Arrays.fill(dst, d, d + n, src[p]);
        } else {
            for (int i = 0; i < n; i++) {
                dst[d + i] = src[p + i * s];
            }
        }
    }

    /**
     * The dim u of stride 1 and the last dim (stride s) copied as an m×n block in TILE×TILE tiles, once per
     * index of the other dims; in dst (from dstStart), u's stride is the product of the sizes after it.
     */
    private static void copyTiled(int op, double[] src, int offset, int[] size, int[] stride, int u, double[] aux,
                                  int auxOff, double[] dst, int dstStart, boolean simd) {
        int rank = size.length;
        int m = size[u];
        int n = size[rank - 1];
        int s = stride[rank - 1];
        int[] dense = new int[rank];
        int total = 1;
        for (int d = rank - 1; d >= 0; d--) {
            dense[d] = total;
            total *= size[d];
        }
        int[] outerSize = new int[rank - 2];
        int[] outerStride = new int[rank - 2];
        int[] outerDense = new int[rank - 2];
        for (int d = 0, k = 0; d < rank - 1; d++) {
            if (d != u) {
                outerSize[k] = size[d];
                outerStride[k] = stride[d];
                outerDense[k] = dense[d];
                k++;
            }
        }
        int dstU = dense[u];
        int[] index = new int[rank - 2];
        do {
            int p = offset + CopyLayout.dot(index, outerStride);
            int q = dstStart + CopyLayout.dot(index, outerDense);
            if (simd) {
                transposeSimd(op, src, p, s, m, n, aux, auxOff, dst, q, dstU);
                continue;
            }
            for (int i0 = 0; i0 < m; i0 += TILE) {
                int rows = Math.min(m, i0 + TILE) - i0;
                for (int j0 = 0; j0 < n; j0 += TILE) {
                    int len = Math.min(n, j0 + TILE) - j0;
                    tile(op, src, p + i0 + j0 * s, s, rows, len, aux, auxOff, dst, q + i0 * dstU + j0, dstU);
                }
            }
        } while (CopyLayout.advance(index, outerSize));
    }

    /**
     * dst[to + i · dstStride + j] = op(src[from + i + j · s], aux[auxOff + to + i · dstStride + j]) for i < rows,
     * j < len: the scalar reference.
     */
    private static void tile(int op, double[] src, int from, int s, int rows, int len, double[] aux, int auxOff,
                             double[] dst, int to, int dstStride) {
        for (int i = 0; i < rows; i++) {
            int a = from + i;
            int b = to + i * dstStride;
            if (op == ViewOps.COPY) {
                for (int j = 0; j < len; j++) {
                    dst[b + j] = src[a + j * s];
                }
            } else {
                for (int j = 0; j < len; j++) {
                    dst[b + j] = ViewOps.apply(op, src[a + j * s], aux == null ? 0.0 : aux[auxOff + b + j]);
                }
            }
        }
    }

    /**
     * dst[d] = op(dst[d], aux[auxOff + d]) over a band of eight dst rows of len elements from {@code to}, just
     * transposed there (still in the core's first-level cache): as one run when the rows are whole and adjacent.
     */
    private static void applyBand(int op, double[] aux, int auxOff, double[] dst, int to, int len, int n,
                                  int dstStride) {
        int b = TransposeDoubleSimd.B;
        if (len == n && dstStride == n) {
            ViewOps.row(op, dst, to, aux, auxOff + to, dst, to, b * n);
            return;
        }
        for (int k = 0, d = to; k < b; k++, d += dstStride) {
            ViewOps.row(op, dst, d, aux, auxOff + d, dst, d, len);
        }
    }

    /** Columns of dst per band of {@link #transposeSimd}. */
    static final int BAND = 1024;

    /**
     * As {@link #tile} over a whole m×n block, as 8×8 blocks transposed in registers: bands of eight dst rows
     * written left to right over up to {@link #BAND} columns (eight write streams: TILE×TILE tiles, whose dst
     * rows may lie a power of two apart, conflict in the cache and ran half as fast on channels-last views),
     * then the right and bottom edges by the scalar loop. An op other than {@link ViewOps#COPY} is applied to
     * each band right after it is transposed, while it is in the first-level cache.
     */
    private static void transposeSimd(int op, double[] src, int from, int s, int m, int n, double[] aux, int auxOff,
                                      double[] dst, int to, int dstStride) {
        int b = TransposeDoubleSimd.B;
        int mB = m - m % b;
        int nB = n - n % b;
        for (int j0 = 0; j0 < nB; j0 += BAND) {
            int j1 = Math.min(nB, j0 + BAND);
            for (int i = 0; i < mB; i += b) {
                for (int j = j0; j < j1; j += b) {
                    TransposeDoubleSimd.block(src, from + i + j * s, s, dst, to + i * dstStride + j, dstStride);
                }
                if (op != ViewOps.COPY) {
                    applyBand(op, aux, auxOff, dst, to + i * dstStride + j0, j1 - j0, n, dstStride);
                }
            }
        }
        tile(op, src, from + nB * s, s, mB, n - nB, aux, auxOff, dst, to + nB, dstStride);
        tile(op, src, from + mB, s, m - mB, n, aux, auxOff, dst, to + mB * dstStride, dstStride);
    }
}
