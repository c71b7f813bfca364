package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * y = |x|. vjp: g·sign(x) with sign(0) = 0 (PyTorch's subgradient) and sign(NaN) = NaN; the sign is a
 * constant (piecewise constant in x), so higher derivatives are 0 away from 0.
 */
public final class Abs extends Unary {
    public static final Abs INSTANCE = new Abs();

    private Abs() {
        super(Saves.INPUT);
    }

    @Override
    public String name() {
        return "abs";
    }

    @Override
    double f(double x) {
        return Math.abs(x);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor x = ctx.saved()[0];
        double[] s = x.toDoubleArray();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.signum(s[i]);
        }
        return new Tensor[] {Ops.mul(g, Broadcasts.tensor(s, x.shape(), x.dtype()))};
    }
}
