package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Elementwise;

/**
 * z = a * b with broadcasting. vjp: (sumTo(g*b, a), sumTo(g*a, b)). When g is one value repeated (the expanded
 * seed of {@code sum(z).backward()}) and the input whose gradient is formed fills its storage in another order
 * of the dims (a transposed or channels-last view), g*b is formed in that input's memory order, so that the
 * gradient has the input's strides and reaches a leaf behind the view without a transposing copy ({@link
 * Binary#seedOrder}); against a one-element factor, g*b is that one value expanded ({@link Binary#expandedSeed}).
 */
public final class Mul extends Binary {
    public static final Mul INSTANCE = new Mul();

    private Mul() {
        super(Elementwise.Kind.MUL);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        return new Tensor[] {
            ctx.needsInputGrad(0) ? Ops.sumTo(times(g, s[1], s[0]), s[0]) : null,
            ctx.needsInputGrad(1) ? Ops.sumTo(times(g, s[0], s[1]), s[1]) : null
        };
    }

    /** g * other, in the memory order of {@code like} when g is uniform and like fills its storage in another order. */
    private static Tensor times(Tensor g, Tensor other, Tensor like) {
        Tensor seed = expandedSeed(g, Elementwise.Kind.MUL, other);
        if (seed != null) {
            return seed;
        }
        int[] order = seedOrder(g, like);
        if (order == null || other.rank() > g.rank() || other.dtype() != g.dtype()) {
            return Ops.mul(g, other);   // (a 0-d constant of another dtype broadcasts only while it is 0-d)
        }
        return fromOrder(Ops.mul(toOrder(g, order), toOrder(other, order)), order);
    }
}
