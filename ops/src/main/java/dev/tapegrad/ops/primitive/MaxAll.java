package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.ExtremaDouble;
import dev.tapegrad.ops.kernels.ExtremaFloat;

/**
 * Maximum (or minimum) of all elements, as torch.max(x) / torch.min(x): NaN when any element is NaN; +0.0 above
 * -0.0 whatever their order ({@link ExtremaFloat#extreme}), so a transposed input, read in memory order, gives the
 * same value. vjp: g split evenly among the elements equal to the result (among the NaNs when it is NaN), as
 * PyTorch 1.13 does, through a constant mask, so higher derivatives are 0. Both passes read x's storage in its
 * dtype and, for a transposed or permuted view, in memory order; the mask then has x's strides.
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

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int n = x.numel();
        if (n == 0) {
            throw new IllegalArgumentException(name() + ": the input is empty; the "
                    + (max ? "maximum" : "minimum") + " of no elements is undefined");
        }
        // a contiguous or transposed/permuted input fills its storage: read it whole, in memory order
        Tensor dense = x.isContiguous() || MemoryOrder.of(x) != null ? x : x.copy();
        int off = dense.isContiguous() ? dense.storageOffset() : 0;
        double m = x.dtype() == DType.FLOAT32
                ? ExtremaFloat.extreme(dense.floatStorage(), off, n, max)
                : ExtremaDouble.extreme(dense.doubleStorage(), off, n, max);
        ctx.save(x);
        ctx.saveExtra(m);
        return Tensor.scalar(m, x.dtype());
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor x = ctx.saved()[0];
        double m = ctx.extra(Double.class);
        int n = x.numel();
        // a view that does not fill its storage is read through a dense copy
        boolean inPlace = x.isContiguous() || MemoryOrder.of(x) != null;
        Tensor dense = inPlace ? x : Dense.copy(x);
        int off = dense.isContiguous() ? dense.storageOffset() : 0;
        Tensor mask;
        if (x.dtype() == DType.FLOAT32) {
            float[] w = new float[n];
            int count = ExtremaFloat.markTies(dense.floatStorage(), off, n, (float) m, w);
            if (count > 1) {
                float share = (float) (1.0 / count);
                for (int i = 0; i < n; i++) {
                    w[i] *= share;
                }
            }
            mask = dense.isContiguous() ? Tensor.wrap(w, x.shape()) : Tensor.adoptStrided(w, x.shape(), x.strides());
        } else {
            double[] w = new double[n];
            int count = ExtremaDouble.markTies(dense.doubleStorage(), off, n, m, w);
            if (count > 1) {
                double share = 1.0 / count;
                for (int i = 0; i < n; i++) {
                    w[i] *= share;
                }
            }
            mask = dense.isContiguous() ? Tensor.wrap(w, x.shape()) : Tensor.adoptStrided(w, x.shape(), x.strides());
        }
        return new Tensor[] {Ops.mul(g, mask)};
    }
}
