package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Parameter;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.ops.Ops;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A lookup table: row i of weight [num, dim] for each index i, as torch.nn.Embedding. Default init as
 * PyTorch: weight N(0, 1) (state-dict key {@code weight}). The gradient of a row used several times is the
 * sum over its uses. Indices come as an {@code int[]} ({@link #forward(int[], int...)}) or, through
 * {@link #forward(Tensor)}, as a tensor holding whole numbers; the output has the index shape plus [dim].
 * FLOAT32.
 */
public final class Embedding extends Module {
    private final int num;
    private final int dim;
    private final Parameter weight;

    public Embedding(int num, int dim) {
        this(num, dim, Init.generator());
    }

    public Embedding(int num, int dim, RandomGenerator rng) {
        if (num <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got " + num + " x " + dim);
        }
        this.num = num;
        this.dim = dim;
        this.weight = registerParameter("weight", Init.normal(Tensor.zeros(DType.FLOAT32, num, dim), 0, 1, rng));
    }

    public Parameter weight() {
        return weight;
    }

    /** The rows of {@code indices}, laid out as {@code shape} + [dim] (shape [n] when none is given). */
    public Tensor forward(int[] indices, int... shape) {
        return lookup(indices, shape.length == 0 ? new int[] {indices.length} : shape);
    }

    private Tensor lookup(int[] indices, int[] s) {
        if (Shapes.numel(s) != indices.length) {
            throw new IllegalArgumentException(this + ": " + indices.length + " indices do not fill shape " + Shapes.str(s));
        }
        for (int i : indices) {
            if (i < 0 || i >= num) {
                throw new IndexOutOfBoundsException(this + ": index " + i + " is out of range for " + num + " rows");
            }
        }
        int[] outShape = Arrays.copyOf(s, s.length + 1);
        outShape[s.length] = dim;
        return Ops.reshape(Ops.indexSelect(weight.tensor(), 0, indices), outShape);
    }

    /** The rows at the whole numbers held by {@code indices} (any float dtype), shaped indices.shape() + [dim]. */
    @Override
    public Tensor forward(Tensor indices) {
        double[] v = indices.toDoubleArray();
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(this + ": indices must be whole numbers, got " + v[i] + " at " + i);
            }
            idx[i] = (int) v[i];
        }
        return lookup(idx, indices.shape());
    }

    @Override
    public String toString() {
        return "Embedding(" + num + ", " + dim + ")";
    }
}
