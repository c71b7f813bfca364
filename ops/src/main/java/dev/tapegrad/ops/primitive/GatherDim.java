package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ScatterDimDouble;
import dev.tapegrad.ops.kernels.ScatterDimFloat;

/**
 * y[k] = x[..., index[k], ...] along dim, one index per element k of y (torch.gather with one index per slice, as
 * for the forward-mode derivative of max over a dim): y has x's shape with dim removed (or kept as size 1, with
 * keepDim), index runs row-major over its elements. vjp: {@link ScatterDim} into zeros of x's shape with the same
 * indices, its adjoint.
 */
final class GatherDim extends Op {
    private final int dim;
    private final int[] index;
    private final boolean keepDim;

    /** The gather along dim >= 0; every index in [0, size of dim) (not checked). */
    GatherDim(int dim, int[] index, boolean keepDim) {
        this.dim = dim;
        this.index = index;
        this.keepDim = keepDim;
    }

    @Override
    public String name() {
        return "gatherDim";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int[] outShape = ScatterDim.reduced(shape, dim, keepDim);
        if (Shapes.numel(outShape) != index.length) {
            throw new IllegalArgumentException("gatherDim: " + index.length + " indices for dim " + dim + " of "
                    + Shapes.str(shape));
        }
        ctx.saveExtra(shape);
        int outer = ScatterDim.product(shape, 0, dim);
        int inner = ScatterDim.product(shape, dim + 1, shape.length);
        if (x.dtype() == DType.FLOAT32) {
            float[] out = new float[index.length];
            ScatterDimFloat.gather(Dense.floats(x), index, outer, shape[dim], inner, out);
            return Tensor.wrap(out, outShape);
        }
        double[] out = new double[index.length];
        ScatterDimDouble.gather(Dense.doubles(x), index, outer, shape[dim], inner, out);
        return Tensor.wrap(out, outShape);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new ScatterDim(ctx.extra(int[].class), dim, index, keepDim).apply(g)};
    }
}
