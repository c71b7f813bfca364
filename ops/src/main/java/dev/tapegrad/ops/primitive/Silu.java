package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** y = x·σ(x) (swish), evaluated without overflow. vjp: g·σ(x)·(1 + x·(1 - σ(x))) with taped ops (saves the input). */
public final class Silu extends Unary {
    public static final Silu INSTANCE = new Silu();

    private Silu() {
        super(Saves.INPUT);
    }

    @Override
    public String name() {
        return "silu";
    }

    @Override
    double f(double x) {
        if (x >= 0) {
            return x / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return x * e / (1.0 + e);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor x = ctx.saved()[0];
        Tensor s = Ops.sigmoid(x);
        Tensor slope = Ops.mul(s, Ops.add(Ops.mul(x, Ops.sub(Tensor.scalar(1.0), s)), 1.0));
        return new Tensor[] {Ops.mul(g, slope)};
    }
}
