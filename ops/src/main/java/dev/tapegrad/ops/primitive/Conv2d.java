package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ConvDouble;
import dev.tapegrad.ops.kernels.ConvFloat;
import dev.tapegrad.ops.kernels.ConvGeometry;

/**
 * 2-D cross-correlation, as torch.nn.functional.conv2d: x [N, C, H, W], w [O, C/groups, kH, kW], bias [O]
 * or null; y[n, o] = bias[o] + Σ_c Σ_ki,kj w[o, c, ki, kj] · x[n, c, oh·s + ki·d - p, ow·s + kj·d - p]
 * (zero outside x). vjp: dx = convTranspose2d(g, w) with the output padding that restores x's size,
 * dw = {@link Conv2dWeightGrad}(x, g), dbias = {@link Conv2dBiasGrad}(g) = Σ_{n, h, w} g.
 */
public final class Conv2d extends Op {
    static final String NAME = "conv2d";

    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final int[] outSize;

    public Conv2d(int[] stride, int[] padding, int[] dilation, int groups) {
        this(stride, padding, dilation, groups, null);
    }

    /** With an explicit output size at most the natural one (the vjps of the transposed ops need it). */
    Conv2d(int[] stride, int[] padding, int[] dilation, int groups, int[] outSize) {
        this.stride = SpatialArgs.pair(NAME, "stride", stride, 1);
        this.padding = SpatialArgs.pair(NAME, "padding", padding, 0);
        this.dilation = SpatialArgs.pair(NAME, "dilation", dilation, 1);
        if (groups < 1) {
            throw new IllegalArgumentException(NAME + ": groups must be positive, got " + groups);
        }
        this.groups = groups;
        this.outSize = outSize == null ? null : outSize.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Checks the shapes and returns the geometry of x ⋆ w. */
    ConvGeometry geometry(Tensor x, Tensor w, Tensor bias) {
        SpatialArgs.rank4(NAME, "input", x, "[N, C, H, W]");
        SpatialArgs.rank4(NAME, "weight", w, "[O, C/groups, kH, kW]");
        SpatialArgs.sameDType(NAME, x, "input", w, "weight");
        SpatialArgs.sameDType(NAME, x, "input", bias, "bias");
        String shapes = SpatialArgs.shapes("input", x, "weight", w) + " (groups " + groups + ")";
        int[] xs = x.shape();
        int[] ws = w.shape();
        if (xs[1] % groups != 0 || ws[0] % groups != 0) {
            throw new IllegalArgumentException(NAME + ": groups " + groups + " must divide the input channels " + xs[1]
                    + " and the output channels " + ws[0] + " for " + shapes);
        }
        if (ws[1] * groups != xs[1]) {
            throw new IllegalArgumentException(NAME + ": weight expects " + ws[1] + " × " + groups + " groups = "
                    + ws[1] * groups + " input channels but the input has " + xs[1] + " for " + shapes);
        }
        if (ws[0] < 1 || ws[2] < 1 || ws[3] < 1) {
            throw new IllegalArgumentException(NAME + ": weight needs at least one output channel and a positive kernel size for "
                    + shapes);
        }
        SpatialArgs.bias(NAME, bias, ws[0], shapes);
        int oh = SpatialArgs.convOut(NAME, 0, xs[2], ws[2], stride[0], padding[0], dilation[0], shapes);
        int ow = SpatialArgs.convOut(NAME, 1, xs[3], ws[3], stride[1], padding[1], dilation[1], shapes);
        if (outSize != null) {
            oh = outSize[0];
            ow = outSize[1];
        }
        return new ConvGeometry(xs[0], xs[1], xs[2], xs[3], ws[0], oh, ow, ws[2], ws[3], stride[0], stride[1],
                padding[0], padding[1], dilation[0], dilation[1], groups);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor bias = in.length > 2 ? in[2] : null;
        ConvGeometry g = geometry(x, w, bias);
        Tensor y = Tensor.zeros(x.dtype(), g.batch(), g.outChannels(), g.outH(), g.outW());
        if (x.dtype() == DType.FLOAT32) {
            ConvFloat.forward(g, Dense.floats(x), Dense.floats(w), bias == null ? null : Dense.floats(bias), y.floatStorage());
        } else {
            ConvDouble.forward(g, Dense.doubles(x), Dense.doubles(w), bias == null ? null : Dense.doubles(bias),
                    y.doubleStorage());
        }
        ctx.save(x, w);
        return y;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gy) {
        if (!GradMode.isEnabled() && Tensors.uniform(gy)) {
            return uniformSeed(ctx, gy);
        }
        gy = Dense.gradient(gy);   // read by up to three kernels: a view is copied once, here
        Tensor x = ctx.saved()[0];
        Tensor w = ctx.saved()[1];
        Tensor[] grads = new Tensor[ctx.arity()];
        int kh = w.size(2);
        int kw = w.size(3);
        if (ctx.needsInputGrad(0)) {
            int[] outPad = {
                SpatialArgs.outputPadding(x.size(2), gy.size(2), kh, stride[0], padding[0], dilation[0]),
                SpatialArgs.outputPadding(x.size(3), gy.size(3), kw, stride[1], padding[1], dilation[1])
            };
            grads[0] = ConvTranspose2d.unchecked(stride, padding, outPad, dilation, groups).apply(gy, w, null);
        }
        if (ctx.needsInputGrad(1)) {
            grads[1] = new Conv2dWeightGrad(stride, padding, dilation, groups, kh, kw).apply(x, gy);
        }
        if (grads.length > 2 && ctx.needsInputGrad(2)) {
            grads[2] = Conv2dBiasGrad.INSTANCE.apply(gy);
        }
        return grads;
    }

    /**
     * The vjp for a seed that is one value repeated, with no graph being recorded: the three gradients come
     * straight from x and w ({@link Conv2dUniformSeed}), without materializing the seed.
     */
    private Tensor[] uniformSeed(Context ctx, Tensor gy) {
        Tensor x = ctx.saved()[0];
        Tensor w = ctx.saved()[1];
        ConvGeometry g = new ConvGeometry(x.size(0), x.size(1), x.size(2), x.size(3), w.size(0), gy.size(2),
                gy.size(3), w.size(2), w.size(3), stride[0], stride[1], padding[0], padding[1], dilation[0],
                dilation[1], groups);
        double u = gy.get(new int[gy.rank()]);
        Tensor[] grads = new Tensor[ctx.arity()];
        if (ctx.needsInputGrad(0)) {
            grads[0] = Conv2dUniformSeed.input(g, u, w);
        }
        if (ctx.needsInputGrad(1)) {
            grads[1] = Conv2dUniformSeed.weight(g, u, x);
        }
        if (grads.length > 2 && ctx.needsInputGrad(2)) {
            grads[2] = Conv2dUniformSeed.bias(g, u, gy.dtype());
        }
        return grads;
    }
}
