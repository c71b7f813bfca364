package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * Elementwise maximum or minimum of two broadcast tensors (torch.maximum / torch.minimum; NaN wins). vjp:
 * g·m_a and g·m_b summed back to each input's shape, with m_a = 1 where a wins, 1/2 on a tie, 0 otherwise
 * (PyTorch splits a tie evenly), m_b = 1 - m_a; the masks are constants, so higher derivatives are 0.
 */
public final class Extremum extends Op {
    private final boolean max;

    public Extremum(boolean max) {
        this.max = max;
    }

    @Override
    public String name() {
        return max ? "maximum" : "minimum";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        DType dtype = Tensors.common(name(), a, b);
        int[] shape = Shapes.broadcast(name(), a.shape(), b.shape());
        double[] av = Broadcasts.values(a, shape);
        double[] bv = Broadcasts.values(b, shape);
        double[] out = new double[av.length];
        double[] mask = new double[av.length];
        for (int i = 0; i < out.length; i++) {
            double x = av[i];
            double y = bv[i];
            if (Double.isNaN(x) || Double.isNaN(y)) {
                out[i] = x + y;
                mask[i] = Double.isNaN(x) ? 1.0 : 0.0;
            } else if (x == y) {
                out[i] = x;
                mask[i] = 0.5;
            } else {
                boolean aWins = max ? x > y : x < y;
                out[i] = aWins ? x : y;
                mask[i] = aWins ? 1.0 : 0.0;
            }
        }
        ctx.save(a, b, Broadcasts.tensor(mask, shape, dtype));
        return Broadcasts.tensor(out, shape, dtype);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        Tensor mask = s[2];
        Tensor[] grads = new Tensor[2];
        if (ctx.needsInputGrad(0)) {
            grads[0] = Ops.sumTo(Ops.mul(g, mask), s[0]);
        }
        if (ctx.needsInputGrad(1)) {
            grads[1] = Ops.sumTo(Ops.mul(g, Ops.sub(Tensor.scalar(1.0), mask)), s[1]);
        }
        return grads;
    }
}
