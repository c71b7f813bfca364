package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Elementwise;

/** z = a * b with broadcasting. vjp: (sumTo(g*b, a), sumTo(g*a, b)). */
public final class Mul extends Binary {
    public static final Mul INSTANCE = new Mul();

    private Mul() {
        super(Elementwise.Kind.MUL);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        return new Tensor[] {
            ctx.needsInputGrad(0) ? Ops.sumTo(Ops.mul(g, s[1]), s[0]) : null,
            ctx.needsInputGrad(1) ? Ops.sumTo(Ops.mul(g, s[0]), s[1]) : null
        };
    }
}
