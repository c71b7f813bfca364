package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.ExtremaDouble;
import dev.tapegrad.ops.kernels.ExtremaFloat;

/**
 * Maximum (or minimum) along one dim, as torch.max(x, dim) / torch.min(x, dim): NaN wins, and a tie keeps the
 * first element (the first NaN), so the max of (-0.0, +0.0) is -0.0. Computed in the input's dtype by {@link
 * ExtremaFloat#reduceDim}, reading a view in place in memory order. vjp: g scattered into zeros of x's shape at the
 * saved index of that first extreme of each slice ({@link ScatterDim}, PyTorch's
 * value_selecting_reduction_backward); the scatter's own vjp is a gather at the same indices, so higher derivatives
 * are exact (zero curvature).
 */
public final class MaxDim extends Op {
    private final int dim;
    private final boolean keepDim;
    private final boolean max;

    /** The maximum along dim. */
    public MaxDim(int dim, boolean keepDim) {
        this(dim, keepDim, true);
    }

    /** The maximum (max true) or minimum along dim. */
    public MaxDim(int dim, boolean keepDim, boolean max) {
        this.dim = dim;
        this.keepDim = keepDim;
        this.max = max;
    }

    @Override
    public String name() {
        return max ? "max" : "min";
    }

    /** What the vjp needs: the input shape, the resolved dim, and the index along dim of each output element. */
    private record Saved(int[] shape, int dim, int[] arg) {}

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int d = Shapes.dim(name(), dim, shape.length);
        if (shape.length > 0 && shape[d] == 0) {
            throw new IllegalArgumentException(name() + ": dim " + dim + " of shape " + Shapes.str(shape)
                    + " is empty; the " + (max ? "maximum" : "minimum") + " of no elements is undefined");
        }
        int size = shape.length == 0 ? 1 : shape[d];
        int[] kept = shape.clone();
        if (kept.length > 0) {
            kept[d] = 1;
        }
        int[] outShape = kept;
        if (!keepDim && shape.length > 0) {
            outShape = new int[shape.length - 1];
            for (int k = 0, o = 0; k < shape.length; k++) {
                if (k != d) {
                    outShape[o++] = shape[k];
                }
            }
        }
        int count = Shapes.numel(kept);
        int[] arg = new int[count];
        ctx.saveExtra(new Saved(shape, d, arg));
        if (size == 1 || count == 0) {
            // one element per slice (or none): the values themselves, at index 0
            return x.dtype() == DType.FLOAT32 ? Tensor.wrap(x.toFloatArray(), outShape)
                    : Tensor.wrap(x.toDoubleArray(), outShape);
        }
        if (x.dtype() == DType.FLOAT32) {
            float[] out = new float[count];
            if (!ExtremaFloat.reduceDim(x.floatStorage(), x.storageOffset(), shape, x.strides(), d, max, out, arg)) {
                Tensor c = x.copy();
                ExtremaFloat.reduceDim(c.floatStorage(), 0, shape, c.strides(), d, max, out, arg);
            }
            return Tensor.wrap(out, outShape);
        }
        double[] out = new double[count];
        if (!ExtremaDouble.reduceDim(x.doubleStorage(), x.storageOffset(), shape, x.strides(), d, max, out, arg)) {
            Tensor c = x.copy();
            ExtremaDouble.reduceDim(c.doubleStorage(), 0, shape, c.strides(), d, max, out, arg);
        }
        return Tensor.wrap(out, outShape);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Saved s = ctx.extra(Saved.class);
        if (s.shape.length == 0 || s.shape[s.dim] == 1) {
            // every slice has one element: the gradient is g itself
            return new Tensor[] {Ops.reshape(g, s.shape)};
        }
        return new Tensor[] {new ScatterDim(s.shape, s.dim, s.arg, keepDim).apply(g)};
    }
}
