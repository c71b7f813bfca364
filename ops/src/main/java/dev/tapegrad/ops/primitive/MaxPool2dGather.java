package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.PoolDouble;
import dev.tapegrad.ops.kernels.PoolFloat;
import dev.tapegrad.ops.kernels.PoolGeometry;

/**
 * y[i] = x[argmax[i]]: max pooling with the argmax of an earlier pooling held fixed (linear in x); the vjp
 * of {@link MaxPool2dBackward}. vjp: that scatter again.
 */
public final class MaxPool2dGather extends Op {
    private final MaxPool2dBackward scatter;

    MaxPool2dGather(MaxPool2dBackward scatter) {
        this.scatter = scatter;
    }

    @Override
    public String name() {
        return "maxPool2dGather";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        PoolGeometry g = scatter.geometry();
        int[] s = scatter.inputShape();
        Tensor y = Tensor.zeros(x.dtype(), s[0], s[1], g.outH(), g.outW());
        if (x.dtype() == DType.FLOAT32) {
            PoolFloat.maxGather(g, Dense.floats(x), scatter.argmax(), y.floatStorage());
        } else {
            PoolDouble.maxGather(g, Dense.doubles(x), scatter.argmax(), y.doubleStorage());
        }
        return y;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {scatter.apply(g)};
    }
}
