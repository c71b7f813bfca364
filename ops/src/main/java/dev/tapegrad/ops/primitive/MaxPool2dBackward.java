package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.PoolDouble;
import dev.tapegrad.ops.kernels.PoolFloat;
import dev.tapegrad.ops.kernels.PoolGeometry;

/**
 * The input gradient of one max pooling, for its saved argmax: dx = zeros, dx[argmax[i]] += g[i]
 * (linear in g). vjp: {@link MaxPool2dGather}, which reads G at the same argmax positions.
 */
public final class MaxPool2dBackward extends Op {
    private final PoolGeometry geometry;
    private final int[] argmax;
    private final int[] inputShape;

    MaxPool2dBackward(PoolGeometry geometry, int[] argmax, int[] inputShape) {
        this.geometry = geometry;
        this.argmax = argmax;
        this.inputShape = inputShape.clone();
    }

    @Override
    public String name() {
        return "maxPool2dBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor gy = in[0];
        Tensor gx = Tensor.zeros(gy.dtype(), inputShape);
        if (gy.dtype() == DType.FLOAT32) {
            PoolFloat.maxScatter(geometry, gy.floatData(), argmax, gx.floatStorage());
        } else {
            PoolDouble.maxScatter(geometry, gy.doubleData(), argmax, gx.doubleStorage());
        }
        return gx;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new MaxPool2dGather(this).apply(g)};
    }

    PoolGeometry geometry() {
        return geometry;
    }

    int[] argmax() {
        return argmax;
    }

    int[] inputShape() {
        return inputShape;
    }
}
