package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Elementwise;

/**
 * z = a - b with broadcasting. vjp: (sumTo(g, a), sumTo(-g, b)). When g is one value repeated (the expanded seed of
 * {@code sum(z).backward()}) and b is a transposed or channels-last view, -g is formed in b's memory order ({@link
 * Binary#seedOrder}), so that it reaches a leaf behind the view without a transposing copy; in a plain backward,
 * -g is then one value expanded ({@link Binary#expandedSeed}), whatever b's layout.
 */
public final class Sub extends Binary {
    public static final Sub INSTANCE = new Sub();

    /** The factor of the negated seed ({@link Binary#expandedSeed}). */
    private static final Tensor MINUS_ONE = Tensor.scalar(-1.0);

    private Sub() {
        super(Elementwise.Kind.SUB);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        return new Tensor[] {
            ctx.needsInputGrad(0) ? Ops.sumTo(g, s[0]) : null,
            ctx.needsInputGrad(1) ? Ops.sumTo(negated(g, s[1]), s[1]) : null
        };
    }

    /** -g, in the memory order of {@code like} when g is uniform and like fills its storage in another order. */
    private static Tensor negated(Tensor g, Tensor like) {
        Tensor seed = expandedSeed(g, Elementwise.Kind.MUL, MINUS_ONE);
        if (seed != null) {
            return seed;
        }
        int[] order = seedOrder(g, like);
        return order == null ? Ops.neg(g) : fromOrder(Ops.neg(toOrder(g, order)), order);
    }
}
