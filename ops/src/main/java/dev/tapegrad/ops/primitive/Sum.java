package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Reduce;
import dev.tapegrad.ops.kernels.ReduceDouble;
import dev.tapegrad.ops.kernels.ReduceFloat;

/**
 * Sum over a set of dims (all dims when none are given), accumulated in double (FLOAT32 rows in float lanes
 * of up to 4096 elements first) straight from the strided storage by {@link ReduceFloat#sum}. The sum of all
 * elements of a transposed or permuted input that fills its storage ({@link MemoryOrder}) runs over the storage in
 * memory order, as PyTorch's does: at memory speed, and equal to the row-major sum up to rounding (the order of
 * the additions differs). Other views are read in place in memory order too, with SIMD along the stride-1 dim:
 * by {@link ReduceFloat#sumRows} when short rows add into one output row or long reduced rows are summed (over
 * H, W or N, H, W of channels-last storage, H, W of a transposed or narrowed one; equal to the contiguous input's
 * sum up to rounding), else by {@link ReduceFloat#sumInOrder} into a buffer over the kept dims in memory order
 * (over C of a transposed, narrowed or channels-last [N, C, H, W]; bit for bit the contiguous input's sum when
 * the stride-1 dim and the last dim are kept). A view with no stride-1 dim reduced over its trailing dims has
 * each reduced run gathered into a buffer ({@link ReduceFloat#sumTrailing}), summed bit for bit as the
 * contiguous input. keepDim keeps the reduced dims as size 1. vjp: g reshaped to the keepDim shape and expanded
 * back to the input shape.
 */
public final class Sum extends Op {
    private final int[] dims;
    private final boolean keepDim;

    public Sum(int[] dims, boolean keepDim) {
        this.dims = dims.clone();
        this.keepDim = keepDim;
    }

    /** Which dims of a rank-{@code rank} tensor are reduced; all when {@code dims} is empty. */
    static boolean[] reduced(String op, int[] dims, int rank) {
        boolean[] r = new boolean[rank];
        if (dims.length == 0) {
            java.util.Arrays.fill(r, true);
            return r;
        }
        for (int d : dims) {
            int k = Shapes.dim(op, d, rank);
            if (rank == 0) {
                continue;
            }
            if (r[k]) {
                throw new IllegalArgumentException(op + ": dim " + d + " appears twice in " + java.util.Arrays.toString(dims));
            }
            r[k] = true;
        }
        return r;
    }

    /** The first reduced dim when the reduced dims are exactly the trailing ones [k, rank), else -1. */
    private static int trailingStart(boolean[] reduced) {
        int k = reduced.length;
        while (k > 0 && reduced[k - 1]) {
            k--;
        }
        for (int d = 0; d < k; d++) {
            if (reduced[d]) {
                return -1;
            }
        }
        return k < reduced.length ? k : -1;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        boolean[] r = reduced("sum", dims, shape.length);
        int[] kept = new int[shape.length];
        int outRank = 0;
        for (int d = 0; d < shape.length; d++) {
            kept[d] = r[d] ? 1 : shape[d];
            outRank += r[d] ? 0 : 1;
        }
        double[] acc = new double[Shapes.numel(kept)];
        int keep = trailingStart(r);
        int run = Shapes.numel(shape) / Math.max(1, acc.length);
        boolean gather = !x.isContiguous() && keep >= 0 && acc.length > 0 && run >= 2 && run <= Reduce.TRAILING_MAX;
        if (acc.length == 1 && MemoryOrder.of(x) != null) {
            int n = x.numel();
            if (x.dtype() == DType.FLOAT32) {
                ReduceFloat.sum(x.floatStorage(), 0, new int[] {n}, new int[] {1}, new boolean[] {true}, acc);
            } else {
                ReduceDouble.sum(x.doubleStorage(), 0, new int[] {n}, new int[] {1}, new boolean[] {true}, acc);
            }
        } else if (!x.isContiguous() && acc.length > 0 && sumRows(x, r, acc)) {
            // summed in place, in memory order
        } else if (!x.isContiguous() && acc.length > 0 && sumInOrder(x, r, acc)) {
            // summed in place in memory order, into a buffer over the kept dims in that order
        } else if (gather && x.dtype() == DType.FLOAT32) {
            ReduceFloat.sumTrailing(x.floatStorage(), x.storageOffset(), shape, x.strides(), keep, acc);
        } else if (gather) {
            ReduceDouble.sumTrailing(x.doubleStorage(), x.storageOffset(), shape, x.strides(), keep, acc);
        } else if (x.dtype() == DType.FLOAT32) {
            ReduceFloat.sum(x.floatStorage(), x.storageOffset(), shape, x.strides(), r, acc);
        } else {
            ReduceDouble.sum(x.doubleStorage(), x.storageOffset(), shape, x.strides(), r, acc);
        }
        return output(ctx, x, shape, kept, r, outRank, acc);
    }

    /** The view summed in place in memory order ({@link ReduceFloat#sumRows}); false when that does not apply. */
    private static boolean sumRows(Tensor x, boolean[] reduced, double[] acc) {
        if (x.dtype() == DType.FLOAT32) {
            return ReduceFloat.sumRows(x.floatStorage(), x.storageOffset(), x.shape(), x.strides(), reduced, acc);
        }
        return ReduceDouble.sumRows(x.doubleStorage(), x.storageOffset(), x.shape(), x.strides(), reduced, acc);
    }

    /** The view summed in memory order between kept dims ({@link ReduceFloat#sumInOrder}); false when that does not apply. */
    private static boolean sumInOrder(Tensor x, boolean[] reduced, double[] acc) {
        if (x.dtype() == DType.FLOAT32) {
            return ReduceFloat.sumInOrder(x.floatStorage(), x.storageOffset(), x.shape(), x.strides(), reduced, acc);
        }
        return ReduceDouble.sumInOrder(x.doubleStorage(), x.storageOffset(), x.shape(), x.strides(), reduced, acc);
    }

    /** The sums acc (over the kept dims) as the output tensor, its shapes saved for the vjp. */
    private Tensor output(Context ctx, Tensor x, int[] shape, int[] kept, boolean[] r, int outRank, double[] acc) {
        int[] outShape = kept;
        if (!keepDim) {
            outShape = new int[outRank];
            for (int d = 0, o = 0; d < shape.length; d++) {
                if (!r[d]) {
                    outShape[o++] = shape[d];
                }
            }
        }
        ctx.saveExtra(new int[][] {shape, kept});
        if (x.dtype() == DType.FLOAT64) {
            return Tensor.wrap(acc, outShape);
        }
        float[] out = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            out[i] = (float) acc[i];
        }
        return Tensor.wrap(out, outShape);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        int[][] shapes = ctx.extra(int[][].class);
        return new Tensor[] {Ops.expand(Ops.reshape(g, shapes[1]), shapes[0])};
    }
}
