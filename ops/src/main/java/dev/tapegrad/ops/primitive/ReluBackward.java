package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Elementwise;

/**
 * The input gradient of one relu for its saved output y: dx = g·[y > 0] (linear in g; the mask is a
 * constant, subgradient 0 at y = 0, as PyTorch). One pass instead of building the mask and multiplying.
 * vjp: the same masking of the incoming gradient.
 */
final class ReluBackward extends Op {
    private final Tensor y;

    ReluBackward(Tensor y) {
        this.y = y;
    }

    @Override
    public String name() {
        return "reluBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        Tensor dx = Tensor.zerosLike(y);
        if (y.dtype() == DType.FLOAT32) {
            Elementwise.reluBackward(g.floatData(), y.floatData(), dx.floatStorage());
        } else {
            Elementwise.reluBackward(g.doubleData(), y.doubleData(), dx.doubleStorage());
        }
        return dx;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gg) {
        return new Tensor[] {apply(gg)};
    }
}
