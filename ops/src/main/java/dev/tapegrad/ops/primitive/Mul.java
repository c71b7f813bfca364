package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Elementwise;
import java.util.Arrays;

/**
 * z = a * b with broadcasting. vjp: (sumTo(g*b, a), sumTo(g*a, b)). When g is one value repeated (the expanded
 * seed of {@code sum(z).backward()}) and the input whose gradient is formed fills its storage in another order
 * of the dims (a transposed or channels-last view), g*b is formed in that input's memory order, so that the
 * gradient has the input's strides and reaches a leaf behind the view without a transposing copy.
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
        int[] order = uniform(g) && like.sameShape(g) ? MemoryOrder.of(like) : null;
        if (order == null || other.rank() > g.rank()) {
            return Ops.mul(g, other);
        }
        int rank = g.rank();
        int[] full = new int[rank];
        Arrays.fill(full, 1);
        other = Tensors.as(other, g.dtype());   // a 0-d operand (mul by a constant) takes g's dtype before reshaping
        int[] os = other.shape();
        System.arraycopy(os, 0, full, rank - os.length, os.length);
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[order[i]] = i;
        }
        Tensor product = Ops.mul(Ops.permute(g, order), Ops.permute(Ops.reshape(other, full), order));
        return Ops.permute(product, inverse);
    }

    /** True when every dim of g longer than 1 has stride 0 (one value repeated). */
    private static boolean uniform(Tensor g) {
        int[] shape = g.shape();
        int[] strides = g.strides();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1 && strides[d] != 0) {
                return false;
            }
        }
        return g.numel() > 1;
    }
}
