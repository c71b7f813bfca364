package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * Joins tensors along a dim: {@code cat} along an existing dim (sizes there may differ, all others must
 * match) or {@code stack} along a new dim (all shapes equal). One block copy per input per outer index.
 * vjp: input i gets narrow(g, dim, start_i, size_i) (cat) or select(g, dim, i) (stack), both views.
 */
public final class Cat extends Op {
    private final int dim;
    private final boolean stack;

    public Cat(int dim, boolean stack) {
        this.dim = dim;
        this.stack = stack;
    }

    @Override
    public String name() {
        return stack ? "stack" : "cat";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        if (in.length == 0) {
            throw new IllegalArgumentException(name() + ": expected at least one tensor, got none");
        }
        Tensor first = in[0];
        int rank = first.rank();
        if (!stack && rank == 0) {
            throw new IllegalArgumentException("cat: zero-dimensional tensors cannot be concatenated (input 0 has shape [])");
        }
        int d = Shapes.dim(name(), dim, stack ? rank + 1 : rank);
        int[] base = first.shape();
        int[] sizes = new int[in.length];
        int total = 0;
        for (int i = 0; i < in.length; i++) {
            Tensor t = in[i];
            if (t == null) {
                throw new IllegalArgumentException(name() + ": input " + i + " is null");
            }
            if (t.dtype() != first.dtype()) {
                throw new IllegalArgumentException(name() + ": inputs have different dtypes, input 0 is "
                        + first.dtype() + Shapes.str(base) + " and input " + i + " is " + t.dtype()
                        + Shapes.str(t.shape()) + "; convert one with Ops.cast");
            }
            int[] s = t.shape();
            if (!matches(base, s, d)) {
                throw new IllegalArgumentException(name() + ": input " + i + " has shape " + Shapes.str(s)
                        + " but input 0 has shape " + Shapes.str(base) + (stack ? "; stack needs equal shapes"
                        : "; sizes must match in every dim except dim " + dim));
            }
            sizes[i] = stack ? 1 : s[d];
            total += sizes[i];
        }
        int[] outShape = new int[stack ? rank + 1 : rank];
        for (int k = 0, j = 0; k < outShape.length; k++) {
            if (k == d) {
                outShape[k] = total;
                if (!stack) {
                    j++;
                }
            } else {
                outShape[k] = base[j++];
            }
        }
        int outer = 1;
        for (int k = 0; k < d; k++) {
            outer *= outShape[k];
        }
        int inner = 1;
        for (int k = d + 1; k < outShape.length; k++) {
            inner *= outShape[k];
        }
        Tensor out = Tensor.zeros(first.dtype(), outShape);
        Object dst = first.dtype() == DType.FLOAT32 ? out.floatStorage() : out.doubleStorage();
        int start = 0;
        for (int i = 0; i < in.length; i++) {
            Object src = first.dtype() == DType.FLOAT32 ? in[i].floatData() : in[i].doubleData();
            copyBlocks(src, sizes[i] * inner, dst, total * inner, start * inner, outer);
            start += sizes[i];
        }
        ctx.saveExtra(sizes);
        return out;
    }

    /** Whether s matches base in every dim but the joined one (cat) or in every dim (stack). */
    private boolean matches(int[] base, int[] s, int d) {
        if (s.length != base.length) {
            return false;
        }
        for (int k = 0; k < s.length; k++) {
            if (s[k] != base[k] && (stack || k != d)) {
                return false;
            }
        }
        return true;
    }

    /** Copies {@code outer} blocks of {@code block} elements from dense src into dst rows of {@code row} at {@code at}. */
    static void copyBlocks(Object src, int block, Object dst, int row, int at, int outer) {
        if (block == 0) {
            return;
        }
        for (int o = 0; o < outer; o++) {
            System.arraycopy(src, o * block, dst, o * row + at, block);
        }
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        int[] sizes = ctx.extra(int[].class);
        Tensor[] grads = new Tensor[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (ctx.needsInputGrad(i)) {
                grads[i] = stack ? Ops.select(g, dim, i) : Ops.narrow(g, dim, start, sizes[i]);
            }
            start += sizes[i];
        }
        return grads;
    }
}
