package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ScatterDimDouble;
import dev.tapegrad.ops.kernels.ScatterDimFloat;

/**
 * y = zeros(shape), then y[..., index[k], ...] = x[k] along dim, one index per element k of x (torch's
 * zeros.scatter(dim, indices, x), as value_selecting_reduction_backward uses it for the gradient of max/min over a
 * dim). x has shape's shape with dim removed (or kept as size 1, with keepDim), and index runs row-major over the
 * same elements. vjp: {@link GatherDim} with the same indices, its adjoint, so every order of derivative exists.
 */
final class ScatterDim extends Op {
    private final int[] shape;
    private final int dim;
    private final int[] index;
    private final boolean keepDim;

    /** The scatter into zeros of {@code shape}; dim >= 0 and every index in [0, shape[dim]) (not checked). */
    ScatterDim(int[] shape, int dim, int[] index, boolean keepDim) {
        this.shape = shape;
        this.dim = dim;
        this.index = index;
        this.keepDim = keepDim;
    }

    @Override
    public String name() {
        return "scatterDim";
    }

    /** shape with dim set to 1 (keepDim) or removed. */
    static int[] reduced(int[] shape, int dim, boolean keepDim) {
        if (keepDim) {
            int[] kept = shape.clone();
            kept[dim] = 1;
            return kept;
        }
        int[] out = new int[shape.length - 1];
        for (int k = 0, o = 0; k < shape.length; k++) {
            if (k != dim) {
                out[o++] = shape[k];
            }
        }
        return out;
    }

    /** The product of shape[from, to). */
    static int product(int[] shape, int from, int to) {
        int n = 1;
        for (int k = from; k < to; k++) {
            n *= shape[k];
        }
        return n;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] expected = reduced(shape, dim, keepDim);
        if (!x.hasShape(expected)) {
            throw new IllegalArgumentException("scatterDim: expected input " + Shapes.str(expected) + " for dim " + dim
                    + " of " + Shapes.str(shape) + ", got " + Shapes.str(x.shape()));
        }
        int outer = product(shape, 0, dim);
        int inner = product(shape, dim + 1, shape.length);
        if (x.dtype() == DType.FLOAT32) {
            float[] out = new float[Shapes.numel(shape)];
            ScatterDimFloat.scatter(Dense.floats(x), index, outer, shape[dim], inner, out);
            return Tensor.wrap(out, shape);
        }
        double[] out = new double[Shapes.numel(shape)];
        ScatterDimDouble.scatter(Dense.doubles(x), index, outer, shape[dim], inner, out);
        return Tensor.wrap(out, shape);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new GatherDim(dim, index, keepDim).apply(g)};
    }
}
