package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;

/** y = exp(x - max) / Σ exp(x - max) along a dim. vjp: y·(g - Σ g·y), one {@link SoftmaxBackward} (saves the output). */
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
        return new Tensor[] {new SoftmaxBackward(dim).apply(g, y)};
    }
}
