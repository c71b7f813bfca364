package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** y = exp(x - max) / Σ exp(x - max) along a dim. vjp: y·(g - Σ g·y) (saves the output). */
public final class Softmax extends Op {
    private final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor out = SoftmaxKernel.run("softmax", in[0], dim, false);
        ctx.save(out);
        return out;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor y = ctx.saved()[0];
        return new Tensor[] {Ops.mul(y, Ops.sub(g, Ops.sum(Ops.mul(g, y), new int[] {dim}, true)))};
    }
}
