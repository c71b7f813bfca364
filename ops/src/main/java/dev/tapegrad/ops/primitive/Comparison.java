package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;

/**
 * a > b and a < b elementwise with broadcasting, as 1/0 in the inputs' dtype (the usual rule: a 0-d input
 * takes the other's dtype). Not an op: the result is piecewise constant, so it is a fresh tensor with no
 * tape history and no gradient, like PyTorch's comparisons. NaN compares false.
 */
public final class Comparison {
    private Comparison() {}

    public static Tensor gt(Tensor a, Tensor b) {
        return compare("gt", a, b, true);
    }

    public static Tensor lt(Tensor a, Tensor b) {
        return compare("lt", a, b, false);
    }

    private static Tensor compare(String op, Tensor a, Tensor b, boolean greater) {
        DType dtype = Tensors.common(op, a, b);
        int[] shape = Shapes.broadcast(op, a.shape(), b.shape());
        double[] av = Broadcasts.values(a, shape);
        double[] bv = Broadcasts.values(b, shape);
        for (int i = 0; i < av.length; i++) {
            av[i] = (greater ? av[i] > bv[i] : av[i] < bv[i]) ? 1.0 : 0.0;
        }
        return Broadcasts.tensor(av, shape, dtype);
    }
}
