package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * y = log(1 + e^x), computed stably as max(x, 0) + log1p(e^-|x|). vjp: g·sigmoid(x), exact at x = 0
 * (no kink, unlike a relu/abs composition).
 */
public final class Softplus extends Unary {
    public static final Softplus INSTANCE = new Softplus();

    private Softplus() {
        super(Saves.INPUT);
    }

    @Override
    double f(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.mul(g, Ops.sigmoid(ctx.saved()[0]))};
    }
}
