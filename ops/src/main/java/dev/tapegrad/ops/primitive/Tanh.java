package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** y = tanh x. vjp: g·(1 - y²) (saves the output). */
public final class Tanh extends Unary {
    public static final Tanh INSTANCE = new Tanh();

    private Tanh() {
        super(Saves.OUTPUT);
    }

    @Override
    double f(double x) {
        return Math.tanh(x);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor y = ctx.saved()[0];
        return new Tensor[] {Ops.mul(g, Ops.sub(Tensor.scalar(1.0), Ops.mul(y, y)))};
    }
}
