package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * y = x - max - log Σ exp(x - max) along a dim (fused and stable). vjp: g - exp(y)·Σ g (saves the output).
 */
public final class LogSoftmax extends Op {
    private final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor out = SoftmaxKernel.run("logSoftmax", in[0], dim, true);
        ctx.save(out);
        return out;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor y = ctx.saved()[0];
        return new Tensor[] {Ops.sub(g, Ops.mul(Ops.exp(y), Ops.sum(g, new int[] {dim}, true)))};
    }
}
