package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.AdaptivePool;

/**
 * The adjoint of {@link AdaptiveAvgPool2d}: spreads g [..., OH, OW] evenly over each window of the input
 * shape [..., H, W]. Linear; vjp: adaptive average pooling back to OH x OW.
 */
public final class AdaptiveAvgPool2dAdjoint extends Op {
    private final int[] inputShape;

    public AdaptiveAvgPool2dAdjoint(int[] inputShape) {
        this.inputShape = inputShape.clone();
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        int[] gs = g.shape();
        int r = inputShape.length;
        if (gs.length != r) {
            throw new IllegalArgumentException("adaptiveAvgPool2d adjoint: gradient " + Shapes.str(gs)
                    + " does not match input rank of " + Shapes.str(inputShape));
        }
        int h = inputShape[r - 2];
        int w = inputShape[r - 1];
        int oh = gs[r - 2];
        int ow = gs[r - 1];
        double[] out = new double[Shapes.numel(inputShape)];
        AdaptivePool.adjoint(g.toDoubleArray(), out.length / (h * w), oh, ow, out, h, w);
        ctx.saveExtra(new int[] {oh, ow});
        return Tensors.as(Tensor.wrap(out, inputShape), g.dtype());
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        int[] o = ctx.extra(int[].class);
        return new Tensor[] {new AdaptiveAvgPool2d(o[0], o[1]).apply(g)};
    }
}
