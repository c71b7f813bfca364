package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * FLOAT32 maxima and minima of a strided array, over one dim (with the index of the first extreme, as
 * torch.max(x, dim)) or over all elements. A view is read in place in its memory order, the dims sorted by
 * stride ({@link Reduce#memoryOrderLayout}), as {@link ReduceFloat#sumRows} reads it: when the reduced dim is the
 * innermost (stride 1) one, each row is reduced with SIMD and then searched a vector at a time for the first
 * element equal to its extreme ({@link ExtremaSimdFloat#argRow}; rows shorter than a vector in a scalar pass); otherwise the rows along the reduced dim are folded element-wise
 * into a row of extremes and a row of indices, with SIMD across the contiguous innermost dim. Outer dims are
 * plain loops over row starts. NaN wins (the first NaN, for the index); a tie keeps the first element, so the max
 * over a dim of (-0.0, +0.0) is -0.0 at index 0, as in PyTorch. Results equal the scalar references' bit for
 * bit. {@link ExtremaDouble} is generated from this file for FLOAT64.
 */
public final class ExtremaFloat {
    private ExtremaFloat() {}

    /** Shortest row whose extreme {@link ExtremaSimdFloat#argRow} takes with four accumulators. */
    static final int LONG_ROW = 128;

    /** Inner elements folded at a time by {@link #reduceDim} (two rows of them stay in L1). */
    static final int CHUNK = 1024;

    /**
     * Math.max (or Math.min) of x[p + i] for i < n, n >= 1: NaN when any element is NaN; +0.0 above -0.0 (so the
     * result does not depend on the order of the elements).
     */
    public static float extreme(float[] x, int p, int n, boolean max) {
        return Kernels.simd() ? ExtremaSimdFloat.extreme(x, p, n, max) : extremeScalar(x, p, n, max);
    }

    /** Scalar reference of {@link #extreme}. */
    static float extremeScalar(float[] x, int p, int n, boolean max) {
        float m = x[p];
        for (int i = 1; i < n; i++) {
            m = max ? Math.max(m, x[p + i]) : Math.min(m, x[p + i]);
        }
        return m;
    }

    /**
     * Math.max (or Math.min) of a view read in place row by row ({@link MemoryRows}: rows of n elements, n >= 1, at
     * x[groups[g] + j·stride], j < rows): as {@link #extreme(float[], int, int, boolean)}, whose rules make the
     * result independent of the order of the elements.
     */
    public static float extreme(float[] x, int[] groups, int rows, int stride, int n, boolean max) {
        boolean simd = Kernels.simd() && n >= ExtremaSimdFloat.lanes();
        float m = x[groups[0]];
        for (int p : groups) {
            float e = simd ? ExtremaSimdFloat.extreme(x, p, rows, stride, n, max) : extremeScalar(x, p, rows, stride, n, max);
            m = max ? Math.max(m, e) : Math.min(m, e);
        }
        return m;
    }

    /** Scalar reference of {@link #extreme(float[], int[], int, int, int, boolean)} for one group: rows in turn. */
    static float extremeScalar(float[] x, int p, int rows, int stride, int n, boolean max) {
        float m = x[p];
        for (int j = 0; j < rows; j++) {
            float e = extremeScalar(x, p + j * stride, n, max);
            m = max ? Math.max(m, e) : Math.min(m, e);
        }
        return m;
    }

    /**
     * out[r·n + i] = 1 where element i of row r (in the order of {@link #extreme(float[], int[], int, int, int,
     * boolean)}: r = g·rows + j) equals m (is NaN, when m is NaN), else 0; returns how many are 1 (the ties of an
     * extreme, -0.0 and +0.0 alike, among which max() and min() split the gradient).
     */
    public static int markTies(float[] x, int[] groups, int rows, int stride, int n, float m, float[] out) {
        int count = 0;
        int o = 0;
        for (int p : groups) {
            for (int j = 0; j < rows; j++, o += n) {
                count += Kernels.simd() ? ExtremaSimdFloat.markTies(x, p + j * stride, n, m, out, o)
                        : markTiesScalar(x, p + j * stride, n, m, out, o, 0);
            }
        }
        return count;
    }

    /** Scalar reference of {@link #markTies} for one row, from element i0 on (out[o + i] for x[p + i]). */
    static int markTiesScalar(float[] x, int p, int n, float m, float[] out, int o, int i0) {
        int count = 0;
        boolean nan = m != m;
        for (int i = i0; i < n; i++) {
            float v = x[p + i];
            boolean tie = nan ? v != v : v == m;
            out[o + i] = tie ? 1f : 0f;
            count += tie ? 1 : 0;
        }
        return count;
    }

    /** The first i < n with x[p + i] == m (the first NaN when m is NaN); n when there is none. */
    static int first(float[] x, int p, int n, float m) {
        if (m != m) {
            for (int i = 0; i < n; i++) {
                if (x[p + i] != x[p + i]) {
                    return i;
                }
            }
            return n;
        }
        for (int i = 0; i < n; i++) {
            if (x[p + i] == m) {
                return i;
            }
        }
        return n;
    }

    /**
     * The index of the first maximum (minimum) of x[p + i], i < n (the first NaN, if any), n >= 1, with SIMD ({@link
     * ExtremaSimdFloat#argRow}) from one vector's length on. Only called when {@link Kernels#simd()} is true.
     */
    static int argRow(float[] x, int p, int n, boolean max) {
        if (n >= ExtremaSimdFloat.lanes()) {
            return ExtremaSimdFloat.argRow(x, p, n, max);
        }
        return first(x, p, n, extremeScalar(x, p, n, max));
    }

    /** Scalar reference of {@link #argRow}: one pass, replacing the best only on a strictly better element. */
    static int argRowScalar(float[] x, int p, int n, boolean max) {
        float m = x[p];
        int arg = 0;
        for (int i = 1; i < n && m == m; i++) {
            float c = x[p + i];
            if ((max ? c > m : c < m) || c != c) {
                m = c;
                arg = i;
            }
        }
        return arg;
    }

    /**
     * Elements [i0, n) of row j (starting at x[q]) folded into best and arg: best[i] takes x[q + i] and arg[i] =
     * j where that is strictly above best[i] (below, for a minimum) or is NaN while best[i] is not.
     */
    static void columnsScalar(float[] x, int q, int j, int i0, int n, boolean max, float[] best, float[] arg) {
        for (int i = i0; i < n; i++) {
            float b = best[i];
            float v = x[q + i];
            if ((max ? v > b : v < b) || (v != v && b == b)) {
                best[i] = v;
                arg[i] = j;
            }
        }
    }

    /** best[i], arg[i] = the extreme of x[p + j·stride + i] over j < size and its first j, for i < n. */
    static void columns(float[] x, int p, int stride, int size, int n, boolean max, float[] best, float[] arg) {
        System.arraycopy(x, p, best, 0, n);
        Arrays.fill(arg, 0, n, 0);
        // the index is carried in the element type: exact up to 2^24 rows
        if (Kernels.simd() && size <= 1 << 24) {
            ExtremaSimdFloat.columns(x, p, stride, size, n, max, best, arg);
        } else {
            for (int j = 1; j < size; j++) {
                columnsScalar(x, p + j * stride, j, 0, n, max, best, arg);
            }
        }
    }

    /**
     * out[o] = the maximum (minimum) of x over dim {@code dim} of a strided array and arg[o] the index along dim
     * of its first occurrence (of the first NaN, if any), o running row-major over the other dims. For
     * shape[dim] >= 2 and no empty dim. Returns false, having done nothing, when no dim of the input has stride
     * 1 (an expanded view), which the caller then copies.
     */
    public static boolean reduceDim(float[] x, int off, int[] shape, int[] strides, int dim, boolean max,
                                    float[] out, int[] arg) {
        boolean[] reduced = new boolean[shape.length];
        reduced[dim] = true;
        StridedLayout l = Reduce.memoryOrderLayout(shape, strides, reduced);
        int last = l.sizes.length - 1;
        if (l.strides[0][last] != 1) {
            return false;
        }
        int k = 0;
        while (l.strides[1][k] != 0) {
            k++;
        }
        int size = l.sizes[k];
        int stride = l.strides[0][k];
        if (k == last) {
            int[] xRows = Reduce.starts(l, 0, last, off);
            int[] oRows = Reduce.starts(l, 1, last, 0);
            Parallel.forRange(xRows.length, Math.max(1, (1 << 14) / size), (from, to) -> {
                for (int r = from; r < to; r++) {
                    int j = Kernels.simd() ? argRow(x, xRows[r], size, max) : argRowScalar(x, xRows[r], size, max);
                    out[oRows[r]] = x[xRows[r] + j];
                    arg[oRows[r]] = j;
                }
            });
            return true;
        }
        int n = l.sizes[last];
        int os = l.strides[1][last];
        int[] xGroups = starts(l, 0, k, last, off);
        int[] oGroups = starts(l, 1, k, last, 0);
        int width = Math.min(n, CHUNK);
        int pieces = (n + width - 1) / width;
        Parallel.forRange(xGroups.length * pieces, Math.max(1, (1 << 14) / (size * width)), (from, to) -> {
            float[] best = new float[width];
            float[] idx = new float[width];
            for (int u = from; u < to; u++) {
                int g = u / pieces;
                int i0 = u % pieces * width;
                int len = Math.min(width, n - i0);
                columns(x, xGroups[g] + i0, stride, size, len, max, best, idx);
                for (int i = 0, o = oGroups[g] + i0 * os; i < len; i++, o += os) {
                    out[o] = best[i];
                    arg[o] = (int) idx[i];
                }
            }
        });
        return true;
    }

    /** Start offsets (base added) of operand op at every index of dims [0, end) of l but dim skip, row-major. */
    static int[] starts(StridedLayout l, int op, int skip, int end, int base) {
        int count = 1;
        for (int d = 0; d < end; d++) {
            count *= d == skip ? 1 : l.sizes[d];
        }
        int[] out = new int[count];
        int[] idx = new int[Math.max(end, 1)];
        int pos = base;
        for (int r = 0; r < count; r++) {
            out[r] = pos;
            for (int d = end - 1; d >= 0; d--) {
                if (d == skip) {
                    continue;
                }
                if (++idx[d] < l.sizes[d]) {
                    pos += l.strides[op][d];
                    break;
                }
                idx[d] = 0;
                pos -= l.strides[op][d] * (l.sizes[d] - 1);
            }
        }
        return out;
    }
}
