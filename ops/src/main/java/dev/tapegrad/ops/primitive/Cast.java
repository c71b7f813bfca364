package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** Converts to another dtype (a copy; FLOAT64 to FLOAT32 rounds to nearest). vjp: cast(g, input dtype). */
public final class Cast extends Op {
    private final DType dtype;

    public Cast(DType dtype) {
        this.dtype = dtype;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveExtra(in[0].dtype());
        return in[0].dtype() == dtype ? in[0].copy() : Tensors.as(in[0], dtype);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.cast(g, ctx.extra(DType.class))};
    }
}
