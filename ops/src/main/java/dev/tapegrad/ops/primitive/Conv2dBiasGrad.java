package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.ChannelSumsDouble;
import dev.tapegrad.ops.kernels.ChannelSumsFloat;

/**
 * The bias gradient of conv2d and convTranspose2d: g [N, C, H, W] summed over batch and space to [C]
 * (the same as Ops.sum(g, {0, 2, 3}), in one pass). vjp: G broadcast back, expand(reshape(G, 1, C, 1, 1)).
 */
public final class Conv2dBiasGrad extends Op {
    public static final Conv2dBiasGrad INSTANCE = new Conv2dBiasGrad();

    private Conv2dBiasGrad() {}

    @Override
    public String name() {
        return "conv2dBiasGrad";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        SpatialArgs.rank4(name(), "gradient", g, "[N, C, H, W]");
        int[] s = g.shape();
        Tensor out = Tensor.zeros(g.dtype(), s[1]);
        if (g.dtype() == DType.FLOAT32) {
            ChannelSumsFloat.sum(Dense.floats(g), s[0], s[1], s[2] * s[3], out.floatStorage());
        } else {
            ChannelSumsDouble.sum(Dense.doubles(g), s[0], s[1], s[2] * s[3], out.doubleStorage());
        }
        ctx.saveExtra(s);
        return out;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gb) {
        int[] s = ctx.extra(int[].class);
        return new Tensor[] {Ops.expand(Ops.reshape(gb, 1, s[1], 1, 1), s)};
    }
}
