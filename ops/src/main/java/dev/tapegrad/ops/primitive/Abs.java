package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
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
        return new Tensor[] {Ops.mul(g, sign(ctx.saved()[0]))};
    }

    /** sign(x), contiguous in x's dtype, in one pass over x's values (a view's copy signed in place). */
    private static Tensor sign(Tensor x) {
        if (x.dtype() == DType.FLOAT32) {
            float[] v = Dense.floats(x);
            float[] s = Dense.isDense(x) ? new float[v.length] : v;
            for (int i = 0; i < s.length; i++) {
                s[i] = Math.signum(v[i]);
            }
            return Tensor.wrap(s, x.shape());
        }
        double[] v = Dense.doubles(x);
        double[] s = Dense.isDense(x) ? new double[v.length] : v;
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.signum(v[i]);
        }
        return Tensor.wrap(s, x.shape());
    }
}
