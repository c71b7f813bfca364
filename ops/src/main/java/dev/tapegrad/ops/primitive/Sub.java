package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Elementwise;

/** z = a - b with broadcasting. vjp: (sumTo(g, a), sumTo(-g, b)). */
public final class Sub extends Binary {
    public static final Sub INSTANCE = new Sub();

    private Sub() {
        super(Elementwise.Kind.SUB);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        return new Tensor[] {
            ctx.needsInputGrad(0) ? Ops.sumTo(g, s[0]) : null,
            ctx.needsInputGrad(1) ? Ops.sumTo(Ops.neg(g), s[1]) : null
        };
    }
}
