package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ConvDouble;
import dev.tapegrad.ops.kernels.ConvFloat;
import dev.tapegrad.ops.kernels.ConvGeometry;

/**
 * The weight gradient of conv2d as an op of its own: x [N, C, H, W] correlated with gy [N, O, OH, OW],
 * dw[o, c, ki, kj] = Σ_n Σ_oh,ow gy[n, o, oh, ow] · x[n, c, oh·s + ki·d - p, ow·s + kj·d - p].
 * Bilinear in (x, gy), so its vjp for an incoming G (shaped like w) is dx = convTranspose2d(gy, G)
 * restored to x's size and dgy = conv2d(x, G) at gy's size.
 */
public final class Conv2dWeightGrad extends Op {
    static final String NAME = "conv2dWeightGrad";

    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final int kernelH;
    private final int kernelW;

    public Conv2dWeightGrad(int[] stride, int[] padding, int[] dilation, int groups, int kernelH, int kernelW) {
        this.stride = SpatialArgs.pair(NAME, "stride", stride, 1);
        this.padding = SpatialArgs.pair(NAME, "padding", padding, 0);
        this.dilation = SpatialArgs.pair(NAME, "dilation", dilation, 1);
        SpatialArgs.pair(NAME, "kernel", new int[] {kernelH, kernelW}, 1);
        this.groups = groups;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Tensor gy = in[1];
        SpatialArgs.rank4(NAME, "input", x, "[N, C, H, W]");
        SpatialArgs.rank4(NAME, "output gradient", gy, "[N, O, OH, OW]");
        SpatialArgs.sameDType(NAME, x, "input", gy, "output gradient");
        int[] xs = x.shape();
        int[] ys = gy.shape();
        if (xs[0] != ys[0] || xs[1] % groups != 0 || ys[1] % groups != 0) {
            throw new IllegalArgumentException(NAME + ": input " + Shapes.str(xs) + " and output gradient "
                    + Shapes.str(ys) + " do not fit groups " + groups);
        }
        ConvGeometry g = new ConvGeometry(xs[0], xs[1], xs[2], xs[3], ys[1], ys[2], ys[3], kernelH, kernelW,
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
        Tensor dw = Tensor.zeros(x.dtype(), ys[1], xs[1] / groups, kernelH, kernelW);
        if (x.dtype() == DType.FLOAT32) {
            ConvFloat.backwardWeight(g, Dense.floats(x), Dense.floats(gy), dw.floatStorage());
        } else {
            ConvDouble.backwardWeight(g, Dense.doubles(x), Dense.doubles(gy), dw.doubleStorage());
        }
        ctx.save(x, gy);
        return dw;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gw) {
        Tensor x = ctx.saved()[0];
        Tensor gy = ctx.saved()[1];
        Tensor[] grads = new Tensor[2];
        if (ctx.needsInputGrad(0)) {
            int[] outPad = {
                SpatialArgs.outputPadding(x.size(2), gy.size(2), kernelH, stride[0], padding[0], dilation[0]),
                SpatialArgs.outputPadding(x.size(3), gy.size(3), kernelW, stride[1], padding[1], dilation[1])
            };
            grads[0] = ConvTranspose2d.unchecked(stride, padding, outPad, dilation, groups).apply(gy, gw, null);
        }
        if (ctx.needsInputGrad(1)) {
            int[] size = {gy.size(2), gy.size(3)};
            grads[1] = new Conv2d(stride, padding, dilation, groups, size).apply(x, gw, null);
        }
        return grads;
    }
}
