package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.Arrays;

/**
 * Same elements in row-major order under a new shape (one -1 is inferred). A view when the input is
 * contiguous, else a copy. vjp: reshape(g, input shape).
 */
public final class Reshape extends Op {
    private final int[] requested;

    public Reshape(int... shape) {
        this.requested = shape.clone();
    }

    /** Resolves one -1 and checks the element count, naming the op and both shapes. */
    static int[] resolve(String op, int[] from, int[] to) {
        int n = Shapes.numel(from);
        int[] shape = to.clone();
        int infer = -1;
        long known = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dim can be -1, got " + Arrays.toString(to));
                }
                infer = d;
            } else if (shape[d] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + shape[d] + " in " + Arrays.toString(to));
            } else {
                known *= shape[d];
            }
        }
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(from) + " (" + n
                        + " elements) to " + Arrays.toString(to));
            }
            shape[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(from) + " (" + n
                    + " elements) to " + Arrays.toString(to) + " (" + known + " elements)");
        }
        return shape;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = resolve("reshape", x.shape(), requested);
        ctx.saveExtra(x.shape());
        Tensor c = x.contiguous();
        return c.asStrided(shape, Shapes.contiguousStrides(shape), c.storageOffset());
    }

    /** The vjp is a view of g and keeps nothing: an owned gradient passes through without a copy. */
    @Override
    protected boolean vjpHandsOnGradient() {
        return true;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.reshape(g, ctx.extra(int[].class))};
    }
}
