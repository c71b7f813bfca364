package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Elementwise;
import dev.tapegrad.ops.kernels.ElementwiseDouble;
import dev.tapegrad.ops.kernels.ElementwiseFloat;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;

/**
 * y = min(max(x, lo), hi) (torch.clamp: when lo > hi every element becomes hi; NaN stays NaN). vjp: g where
 * lo <= x <= hi, bounds included as in PyTorch, else 0: a constant mask, so higher derivatives are 0.
 */
public final class Clamp extends Unary {
    private final double lo;
    private final double hi;

    public Clamp(double lo, double hi) {
        super(Saves.INPUT);
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    public String name() {
        return "clamp";
    }

    @Override
    double f(double x) {
        return Math.min(Math.max(x, lo), hi);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.mul(g, mask(ctx.saved()[0]))};
    }

    /**
     * [lo <= x <= hi] (compared in double), contiguous in x's dtype, in one branch-free pass over the kernel threads
     * (a view copied block by block and each block masked in place while in cache). FLOAT32 values compare against
     * the bounds rounded inward to floats, which is the same test: a float v >= lo exactly when v >= the least
     * float not below lo (likewise for hi).
     */
    private Tensor mask(Tensor x) {
        if (x.dtype() == DType.FLOAT32) {
            float loF = (float) lo < lo ? Math.nextUp((float) lo) : (float) lo;
            float hiF = (float) hi > hi ? Math.nextDown((float) hi) : (float) hi;
            float[] m = new float[x.numel()];
            if (Dense.isDense(x)) {
                float[] v = x.floatStorage();
                Elementwise.forRange(m.length, (from, to) -> ElementwiseFloat.inRange(v, from, loF, hiF, m, from, to - from));
            } else {
                StridedCopyFloat.copyBlocks(x.floatStorage(), x.storageOffset(), x.shape(), x.strides(), m,
                        (from, to) -> ElementwiseFloat.inRange(m, from, loF, hiF, m, from, to - from));
            }
            return Tensor.wrap(m, x.shape());
        }
        double[] m = new double[x.numel()];
        if (Dense.isDense(x)) {
            double[] v = x.doubleStorage();
            Elementwise.forRange(m.length, (from, to) -> ElementwiseDouble.inRange(v, from, lo, hi, m, from, to - from));
        } else {
            StridedCopyDouble.copyBlocks(x.doubleStorage(), x.storageOffset(), x.shape(), x.strides(), m,
                    (from, to) -> ElementwiseDouble.inRange(m, from, lo, hi, m, from, to - from));
        }
        return Tensor.wrap(m, x.shape());
    }
}
