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

    /** Square kernel, stride 1, no padding. */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, 1, 0);
    }

    /** Square kernel with the same stride and padding in both directions. */
    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, pair(kernel), pair(stride), pair(padding), pair(1), 1, true, Init.generator());
    }

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
