package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * x restricted to [start, start + length) along one dim, a view sharing x's storage (torch.narrow; a
 * negative start counts from the end). vjp: g padded with zeros back to x's size along that dim.
 */
public final class Narrow extends Op {
    private final int dim;
    private final int start;
    private final int length;

    public Narrow(int dim, int start, int length) {
        this.dim = dim;
        this.start = start;
        this.length = length;
    }

    @Override
    public String name() {
        return "narrow";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        if (shape.length == 0) {
            throw new IllegalArgumentException("narrow: cannot narrow a zero-dimensional tensor");
        }
        int d = Shapes.dim("narrow", dim, shape.length);
        int size = shape[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || s > size || length < 0 || s + length > size) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length
                    + " are out of range for dim " + dim + " of size " + size + " (shape " + Shapes.str(shape)
                    + "; expected 0 <= start <= start + length <= " + size + ")");
        }
        ctx.saveExtra(new int[] {d, s, size - s - length, shape.length});
        return view(x, d, s, length);
    }

    /** x restricted to [s, s + length) along dim d, over x's storage. */
    private static Tensor view(Tensor x, int d, int s, int length) {
        int[] strides = x.strides();
        int[] outShape = x.shape();
        outShape[d] = length;
        return x.asStrided(outShape, strides, x.storageOffset() + (length == 0 ? 0 : s * strides[d]));
    }

    /** The same narrowing of base: x's gradient is zeros with the output's gradient in this view. */
    @Override
    protected Tensor viewOf(Context ctx, Tensor base) {
        int[] e = ctx.extra(int[].class);
        return view(base, e[0], e[1], base.size(e[0]) - e[1] - e[2]);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        int[] e = ctx.extra(int[].class);
        return new Tensor[] {Ops.pad(g, Pad.along(e[3], e[0], e[1], e[2]), 0.0)};
    }
}
