package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Elementwise;

/**
 * z = a / b with broadcasting (IEEE: x/0 is ±inf or NaN). vjp: (sumTo(g/b, a), sumTo(-g*a/b², b)). When g is one
 * value repeated (the expanded seed of {@code sum(z).backward()}) and a is a transposed or channels-last view, g/b is
 * formed in a's memory order ({@link Binary#seedOrder}), and with it both gradients: a's reaches a leaf behind the
 * view without a transposing copy, and b's products run over a's storage in order; against a one-element b, g/b is
 * that one value expanded ({@link Binary#expandedSeed}).
 */
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
        int[] order = seedOrder(g, a);
        Tensor gOverB = expandedSeed(g, Elementwise.Kind.DIV, b);
        if (gOverB == null) {
            gOverB = order == null || b.rank() > g.rank() || b.dtype() != g.dtype()
                    ? Ops.div(g, b)
                    : fromOrder(Ops.div(toOrder(g, order), toOrder(b, order)), order);
        }
        return new Tensor[] {
            ctx.needsInputGrad(0) ? Ops.sumTo(gOverB, a) : null,
            ctx.needsInputGrad(1) ? Ops.sumTo(Ops.neg(Ops.div(Ops.mul(gOverB, a), b)), b) : null
        };
    }
}
