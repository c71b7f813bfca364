package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
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
        return new Tensor[] {Ops.mul(g, mask(ctx.saved()[0]))};
    }

    /** [lo <= x <= hi] (compared in double), contiguous in x's dtype, in one pass (a view's copy masked in place). */
    private Tensor mask(Tensor x) {
        if (x.dtype() == DType.FLOAT32) {
            float[] v = Dense.floats(x);
            float[] m = Dense.isDense(x) ? new float[v.length] : v;
            for (int i = 0; i < m.length; i++) {
                m[i] = v[i] >= lo && v[i] <= hi ? 1f : 0f;
            }
            return Tensor.wrap(m, x.shape());
        }
        double[] v = Dense.doubles(x);
        double[] m = Dense.isDense(x) ? new double[v.length] : v;
        for (int i = 0; i < m.length; i++) {
            m[i] = v[i] >= lo && v[i] <= hi ? 1.0 : 0.0;
        }
        return Tensor.wrap(m, x.shape());
    }
}
