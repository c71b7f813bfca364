package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.ViewOps;

/** y = -x. vjp: -g. */
public final class Neg extends Unary {
    public static final Neg INSTANCE = new Neg();

    private Neg() {
        super(Saves.NOTHING);
    }

    @Override
    int viewOp() {
        return ViewOps.NEG;
    }

    @Override
    double f(double x) {
        return -x;
    }

    @Override
    void computeRange(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = -x[i];
        }
    }

    @Override
    void computeRange(double[] x, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = -x[i];
        }
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.neg(g)};
    }
}
