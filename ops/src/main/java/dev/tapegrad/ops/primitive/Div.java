package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Elementwise;

/** z = a / b with broadcasting (IEEE: x/0 is ±inf or NaN). vjp: (sumTo(g/b, a), sumTo(-g*a/b², b)). */
public final class Div extends Binary {
    public static final Div INSTANCE = new Div();

    private Div() {
        super(Elementwise.Kind.DIV);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        Tensor a = s[0];
        Tensor b = s[1];
        Tensor gOverB = Ops.div(g, b);
        return new Tensor[] {
            ctx.needsInputGrad(0) ? Ops.sumTo(gOverB, a) : null,
            ctx.needsInputGrad(1) ? Ops.sumTo(Ops.neg(Ops.div(Ops.mul(gOverB, a), b)), b) : null
        };
    }
}
