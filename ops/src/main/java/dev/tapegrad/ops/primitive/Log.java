package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** y = ln x (NaN below 0, -inf at 0). vjp: g / x. */
public final class Log extends Unary {
    public static final Log INSTANCE = new Log();

    private Log() {
        super(Saves.INPUT);
    }

    @Override
    double f(double x) {
        return Math.log(x);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.div(g, ctx.saved()[0])};
    }
}
