package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ExtremumDouble;
import dev.tapegrad.ops.kernels.ExtremumFloat;

/**
 * One input's share of the gradient of {@link Extremum}: y = g·w elementwise with constant weights w = 1 where
 * full, 0 where only other is set, 1/2 where neither ({@link ExtremumFloat#weigh}). A diagonal linear map, so its
 * vjp is itself applied to the incoming gradient, and every order of derivative exists.
 */
final class ExtremumGrad extends Op {
    private final boolean[] full;
    private final boolean[] other;

    /** The weights of the input whose flags are full, against the other input's flags. */
    ExtremumGrad(boolean[] full, boolean[] other) {
        this.full = full;
        this.other = other;
    }

    @Override
    public String name() {
        return "extremumGrad";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        if (g.numel() != full.length) {
            throw new IllegalArgumentException("extremumGrad: expected " + full.length + " elements, got shape "
                    + Shapes.str(g.shape()));
        }
        if (g.dtype() == DType.FLOAT32) {
            float[] out = new float[full.length];
            ExtremumFloat.weigh(Dense.floats(g), 0, full, other, out);
            return Tensor.wrap(out, g.shape());
        }
        double[] out = new double[full.length];
        ExtremumDouble.weigh(Dense.doubles(g), 0, full, other, out);
        return Tensor.wrap(out, g.shape());
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new ExtremumGrad(full, other).apply(g)};
    }
}
