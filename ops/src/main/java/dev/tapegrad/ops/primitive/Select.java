package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * The slice at one index of one dim, with that dim removed: a view (torch.select; a negative index counts
 * from the end). vjp: g given back the dim (size 1) and padded with zeros to x's size along it.
 */
public final class Select extends Op {
    private final int dim;
    private final int index;

    public Select(int dim, int index) {
        this.dim = dim;
        this.index = index;
    }

    @Override
    public String name() {
        return "select";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        if (shape.length == 0) {
            throw new IllegalArgumentException("select: cannot select from a zero-dimensional tensor");
        }
        int d = Shapes.dim("select", dim, shape.length);
        int size = shape[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dim " + dim
                    + " of size " + size + " (shape " + Shapes.str(shape) + ")");
        }
        int[] kept = shape.clone();
        kept[d] = 1;
        ctx.saveExtra(new int[][] {kept, {d, i, size - i - 1}});
        return view(x, d, i);
    }

    /** The slice of x at index i of dim d, that dim removed, over x's storage. */
    private static Tensor view(Tensor x, int d, int i) {
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] outShape = new int[shape.length - 1];
        int[] outStrides = new int[shape.length - 1];
        for (int k = 0, o = 0; k < shape.length; k++) {
            if (k != d) {
                outShape[o] = shape[k];
                outStrides[o++] = strides[k];
            }
        }
        return x.asStrided(outShape, outStrides, x.storageOffset() + i * strides[d]);
    }

    /** The same slice of base: x's gradient is zeros with the output's gradient in this view. */
    @Override
    protected Tensor viewOf(Context ctx, Tensor base) {
        int[] e = ctx.extra(int[][].class)[1];
        return view(base, e[0], e[1]);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        int[][] e = ctx.extra(int[][].class);
        int[] kept = e[0];
        return new Tensor[] {Ops.pad(Ops.reshape(g, kept), Pad.along(kept.length, e[1][0], e[1][1], e[1][2]), 0.0)};
    }
}
