package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.Arrays;

/** Reorders dims (a view): out dim i is input dim perm[i]. vjp: permute(g, inverse perm). */
public final class Permute extends Op {
    private final int[] perm;

    public Permute(int... perm) {
        this.perm = perm.clone();
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int rank = x.rank();
        if (perm.length != rank) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " has " + perm.length
                    + " dims for a tensor of shape " + Shapes.str(x.shape()));
        }
        int[] p = new int[rank];
        boolean[] used = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = Shapes.dim("permute", perm[i], rank);
            if (used[p[i]]) {
                throw new IllegalArgumentException("permute: dim " + perm[i] + " repeats in " + Arrays.toString(perm));
            }
            used[p[i]] = true;
        }
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] s = new int[rank];
        int[] st = new int[rank];
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = shape[p[i]];
            st[i] = strides[p[i]];
            inverse[p[i]] = i;
        }
        ctx.saveExtra(inverse);
        return x.asStrided(s, st, x.storageOffset());
    }

    /** The vjp is a view of g and keeps nothing: an owned gradient passes through without a copy. */
    @Override
    protected boolean vjpHandsOnGradient() {
        return true;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.permute(g, ctx.extra(int[].class))};
    }
}
