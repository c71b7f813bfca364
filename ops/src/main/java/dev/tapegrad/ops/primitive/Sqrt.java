package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** y = √x. vjp: g / (2y) (saves the output; +inf at 0 as in PyTorch). */
public final class Sqrt extends Unary {
    public static final Sqrt INSTANCE = new Sqrt();

    private Sqrt() {
        super(Saves.OUTPUT);
    }

    @Override
    double f(double x) {
        return Math.sqrt(x);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.div(g, Ops.mul(ctx.saved()[0], Tensor.scalar(2.0)))};
    }
}
