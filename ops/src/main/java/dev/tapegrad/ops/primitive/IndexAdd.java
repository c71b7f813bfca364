package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * The adjoint of {@link IndexSelect}: y = zeros with {@code size} along dim, then y[..., index[j], ...] +=
 * x[..., j, ...] (torch.index_add into zeros), so repeated indices accumulate. vjp: indexSelect(g, dim, index).
 */
final class IndexAdd extends Op {
    private final int dim;
    private final int[] index;
    private final int size;

    IndexAdd(int dim, int[] index, int size) {
        this.dim = dim;
        this.index = index;
        this.size = size;
    }

    @Override
    public String name() {
        return "indexAdd";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int d = Shapes.dim(name(), dim, shape.length);
        if (shape[d] != index.length) {
            throw new IllegalArgumentException("indexAdd: " + index.length + " indices for dim " + dim + " of shape "
                    + Shapes.str(shape));
        }
        int[] outShape = shape.clone();
        outShape[d] = size;
        IndexSelect.checkedDim(name(), dim, index, outShape);
        int outer = 1;
        for (int k = 0; k < d; k++) {
            outer *= shape[k];
        }
        int inner = 1;
        for (int k = d + 1; k < shape.length; k++) {
            inner *= shape[k];
        }
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        int n = index.length;
        if (x.dtype() == DType.FLOAT32) {
            float[] src = Dense.floats(x);
            float[] dst = out.floatStorage();
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < n; j++) {
                    int s = (o * n + j) * inner;
                    int t = (o * size + index[j]) * inner;
                    for (int i = 0; i < inner; i++) {
                        dst[t + i] += src[s + i];
                    }
                }
            }
        } else {
            double[] src = Dense.doubles(x);
            double[] dst = out.doubleStorage();
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < n; j++) {
                    int s = (o * n + j) * inner;
                    int t = (o * size + index[j]) * inner;
                    for (int i = 0; i < inner; i++) {
                        dst[t + i] += src[s + i];
                    }
                }
            }
        }
        return out;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.indexSelect(g, dim, index)};
    }
}
