package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * y = a where condition is nonzero, else b, all three broadcast together (torch.where; a NaN condition
 * counts as nonzero). vjp: g·m summed to a's shape and g·(1 - m) to b's, m the constant 0/1 mask; none
 * to the condition.
 */
public final class Where extends Op {
    public static final Where INSTANCE = new Where();

    private Where() {}

    @Override
    public String name() {
        return "where";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor c = in[0];
        Tensor a = in[1];
        Tensor b = in[2];
        DType dtype = Tensors.common(name(), a, b);
        int[] shape = Shapes.broadcast(name(), Shapes.broadcast(name(), c.shape(), a.shape()), b.shape());
        double[] cv = Broadcasts.values(c, shape);
        double[] av = Broadcasts.values(a, shape);
        double[] bv = Broadcasts.values(b, shape);
        double[] mask = new double[cv.length];
        for (int i = 0; i < cv.length; i++) {
            boolean pick = cv[i] != 0.0;
            mask[i] = pick ? 1.0 : 0.0;
            av[i] = pick ? av[i] : bv[i];
        }
        ctx.save(a, b, Broadcasts.tensor(mask, shape, dtype));
        return Broadcasts.tensor(av, shape, dtype);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        Tensor mask = s[2];
        Tensor[] grads = new Tensor[3];
        if (ctx.needsInputGrad(1)) {
            grads[1] = Ops.sumTo(Ops.mul(g, mask), s[0]);
        }
        if (ctx.needsInputGrad(2)) {
            grads[2] = Ops.sumTo(Ops.mul(g, Ops.sub(Tensor.scalar(1.0), mask)), s[1]);
        }
        return grads;
    }
}
