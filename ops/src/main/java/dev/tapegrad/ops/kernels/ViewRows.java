package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The innermost rows of up to three strided operands of one shape, walked together: dims of size 1 dropped and
 * neighbouring dims merged where all operands allow, then one call of a {@link Body} per row with each operand's
 * row start and stride. Knows no dtype: the body does the typed work, so one walker serves the FLOAT32 and
 * FLOAT64 loops of the pointwise ops that write a view (a gradient into its place in the zero-padded gradient of
 * a narrowed tensor, {@code IntoView}) or read one in place. A large walk is split over {@link Parallel}'s threads
 * along the outermost merged dim; rows never overlap, so a body writing its own row is race-free.
 */
public final class ViewRows {
    private ViewRows() {}

    /** Below this many elements a walk runs on the calling thread. */
    static final int PARALLEL_MIN = 1 << 15;

    /**
     * A 2-D box of count rows of n elements: operand k's element i of row r at {@code pk + r·rk + i·sk}. Boxes keep
     * short rows (a narrowed last dim) from costing a call each.
     */
    @FunctionalInterface
    public interface Body {
        void rows(int pa, int ra, int sa, int pb, int rb, int sb, int pc, int rc, int sc, int count, int n);
    }

    /**
     * Calls body for the rows of shape, in boxes of the last two merged dims, operands a, b, c read at offset +
     * Σ index·stride (an operand not needed may repeat another's offset and strides).
     */
    public static void forEach(int[] shape, int oa, int[] sa, int ob, int[] sb, int oc, int[] sc, Body body) {
        int r = shape.length;
        int[] size = new int[r];
        int[] ta = new int[r];
        int[] tb = new int[r];
        int[] tc = new int[r];
        int rank = 0;
        long count = 1;
        for (int d = 0; d < r; d++) {
            count *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            int k = rank - 1;
            if (rank > 0 && ta[k] == (long) sa[d] * shape[d] && tb[k] == (long) sb[d] * shape[d]
                    && tc[k] == (long) sc[d] * shape[d]) {
                size[k] *= shape[d];
            } else {
                size[rank] = shape[d];
                k = rank++;
            }
            ta[k] = sa[d];
            tb[k] = sb[d];
            tc[k] = sc[d];
        }
        if (count == 0) {
            return;
        }
        if (rank == 0) {
            body.rows(oa, 0, 1, ob, 0, 1, oc, 0, 1, 1, 1);
            return;
        }
        int[] sz = Arrays.copyOf(size, rank);
        int[] a = Arrays.copyOf(ta, rank);
        int[] b = Arrays.copyOf(tb, rank);
        int[] c = Arrays.copyOf(tc, rank);
        if (rank == 1) {
            body.rows(oa, 0, a[0], ob, 0, b[0], oc, 0, c[0], 1, sz[0]);
            return;
        }
        long perOuter = count / sz[0];
        int minChunk = (int) Math.max(1, PARALLEL_MIN / perOuter);
        Parallel.forRange(sz[0], count < PARALLEL_MIN ? sz[0] : minChunk,
                (from, to) -> range(sz, oa, a, ob, b, oc, c, from, to, body));
    }

    /** The rows whose outermost (merged) index is in [from, to), one box per index of the dims before the last two. */
    private static void range(int[] size, int oa, int[] a, int ob, int[] b, int oc, int[] c, int from, int to,
                              Body body) {
        int rank = size.length;
        int n = size[rank - 1];
        int count = rank == 2 ? to - from : size[rank - 2];
        int[] outer = Arrays.copyOf(size, rank - 2);
        if (rank > 2) {
            outer[0] = to - from;
        }
        int[] index = new int[rank - 2];
        do {
            int pa = oa + from * a[0];
            int pb = ob + from * b[0];
            int pc = oc + from * c[0];
            for (int d = 0; d < rank - 2; d++) {
                pa += index[d] * a[d];
                pb += index[d] * b[d];
                pc += index[d] * c[d];
            }
            body.rows(pa, a[rank - 2], a[rank - 1], pb, b[rank - 2], b[rank - 1], pc, c[rank - 2], c[rank - 1], count, n);
        } while (rank > 2 && CopyLayout.advance(index, outer));
    }
}
