package dev.tapegrad.ops.kernels;

/**
 * A strided view read in place in its memory order (the dims sorted by stride, size-1 dims dropped, neighbours
 * merged), row by row along its stride-1 dim: the rows are {@code rows} rows of n elements at a stride of {@code
 * stride} from each start in {@code groups} (row j of group g starts at groups[g] + j·stride). Row r of that order
 * (r = g·rows + j) corresponds to elements [r·n, (r + 1)·n) of a dense array of the same shape laid out in the same
 * memory order, whose strides are {@code denseStrides}. Made without an offset per row: a narrowed last dim of
 * 2^16 rows is one group, where an int per row cost 4× the kernel reading them (a fresh 256 KB array a call).
 */
public record MemoryRows(int[] groups, int rows, int stride, int n, int[] denseStrides) {

    /** The rows of the view (shape, strides, offset); null when no dim of stride 1 is innermost (an expanded view). */
    public static MemoryRows of(int[] shape, int[] strides, int offset) {
        int[] order = Reduce.strideOrder(strides);
        int[] dense = denseStrides(shape, order);
        StridedLayout l = StridedLayout.of(Reduce.permute(shape, order), Reduce.permute(strides, order),
                Reduce.permute(dense, order));
        if (l.innerStride(0) != 1 && l.inner() != 1) {
            return null;
        }
        int rank = l.rank();
        if (rank == 1) {
            return new MemoryRows(new int[] {offset}, 1, 0, l.inner(), dense);
        }
        return new MemoryRows(Reduce.starts(l, 0, rank - 2, offset), l.sizes[rank - 2], l.strides[0][rank - 2],
                l.inner(), dense);
    }

    /** The strides of a dense array of the given shape whose dims lie in memory in the given order, outermost first. */
    private static int[] denseStrides(int[] shape, int[] order) {
        int[] dense = new int[shape.length];
        for (int i = shape.length - 1, s = 1; i >= 0; i--) {
            dense[order[i]] = s;
            s *= shape[order[i]];
        }
        return dense;
    }
}
