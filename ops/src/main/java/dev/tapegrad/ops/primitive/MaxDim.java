package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * Maximum along one dim (NaN wins, as in PyTorch). vjp: g routed to the first maximal element of each
 * slice through a constant one-hot mask, so higher derivatives are exact (zero curvature).
 */
public final class MaxDim extends Op {
    private final int dim;
    private final boolean keepDim;

    public MaxDim(int dim, boolean keepDim) {
        this.dim = dim;
        this.keepDim = keepDim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int d = Shapes.dim("max", dim, shape.length);
        if (shape.length > 0 && shape[d] == 0) {
            throw new IllegalArgumentException("max: dim " + dim + " of shape " + Shapes.str(shape)
                    + " is empty; the maximum of no elements is undefined");
        }
        int size = shape.length == 0 ? 1 : shape[d];
        int inner = 1;
        for (int k = d + 1; k < shape.length; k++) {
            inner *= shape[k];
        }
        int outer = x.numel() / Math.max(size * inner, 1);
        double[] v = x.toDoubleArray();
        double[] best = new double[outer * inner];
        double[] mask = new double[v.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * size * inner + i;
                int arg = 0;
                double m = v[base];
                for (int j = 1; j < size && !Double.isNaN(m); j++) {
                    double c = v[base + j * inner];
                    if (c > m || Double.isNaN(c)) {
                        m = c;
                        arg = j;
                    }
                }
                best[o * inner + i] = m;
                mask[base + arg * inner] = 1.0;
            }
        }
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
        Tensor maskT = Tensors.as(Tensor.wrap(mask, shape), x.dtype());
        ctx.save(maskT);
        ctx.saveExtra(kept);
        Tensor out = Tensor.wrap(best, outShape);
        return x.dtype() == DType.FLOAT64 ? out : Tensors.as(out, DType.FLOAT32);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor mask = ctx.saved()[0];
        return new Tensor[] {Ops.mul(Ops.reshape(g, ctx.extra(int[].class)), mask)};
    }
}
