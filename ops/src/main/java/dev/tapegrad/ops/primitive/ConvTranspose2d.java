package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ConvDouble;
import dev.tapegrad.ops.kernels.ConvFloat;
import dev.tapegrad.ops.kernels.ConvGeometry;
import java.util.Arrays;

/**
 * 2-D transposed convolution, as torch.nn.functional.conv_transpose2d: x [N, Cin, H, W],
 * w [Cin, Cout/groups, kH, kW], bias [Cout] or null; the adjoint (in its input) of conv2d with the same
 * weight, output size (H-1)s - 2p + d(k-1) + outputPadding + 1. vjp: dx = conv2d(g, w) (cut to x's size),
 * dw = {@link Conv2dWeightGrad}(g, x) (the roles of input and output swapped), dbias = Σ_{n, h, w} g.
 */
public final class ConvTranspose2d extends Op {
    static final String NAME = "convTranspose2d";

    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int[] dilation;
    private final int groups;

    /** As PyTorch: each output padding must be smaller than its stride or its dilation. */
    public ConvTranspose2d(int[] stride, int[] padding, int[] outputPadding, int[] dilation, int groups) {
        this(stride, padding, outputPadding, dilation, groups, true);
    }

    private ConvTranspose2d(int[] stride, int[] padding, int[] outputPadding, int[] dilation, int groups, boolean check) {
        this.stride = SpatialArgs.pair(NAME, "stride", stride, 1);
        this.padding = SpatialArgs.pair(NAME, "padding", padding, 0);
        this.outputPadding = SpatialArgs.pair(NAME, "outputPadding", outputPadding, 0);
        this.dilation = SpatialArgs.pair(NAME, "dilation", dilation, 1);
        if (groups < 1) {
            throw new IllegalArgumentException(NAME + ": groups must be positive, got " + groups);
        }
        this.groups = groups;
        for (int i = 0; check && i < 2; i++) {
            if (outputPadding[i] >= Math.max(stride[i], dilation[i])) {
                throw new IllegalArgumentException(NAME + ": outputPadding " + Arrays.toString(outputPadding)
                        + " must be smaller than the stride " + Arrays.toString(stride) + " or the dilation "
                        + Arrays.toString(dilation));
            }
        }
    }

    /** Without PyTorch's bound on the output padding: the vjps use it to restore an exact size. */
    static ConvTranspose2d unchecked(int[] stride, int[] padding, int[] outputPadding, int[] dilation, int groups) {
        return new ConvTranspose2d(stride, padding, outputPadding, dilation, groups, false);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The geometry of the convolution this op is the transpose of (its input is this op's output). */
    private ConvGeometry geometry(Tensor x, Tensor w, Tensor bias) {
        SpatialArgs.rank4(NAME, "input", x, "[N, Cin, H, W]");
        SpatialArgs.rank4(NAME, "weight", w, "[Cin, Cout/groups, kH, kW]");
        SpatialArgs.sameDType(NAME, x, "input", w, "weight");
        SpatialArgs.sameDType(NAME, x, "input", bias, "bias");
        String shapes = SpatialArgs.shapes("input", x, "weight", w) + " (groups " + groups + ")";
        int[] xs = x.shape();
        int[] ws = w.shape();
        if (xs[1] % groups != 0) {
            throw new IllegalArgumentException(NAME + ": groups " + groups + " must divide the input channels "
                    + xs[1] + " for " + shapes);
        }
        if (ws[0] != xs[1]) {
            throw new IllegalArgumentException(NAME + ": weight has " + ws[0] + " input channels (dim 0) but the input has "
                    + xs[1] + " for " + shapes);
        }
        if (ws[1] < 1 || ws[2] < 1 || ws[3] < 1) {
            throw new IllegalArgumentException(NAME + ": weight needs at least one output channel and a positive kernel size for "
                    + shapes);
        }
        int cout = ws[1] * groups;
        SpatialArgs.bias(NAME, bias, cout, shapes);
        int oh = SpatialArgs.transposedOut(NAME, 0, xs[2], ws[2], stride[0], padding[0], dilation[0], outputPadding[0], shapes);
        int ow = SpatialArgs.transposedOut(NAME, 1, xs[3], ws[3], stride[1], padding[1], dilation[1], outputPadding[1], shapes);
        return new ConvGeometry(xs[0], cout, oh, ow, xs[1], xs[2], xs[3], ws[2], ws[3], stride[0], stride[1],
                padding[0], padding[1], dilation[0], dilation[1], groups);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor bias = in.length > 2 ? in[2] : null;
        ConvGeometry g = geometry(x, w, bias);
        Tensor y = Tensor.zeros(x.dtype(), g.batch(), g.inChannels(), g.inH(), g.inW());
        if (x.dtype() == DType.FLOAT32) {
            float[] out = y.floatStorage();
            ConvFloat.backwardData(g, Dense.floats(x), Dense.floats(w), out);
            if (bias != null) {
                addBias(Dense.floats(bias), out, g.inChannels(), g.inPlane());
            }
        } else {
            double[] out = y.doubleStorage();
            ConvDouble.backwardData(g, Dense.doubles(x), Dense.doubles(w), out);
            if (bias != null) {
                addBias(Dense.doubles(bias), out, g.inChannels(), g.inPlane());
            }
        }
        ctx.save(x, w);
        return y;
    }

    /** y[n, c] += b[c], plane by plane (a loop the JIT vectorizes, no division per element). */
    private static void addBias(float[] b, float[] y, int channels, int plane) {
        for (int p = 0; p * plane < y.length; p++) {
            float v = b[p % channels];
            for (int i = p * plane; i < (p + 1) * plane; i++) {
                y[i] += v;
            }
        }
    }

    private static void addBias(double[] b, double[] y, int channels, int plane) {
        for (int p = 0; p * plane < y.length; p++) {
            double v = b[p % channels];
            for (int i = p * plane; i < (p + 1) * plane; i++) {
                y[i] += v;
            }
        }
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gy) {
        gy = Dense.gradient(gy);   // read by up to three kernels: a view is copied once, here
        Tensor x = ctx.saved()[0];
        Tensor w = ctx.saved()[1];
        Tensor[] grads = new Tensor[ctx.arity()];
        if (ctx.needsInputGrad(0)) {
            int[] size = {x.size(2), x.size(3)};
            grads[0] = new Conv2d(stride, padding, dilation, groups, size).apply(gy, w, null);
        }
        if (ctx.needsInputGrad(1)) {
            grads[1] = new Conv2dWeightGrad(stride, padding, dilation, groups, w.size(2), w.size(3)).apply(gy, x);
        }
        if (grads.length > 2 && ctx.needsInputGrad(2)) {
            grads[2] = Conv2dBiasGrad.INSTANCE.apply(gy);
        }
        return grads;
    }
}
