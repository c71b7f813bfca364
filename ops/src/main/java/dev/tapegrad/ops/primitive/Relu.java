package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ElementwiseDouble;
import dev.tapegrad.ops.kernels.ElementwiseFloat;
import dev.tapegrad.ops.kernels.ViewOps;

/**
 * y = max(x, 0). vjp: g·[y > 0] in one pass ({@link ReluBackward}), the mask a constant (subgradient 0 at x = 0, as PyTorch), so the
 * second derivative is 0 almost everywhere.
 */
public final class Relu extends Unary {
    public static final Relu INSTANCE = new Relu();

    private Relu() {
        super(Saves.OUTPUT);
    }

    @Override
    double f(double x) {
        return x > 0 ? x : (Double.isNaN(x) ? x : 0.0);
    }

    @Override
    int viewOp() {
        return ViewOps.RELU;
    }

    @Override
    void computeRange(float[] x, float[] out, int from, int to) {
        ElementwiseFloat.relu(x, out, from, to);
    }

    @Override
    void computeRange(double[] x, double[] out, int from, int to) {
        ElementwiseDouble.relu(x, out, from, to);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor y = ctx.saved()[0];
        return new Tensor[] {ReluBackward.INSTANCE.apply(g, y)};
    }
}
