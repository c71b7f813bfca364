package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.PoolDouble;
import dev.tapegrad.ops.kernels.PoolFloat;
import dev.tapegrad.ops.kernels.PoolGeometry;

/**
 * y[i] = x[indices[i]]: max pooling with the argmax of an earlier pooling held fixed (linear in x); inputs
 * (x, indices) as for {@link MaxPool2dBackward}, whose vjp it is. vjp: that scatter again; the indices get no
 * gradient.
 */
public final class MaxPool2dGather extends Op {
    private final PoolShapes shapes;

    MaxPool2dGather(PoolShapes shapes) {
        this.shapes = shapes;
    }

    @Override
    public String name() {
        return "maxPool2dGather";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Tensor indices = in[1];
        ctx.save(indices);
        PoolGeometry g = shapes.geometry();
        int[] s = shapes.inputShape();
        Tensor y = Tensor.zeros(x.dtype(), s[0], s[1], g.outH(), g.outW());
        if (x.dtype() == DType.FLOAT32) {
            PoolFloat.maxGather(g, Dense.floats(x), MaxPool2dBackward.floatTaps(indices), y.floatStorage());
        } else {
            PoolDouble.maxGather(g, Dense.doubles(x), MaxPool2dBackward.doubleTaps(indices), y.doubleStorage());
        }
        return y;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new MaxPool2dBackward(shapes).apply(g, ctx.saved()[0]), null};
    }
}
