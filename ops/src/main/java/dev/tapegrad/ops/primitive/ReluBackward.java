package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Elementwise;

/**
 * relu's input gradient in one pass: dx = g where y > 0, else 0 ({@code threshold_backward} in PyTorch).
 * Linear in g, so its vjp is itself applied to the incoming gradient; the mask [y > 0] is piecewise
 * constant, so nothing flows to y.
 */
final class ReluBackward extends Op {
    static final ReluBackward INSTANCE = new ReluBackward();

    private ReluBackward() {}

    @Override
    public String name() {
        return "reluBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        Tensor y = in[1];
        ctx.save(y);
        Tensor out = Tensor.zeros(g.dtype(), g.shape());
        if (g.dtype() == DType.FLOAT32) {
            Elementwise.maskPositive(g.floatData(), y.floatData(), out.floatStorage());
        } else {
            Elementwise.maskPositive(g.doubleData(), y.doubleData(), out.doubleStorage());
        }
        return out;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gg) {
        Tensor[] grads = new Tensor[2];
        if (ctx.needsInputGrad(0)) {
            grads[0] = apply(gg, ctx.saved()[0]);
        }
        return grads;
    }
}
