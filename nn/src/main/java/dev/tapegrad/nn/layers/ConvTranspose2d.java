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
 * 2-D transposed convolution of x [N, Cin, H, W] with weight [Cin, Cout/groups, kH, kW] and bias [Cout],
 * as torch.nn.ConvTranspose2d: output size (H-1)·s - 2p + d·(k-1) + outputPadding + 1. Default init as
 * PyTorch: weight kaiming-uniform with a = √5 and bias U(±1/√fan_in), where fan_in is computed from the
 * weight's dim 1 (Cout/groups·kH·kW), as PyTorch does.
 *
 * <p>Options as PyTorch's keyword arguments, with PyTorch's defaults:
 * {@code new ConvTranspose2d(64, 32, 4, ConvTranspose2d.Options.defaults().withStride(2).withPadding(1))}.
 */
public final class ConvTranspose2d extends Module {
    private final int in;
    private final int out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int[] dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * The options of a square-kernel transposed convolution, each the same in both directions;
     * {@link #defaults()} are PyTorch's (stride 1, padding 0, output padding 0, dilation 1, groups 1, with
     * bias). {@code generator} draws the initial weights; null (the default) means {@link Init#generator()},
     * taken when the layer is built, so {@link Init#manualSeed} governs it.
     */
    public record Options(int stride, int padding, int outputPadding, int dilation, int groups, boolean bias,
            RandomGenerator generator) {
        public Options {
            if (stride < 1 || padding < 0 || outputPadding < 0 || dilation < 1 || groups < 1) {
                throw new IllegalArgumentException("ConvTranspose2d.Options: expected stride >= 1, padding >= 0,"
                        + " output padding >= 0, dilation >= 1 and groups >= 1, got stride " + stride + ", padding "
                        + padding + ", output padding " + outputPadding + ", dilation " + dilation + ", groups "
                        + groups);
            }
        }

        /** PyTorch's defaults: stride 1, padding 0, output padding 0, dilation 1, groups 1, bias. */
        public static Options defaults() {
            return new Options(1, 0, 0, 1, 1, true, null);
        }

        public Options withStride(int stride) {
            return new Options(stride, padding, outputPadding, dilation, groups, bias, generator);
        }

        public Options withPadding(int padding) {
            return new Options(stride, padding, outputPadding, dilation, groups, bias, generator);
        }

        public Options withOutputPadding(int outputPadding) {
            return new Options(stride, padding, outputPadding, dilation, groups, bias, generator);
        }

        public Options withDilation(int dilation) {
            return new Options(stride, padding, outputPadding, dilation, groups, bias, generator);
        }

        public Options withGroups(int groups) {
            return new Options(stride, padding, outputPadding, dilation, groups, bias, generator);
        }

        public Options withBias(boolean bias) {
            return new Options(stride, padding, outputPadding, dilation, groups, bias, generator);
        }

        public Options withGenerator(RandomGenerator generator) {
            return new Options(stride, padding, outputPadding, dilation, groups, bias, generator);
        }
    }

    /** Square kernel, PyTorch's defaults: stride 1, no padding, with bias. */
    public ConvTranspose2d(int in, int out, int kernel) {
        this(in, out, kernel, Options.defaults());
    }

    /** Square kernel with the given options. */
    public ConvTranspose2d(int in, int out, int kernel, Options options) {
        this(in, out, Conv2d.pair(kernel), Conv2d.pair(options.stride()), Conv2d.pair(options.padding()),
                Conv2d.pair(options.outputPadding()), Conv2d.pair(options.dilation()), options.groups(), options.bias(),
                options.generator() == null ? Init.generator() : options.generator());
    }

    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, Options.defaults().withStride(stride).withPadding(padding));
    }

    /** Every option, with a (height, width) pair for kernel, stride, padding, output padding and dilation. */
    public ConvTranspose2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] outputPadding,
            int[] dilation, int groups, boolean bias, RandomGenerator rng) {
        ConvChecks.channels("ConvTranspose2d", in, out, groups);
        this.in = in;
        this.out = out;
        this.kernel = ConvChecks.positive("ConvTranspose2d", "kernel", kernel);
        this.stride = ConvChecks.positive("ConvTranspose2d", "stride", stride);
        this.padding = ConvChecks.nonNegative("ConvTranspose2d", "padding", padding);
        this.outputPadding = ConvChecks.nonNegative("ConvTranspose2d", "output padding", outputPadding);
        this.dilation = ConvChecks.positive("ConvTranspose2d", "dilation", dilation);
        this.groups = groups;
        Tensor w = Tensor.zeros(DType.FLOAT32, in, out / groups, kernel[0], kernel[1]);
        Tensor b = bias ? Tensor.zeros(DType.FLOAT32, out) : null;
        Init.pytorchLayerDefault(w, b, rng);
        this.weight = registerParameter("weight", w);
        this.bias = bias ? registerParameter("bias", b) : null;
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
        if (s.length != 4 || s[1] != in) {
            throw new IllegalArgumentException(this + ": expected input [N, " + in + ", H, W], got " + Shapes.str(s));
        }
        requireDType(x, weight.dtype());
        return Ops.convTranspose2d(x, weight.tensor(), bias == null ? null : bias.tensor(), stride, padding,
                outputPadding, dilation, groups);
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(" + in + " -> " + out + ", kernel " + kernel[0] + "x" + kernel[1]
                + ConvChecks.options(stride, padding, dilation, groups) + (bias == null ? ", no bias" : "") + ")";
    }
}
