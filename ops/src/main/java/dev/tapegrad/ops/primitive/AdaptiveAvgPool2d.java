package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.AdaptivePool;

/**
 * Adaptive average pooling of x [N, C, H, W] (or [C, H, W]) to [..., OH, OW] with PyTorch's windows
 * [floor(i·H/OH), ceil((i+1)·H/OH)). Linear, so vjp: the adjoint {@link AdaptiveAvgPool2dAdjoint}, whose
 * own vjp is this op again (every order exists). Accumulates in double.
 */
public final class AdaptiveAvgPool2d extends Op {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: output size must be positive, got "
                    + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] s = x.shape();
        if (s.length != 3 && s.length != 4) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: expected [N, C, H, W] or [C, H, W], got "
                    + Shapes.str(s));
        }
        int h = s[s.length - 2];
        int w = s[s.length - 1];
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: empty spatial size in " + Shapes.str(s));
        }
        int planes = x.numel() / (h * w);
        int[] outShape = s.clone();
        outShape[s.length - 2] = outH;
        outShape[s.length - 1] = outW;
        double[] out = new double[Shapes.numel(outShape)];
        // FLOAT32 values are read in place (any view; channels of stride 1 in memory order) and widened as they are
        // added; FLOAT64 as a dense array
        if (x.dtype() == DType.FLOAT32) {
            int[] st = x.strides();
            int[] strides = s.length == 4 ? st : new int[] {0, st[0], st[1], st[2]};
            int channels = s.length == 4 ? s[1] : s[0];
            if (strides[1] == 1 && channels > 1) {
                AdaptivePool.forwardChannelsLast(x.floatStorage(), x.storageOffset(), channels, strides, planes, h, w,
                        out, outH, outW);
            } else {
                AdaptivePool.forward(x.floatStorage(), x.storageOffset(), Math.max(1, channels), strides, planes, h, w,
                        out, outH, outW);
            }
        } else {
            AdaptivePool.forward(Dense.doubles(x), planes, h, w, out, outH, outW);
        }
        ctx.saveExtra(s);
        return Tensors.as(Tensor.wrap(out, outShape), x.dtype());
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new AdaptiveAvgPool2dAdjoint(ctx.extra(int[].class)).apply(g)};
    }
}
