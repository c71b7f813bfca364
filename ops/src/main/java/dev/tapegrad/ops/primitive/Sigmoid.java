package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** y = 1 / (1 + e^-x), evaluated without overflow. vjp: g·y·(1 - y) (saves the output). */
public final class Sigmoid extends Unary {
    public static final Sigmoid INSTANCE = new Sigmoid();

    private Sigmoid() {
        super(Saves.OUTPUT);
    }

    @Override
    double f(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor y = ctx.saved()[0];
        return new Tensor[] {Ops.mul(g, Ops.mul(y, Ops.sub(Tensor.scalar(1.0), y)))};
    }
}
