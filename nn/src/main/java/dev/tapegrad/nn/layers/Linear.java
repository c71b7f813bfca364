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
 * y = x·Wᵀ + b for x [..., in], W [out, in], b [out]. Default init as PyTorch: W kaiming-uniform with
 * a = √5 (U(±1/√in)), b U(±1/√in). FLOAT32.
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int in, int out) {
        this(in, out, true, Init.generator());
    }

    public Linear(int in, int out, boolean bias) {
        this(in, out, bias, Init.generator());
    }

    public Linear(int in, int out, boolean bias, RandomGenerator rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        Tensor w = Tensor.zeros(DType.FLOAT32, out, in);
        Tensor b = bias ? Tensor.zeros(DType.FLOAT32, out) : null;
        Init.pytorchLayerDefault(w, b, rng);
        this.weight = registerParameter("weight", w);
        this.bias = bias ? registerParameter("bias", b) : null;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when made without one. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != in) {
            throw new IllegalArgumentException(this + ": expected input with last dim " + in + ", got "
                    + Shapes.str(s));
        }
        requireDType(x, weight.dtype());
        Tensor x2 = s.length == 1 ? Ops.reshape(x, 1, in) : x;
        Tensor y = Ops.matmul(x2, Ops.transpose(weight.tensor(), 0, 1));
        if (bias != null) {
            y = Ops.add(y, bias.tensor());
        }
        return s.length == 1 ? Ops.reshape(y, out) : y;
    }

    @Override
    public String toString() {
        return "Linear(" + in + " -> " + out + (bias == null ? ", no bias" : "") + ")";
    }
}
