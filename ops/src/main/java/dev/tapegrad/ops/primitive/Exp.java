package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** y = e^x. vjp: g·y (saves the output). */
public final class Exp extends Unary {
    public static final Exp INSTANCE = new Exp();

    private Exp() {
        super(Saves.OUTPUT);
    }

    @Override
    double f(double x) {
        return Math.exp(x);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.mul(g, ctx.saved()[0])};
    }
}
