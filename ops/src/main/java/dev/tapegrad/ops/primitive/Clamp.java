package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * y = min(max(x, lo), hi) (torch.clamp: when lo > hi every element becomes hi; NaN stays NaN). vjp: g where
 * lo <= x <= hi, bounds included as in PyTorch, else 0: a constant mask, so higher derivatives are 0.
 */
public final class Clamp extends Unary {
    private final double lo;
    private final double hi;

    public Clamp(double lo, double hi) {
        super(Saves.INPUT);
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    public String name() {
        return "clamp";
    }

    @Override
    double f(double x) {
        return Math.min(Math.max(x, lo), hi);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor x = ctx.saved()[0];
        double[] m = x.toDoubleArray();
        for (int i = 0; i < m.length; i++) {
            m[i] = m[i] >= lo && m[i] <= hi ? 1.0 : 0.0;
        }
        return new Tensor[] {Ops.mul(g, Broadcasts.tensor(m, x.shape(), x.dtype()))};
    }
}
