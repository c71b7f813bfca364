package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** y = x^p for a constant exponent p (Math.pow semantics). vjp: g·p·x^(p-1); p = 0 gives zeros. */
public final class Pow extends Unary {
    private final double exponent;

    public Pow(double exponent) {
        super(Saves.INPUT);
        this.exponent = exponent;
    }

    @Override
    double f(double x) {
        return Math.pow(x, exponent);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor x = ctx.saved()[0];
        if (exponent == 0) {
            return new Tensor[] {Ops.mul(g, Tensor.scalar(0.0))};
        }
        return new Tensor[] {Ops.mul(g, Ops.mul(Ops.pow(x, exponent - 1), Tensor.scalar(exponent)))};
    }

    @Override
    public String name() {
        return "Pow(" + exponent + ")";
    }
}
