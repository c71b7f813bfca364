package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Erf;
import dev.tapegrad.ops.kernels.GeluKernels;

/**
 * y = x·Φ(x), the exact (erf) GELU, Φ the standard normal distribution function. vjp: g·(Φ(x) + x·φ(x))
 * in one pass ({@link GeluBackward}; saves the input).
 */
public final class Gelu extends Unary {
    public static final Gelu INSTANCE = new Gelu();

    private Gelu() {
        super(Saves.INPUT);
    }

    @Override
    public String name() {
        return "gelu";
    }

    @Override
    double f(double x) {
        return x * Erf.normalCdf(x);
    }

    @Override
    void computeRange(float[] x, float[] out, int from, int to) {
        GeluKernels.forwardRange(x, out, from, to);
    }

    @Override
    void computeRange(double[] x, double[] out, int from, int to) {
        GeluKernels.forwardRange(x, out, from, to);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {GeluBackward.INSTANCE.apply(g, ctx.saved()[0])};
    }
}
