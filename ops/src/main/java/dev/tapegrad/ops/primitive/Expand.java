package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.Arrays;

/**
 * Broadcasts size-1 dims (and new leading dims) to a larger shape as a view with stride 0, like
 * torch.expand; -1 keeps a size. vjp: sumTo(g, input).
 */
public final class Expand extends Op {
    private final int[] target;

    public Expand(int... shape) {
        this.target = shape.clone();
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int[] strides = x.strides();
        int rank = target.length;
        if (rank < shape.length) {
            throw new IllegalArgumentException("expand: target " + Arrays.toString(target)
                    + " has fewer dims than the input " + Shapes.str(shape));
        }
        int[] s = new int[rank];
        int[] st = new int[rank];
        for (int d = 0; d < rank; d++) {
            int src = d - (rank - shape.length);
            int size = target[d];
            if (src < 0) {
                if (size < 0) {
                    throw new IllegalArgumentException("expand: -1 not allowed for new leading dim " + d
                            + " in " + Arrays.toString(target));
                }
                s[d] = size;
                st[d] = 0;
            } else if (size == -1 || size == shape[src]) {
                s[d] = shape[src];
                st[d] = strides[src];
            } else if (shape[src] == 1 && size >= 0) {
                s[d] = size;
                st[d] = 0;
            } else {
                throw new IllegalArgumentException("expand: cannot expand " + Shapes.str(shape) + " to "
                        + Arrays.toString(target) + " (dim " + d + ": " + shape[src] + " -> " + size
                        + "; only size-1 dims expand)");
            }
        }
        ctx.save(x);
        return x.asStrided(s, st, x.storageOffset());
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.sumTo(g, ctx.saved()[0])};
    }
}
