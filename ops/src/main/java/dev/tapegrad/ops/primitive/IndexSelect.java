package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;

/**
 * y = x gathered along one dim at int indices (torch.index_select): y[..., j, ...] = x[..., index[j], ...],
 * indices may repeat. vjp: {@link IndexAdd}, which accumulates repeated indices; the two are each other's
 * adjoint, so every order exists.
 */
public final class IndexSelect extends Op {
    private final int dim;
    private final int[] index;

    public IndexSelect(int dim, int[] index) {
        this.dim = dim;
        this.index = index.clone();
    }

    @Override
    public String name() {
        return "indexSelect";
    }

    /** Resolves dim and checks every index against its size, naming the op, position, index and size. */
    static int checkedDim(String op, int dim, int[] index, int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException(op + ": expected a tensor with at least one dim, got shape []");
        }
        int d = Shapes.dim(op, dim, shape.length);
        for (int j = 0; j < index.length; j++) {
            if (index[j] < 0 || index[j] >= shape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[j] + " (position " + j
                        + ") is out of range for dim " + dim + " of size " + shape[d] + " (shape "
                        + Shapes.str(shape) + "; expected 0 <= index < " + shape[d] + ")");
            }
        }
        return d;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int d = checkedDim(name(), dim, index, shape);
        int[] outShape = shape.clone();
        outShape[d] = index.length;
        int outer = 1;
        for (int k = 0; k < d; k++) {
            outer *= shape[k];
        }
        int inner = 1;
        for (int k = d + 1; k < shape.length; k++) {
            inner *= shape[k];
        }
        ctx.saveExtra(shape[d]);
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        Object src = x.dtype() == DType.FLOAT32 ? Dense.floats(x) : Dense.doubles(x);
        Object dst = x.dtype() == DType.FLOAT32 ? out.floatStorage() : out.doubleStorage();
        int size = shape[d];
        if (inner > 0) {
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < index.length; j++) {
                    System.arraycopy(src, (o * size + index[j]) * inner, dst, (o * index.length + j) * inner, inner);
                }
            }
        }
        return out;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new IndexAdd(dim, index, ctx.extra(Integer.class)).apply(g)};
    }
}
