package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.ExtremaDouble;
import dev.tapegrad.ops.kernels.ExtremaFloat;
import dev.tapegrad.ops.kernels.Reduce;
import dev.tapegrad.ops.kernels.StridedLayout;

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
     * Where the passes read x: its storage (x itself, or a dense copy of a view with no stride-1 dim) row by row in
     * memory order (xRows, rows of n), and where the mask puts each row (oRows in an array of x's shape laid out
     * in that order, with the given strides).
     */
    private record Rows(Tensor source, int[] xRows, int[] oRows, int n, int[] maskStrides) {
        static Rows of(Tensor x) {
            if (x.isContiguous()) {
                return new Rows(x, new int[] {x.storageOffset()}, new int[] {0}, x.numel(), null);
            }
            StridedLayout l = Reduce.memoryRows(x.shape(), x.strides());
            if (l == null) {
                return of(Dense.copy(x));
            }
            return new Rows(x, l.rowStarts(0, x.storageOffset()), l.rowStarts(1, 0), l.inner(),
                    Reduce.denseStrides(x.shape(), x.strides()));
        }

        /** The mask's values w as a tensor of x's shape. */
        Tensor mask(Tensor x, float[] w) {
            return maskStrides == null ? Tensor.wrap(w, x.shape()) : Tensor.adoptStrided(w, x.shape(), maskStrides);
        }

        /** FLOAT64 counterpart of {@link #mask(Tensor, float[])}. */
        Tensor mask(Tensor x, double[] w) {
            return maskStrides == null ? Tensor.wrap(w, x.shape()) : Tensor.adoptStrided(w, x.shape(), maskStrides);
        }
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (x.numel() == 0) {
            throw new IllegalArgumentException(name() + ": the input is empty; the "
                    + (max ? "maximum" : "minimum") + " of no elements is undefined");
        }
        Rows rows = Rows.of(x);
        double m = x.dtype() == DType.FLOAT32
                ? ExtremaFloat.extreme(rows.source.floatStorage(), rows.xRows, rows.n, max)
                : ExtremaDouble.extreme(rows.source.doubleStorage(), rows.xRows, rows.n, max);
        ctx.save(x);
        ctx.saveExtra(m);
        return Tensor.scalar(m, x.dtype());
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor x = ctx.saved()[0];
        double m = ctx.extra(Double.class);
        int n = x.numel();
        Rows rows = Rows.of(x);
        Tensor mask;
        if (x.dtype() == DType.FLOAT32) {
            float[] w = new float[n];
            int count = ExtremaFloat.markTies(rows.source.floatStorage(), rows.xRows, rows.n, (float) m, w, rows.oRows);
            if (count > 1) {
                float share = (float) (1.0 / count);
                for (int i = 0; i < n; i++) {
                    w[i] *= share;
                }
            }
            mask = rows.mask(x, w);
        } else {
            double[] w = new double[n];
            int count = ExtremaDouble.markTies(rows.source.doubleStorage(), rows.xRows, rows.n, m, w, rows.oRows);
            if (count > 1) {
                double share = 1.0 / count;
                for (int i = 0; i < n; i++) {
                    w[i] *= share;
                }
            }
            mask = rows.mask(x, w);
        }
        return new Tensor[] {Ops.mul(g, mask)};
    }
}
