package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.ExtremaDouble;
import dev.tapegrad.ops.kernels.ExtremaFloat;
import dev.tapegrad.ops.kernels.MemoryRows;

/**
 * Maximum (or minimum) of all elements, as torch.max(x) / torch.min(x): NaN when any element is NaN; +0.0 above
 * -0.0 whatever their order ({@link ExtremaFloat#extreme}), so a transposed input, read in memory order, gives the
 * same value. vjp: g split evenly among the elements equal to the result (among the NaNs when it is NaN), as
 * PyTorch 1.13 does, through a constant mask, so higher derivatives are 0. Both passes read x's storage in place
 * in its dtype, in memory order, row by row along its stride-1 dim (a transposed, permuted or narrowed view at the
 * contiguous input's speed; a view with no stride-1 dim through a dense copy); the mask is dense, its dims laid out
 * in x's memory order (x's own strides for a transposed or permuted x).
 */
public final class MaxAll extends Op {
    private final boolean max;

    /** The maximum (max true) or minimum of all elements. */
    public MaxAll(boolean max) {
        this.max = max;
    }

    @Override
    public String name() {
        return max ? "max" : "min";
    }

    /**
     * Where the passes read x: the storage of src (x itself, or a dense copy of a view with no stride-1 dim) row by
     * row in memory order; the mask of the ties is dense in that order.
     */
    private record Read(Tensor src, MemoryRows rows) {
        static Read of(Tensor x) {
            MemoryRows rows = MemoryRows.of(x.shape(), x.strides(), x.storageOffset());
            if (rows != null) {
                return new Read(x, rows);
            }
            Tensor dense = Dense.copy(x);
            return new Read(dense, MemoryRows.of(dense.shape(), dense.strides(), 0));
        }

        double extreme(boolean max) {
            return src.dtype() == DType.FLOAT32
                    ? ExtremaFloat.extreme(src.floatStorage(), rows.groups(), rows.rows(), rows.stride(), rows.n(), max)
                    : ExtremaDouble.extreme(src.doubleStorage(), rows.groups(), rows.rows(), rows.stride(), rows.n(), max);
        }

        /** The ties of m, each weighted 1/count (g split evenly among them), as a tensor of x's shape. */
        Tensor mask(double m) {
            int n = src.numel();
            if (src.dtype() == DType.FLOAT32) {
                float[] w = new float[n];
                int count = ExtremaFloat.markTies(src.floatStorage(), rows.groups(), rows.rows(), rows.stride(),
                        rows.n(), (float) m, w);
                if (count > 1) {
                    float share = (float) (1.0 / count);
                    for (int i = 0; i < n; i++) {
                        w[i] *= share;
                    }
                }
                return src.isContiguous() ? Tensor.wrap(w, src.shape())
                        : Tensor.adoptStrided(w, src.shape(), rows.denseStrides());
            }
            double[] w = new double[n];
            int count = ExtremaDouble.markTies(src.doubleStorage(), rows.groups(), rows.rows(), rows.stride(),
                    rows.n(), m, w);
            if (count > 1) {
                double share = 1.0 / count;
                for (int i = 0; i < n; i++) {
                    w[i] *= share;
                }
            }
            return src.isContiguous() ? Tensor.wrap(w, src.shape())
                    : Tensor.adoptStrided(w, src.shape(), rows.denseStrides());
        }
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (x.numel() == 0) {
            throw new IllegalArgumentException(name() + ": the input is empty; the "
                    + (max ? "maximum" : "minimum") + " of no elements is undefined");
        }
        double m = Read.of(x).extreme(max);
        ctx.save(x);
        ctx.saveExtra(m);
        return Tensor.scalar(m, x.dtype());
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor x = ctx.saved()[0];
        double m = ctx.extra(Double.class);
        return new Tensor[] {Ops.mul(g, Read.of(x).mask(m))};
    }
}
