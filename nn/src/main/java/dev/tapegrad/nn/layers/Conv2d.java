package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Parameter;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.ops.Ops;
import java.util.random.RandomGenerator;

/**
 * 2-D convolution of x [N, Cin, H, W] with weight [Cout, Cin/groups, kH, kW] and bias [Cout], as
 * torch.nn.Conv2d (a [Cin, H, W] input is treated as a batch of one). Default init as PyTorch: weight
 * kaiming-uniform with a = √5, bias U(±1/√fan_in), fan_in = Cin/groups·kH·kW.
 *
 * <p>Options as PyTorch's keyword arguments, with PyTorch's defaults:
 * {@code new Conv2d(64, 128, 3, Conv2d.Options.defaults().withStride(2).withPadding(1).withBias(false))}.
 */
public final class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * The options of a square-kernel convolution, each the same in both directions; {@link #defaults()} are
     * PyTorch's (stride 1, padding 0, dilation 1, groups 1, with bias). {@code generator} draws the initial
     * weights; null (the default) means {@link Init#generator()}, taken when the layer is built, so
     * {@link Init#manualSeed} governs it.
     */
    public record Options(int stride, int padding, int dilation, int groups, boolean bias, RandomGenerator generator) {
        public Options {
            if (stride < 1 || padding < 0 || dilation < 1 || groups < 1) {
                throw new IllegalArgumentException("Conv2d.Options: expected stride >= 1, padding >= 0, dilation >= 1"
                        + " and groups >= 1, got stride " + stride + ", padding " + padding + ", dilation " + dilation
                        + ", groups " + groups);
            }
        }

        /** PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, bias, {@link Init}'s generator. */
        public static Options defaults() {
            return new Options(1, 0, 1, 1, true, null);
        }

        public Options withStride(int stride) {
            return new Options(stride, padding, dilation, groups, bias, generator);
        }

        public Options withPadding(int padding) {
            return new Options(stride, padding, dilation, groups, bias, generator);
        }

        public Options withDilation(int dilation) {
            return new Options(stride, padding, dilation, groups, bias, generator);
        }

        public Options withGroups(int groups) {
            return new Options(stride, padding, dilation, groups, bias, generator);
        }

        public Options withBias(boolean bias) {
            return new Options(stride, padding, dilation, groups, bias, generator);
        }

        public Options withGenerator(RandomGenerator generator) {
            return new Options(stride, padding, dilation, groups, bias, generator);
        }
    }

    /** Square kernel, PyTorch's defaults: stride 1, no padding, with bias. */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, Options.defaults());
    }

    /** Square kernel with the given options. */
    public Conv2d(int in, int out, int kernel, Options options) {
        this(in, out, pair(kernel), pair(options.stride()), pair(options.padding()), pair(options.dilation()),
                options.groups(), options.bias(), options.generator() == null ? Init.generator() : options.generator());
    }

    /** Square kernel with the same stride and padding in both directions. */
    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, Options.defaults().withStride(stride).withPadding(padding));
    }

    /** Every option, with a (height, width) pair for kernel, stride, padding and dilation. */
    public Conv2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups,
            boolean bias, RandomGenerator rng) {
        ConvChecks.channels("Conv2d", in, out, groups);
        this.in = in;
        this.out = out;
        this.kernel = ConvChecks.positive("Conv2d", "kernel", kernel);
        this.stride = ConvChecks.positive("Conv2d", "stride", stride);
        this.padding = ConvChecks.nonNegative("Conv2d", "padding", padding);
        this.dilation = ConvChecks.positive("Conv2d", "dilation", dilation);
        this.groups = groups;
        Tensor w = Tensor.zeros(DType.FLOAT32, out, in / groups, kernel[0], kernel[1]);
        Tensor b = bias ? Tensor.zeros(DType.FLOAT32, out) : null;
        Init.pytorchLayerDefault(w, b, rng);
        this.weight = registerParameter("weight", w);
        this.bias = bias ? registerParameter("bias", b) : null;
    }

    static int[] pair(int v) {
        return new int[] {v, v};
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        boolean unbatched = s.length == 3;
        if ((s.length != 4 && !unbatched) || s[s.length - 3] != in) {
            throw new IllegalArgumentException(this + ": expected input [N, " + in + ", H, W], got " + Shapes.str(s));
        }
        requireDType(x, weight.dtype());
        Tensor x4 = unbatched ? Ops.reshape(x, 1, s[0], s[1], s[2]) : x;
        Tensor y = Ops.conv2d(x4, weight.tensor(), bias == null ? null : bias.tensor(), stride, padding, dilation, groups);
        return unbatched ? Ops.reshape(y, y.size(1), y.size(2), y.size(3)) : y;
    }

    @Override
    public String toString() {
        return "Conv2d(" + in + " -> " + out + ", kernel " + kernel[0] + "x" + kernel[1]
                + ConvChecks.options(stride, padding, dilation, groups) + (bias == null ? ", no bias" : "") + ")";
    }
}
