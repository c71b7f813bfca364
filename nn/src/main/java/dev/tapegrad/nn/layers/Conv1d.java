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
 * 1-D convolution of x [N, Cin, L] with weight [Cout, Cin/groups, k] and bias [Cout], as torch.nn.Conv1d
 * (a [Cin, L] input is treated as a batch of one). Default init as PyTorch: weight kaiming-uniform with
 * a = √5, bias U(±1/√fan_in), fan_in = Cin/groups·k. FLOAT32.
 */
public final class Conv1d extends Module {
    /** Stride, zero padding on both ends, dilation, groups and whether there is a bias; PyTorch's defaults. */
    public record Options(int stride, int padding, int dilation, int groups, boolean bias) {
        /** Stride 1, padding 0, dilation 1, 1 group, with bias. */
        public static Options defaults() {
            return new Options(1, 0, 1, 1, true);
        }

        public Options withStride(int stride) {
            return new Options(stride, padding, dilation, groups, bias);
        }

        public Options withPadding(int padding) {
            return new Options(stride, padding, dilation, groups, bias);
        }

        public Options withDilation(int dilation) {
            return new Options(stride, padding, dilation, groups, bias);
        }

        public Options withGroups(int groups) {
            return new Options(stride, padding, dilation, groups, bias);
        }

        public Options withBias(boolean bias) {
            return new Options(stride, padding, dilation, groups, bias);
        }
    }

    private final int in;
    private final int out;
    private final int kernel;
    private final Options options;
    private final Parameter weight;
    private final Parameter bias;

    /** Stride 1, no padding, with bias. */
    public Conv1d(int in, int out, int kernel) {
        this(in, out, kernel, Options.defaults());
    }

    public Conv1d(int in, int out, int kernel, Options options) {
        this(in, out, kernel, options, Init.generator());
    }

    public Conv1d(int in, int out, int kernel, Options options, RandomGenerator rng) {
        ConvChecks.channels("Conv1d", in, out, options.groups());
        atLeast("kernel", kernel, 1);
        atLeast("stride", options.stride(), 1);
        atLeast("padding", options.padding(), 0);
        atLeast("dilation", options.dilation(), 1);
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.options = options;
        Tensor w = Tensor.zeros(DType.FLOAT32, out, in / options.groups(), kernel);
        Tensor b = options.bias() ? Tensor.zeros(DType.FLOAT32, out) : null;
        Init.pytorchLayerDefault(w, b, rng);
        this.weight = registerParameter("weight", w);
        this.bias = options.bias() ? registerParameter("bias", b) : null;
    }

    private static void atLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("Conv1d: " + what + " must be >= " + min + ", got " + value);
        }
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when made without one. */
    public Parameter bias() {
        return bias;
    }

    public Options options() {
        return options;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        boolean unbatched = s.length == 2;
        if ((s.length != 3 && !unbatched) || s[s.length - 2] != in) {
            throw new IllegalArgumentException(this + ": expected input [N, " + in + ", L], got " + Shapes.str(s));
        }
        requireDType(x, weight.dtype());
        Tensor x3 = unbatched ? Ops.reshape(x, 1, s[0], s[1]) : x;
        Tensor y = Ops.conv1d(x3, weight.tensor(), bias == null ? null : bias.tensor(), options.stride(),
                options.padding(), options.dilation(), options.groups());
        return unbatched ? Ops.reshape(y, y.size(1), y.size(2)) : y;
    }

    @Override
    public String toString() {
        Options d = Options.defaults();
        return "Conv1d(" + in + " -> " + out + ", kernel " + kernel
                + (options.stride() != d.stride() ? ", stride " + options.stride() : "")
                + (options.padding() != d.padding() ? ", padding " + options.padding() : "")
                + (options.dilation() != d.dilation() ? ", dilation " + options.dilation() : "")
                + (options.groups() != d.groups() ? ", groups " + options.groups() : "")
                + (bias == null ? ", no bias" : "") + ")";
    }
}
