package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * Picks one entry per row: y[i] = x[i, labels[i]] for x of shape [N, C], y of shape [N] (the gather of a
 * negative log-likelihood). vjp: scatterLabels(g, labels, C), a linear map whose own vjp is this op, so
 * every order of derivative exists.
 */
public final class GatherLabels extends Op {
    private final int[] labels;

    public GatherLabels(int[] labels) {
        this.labels = labels.clone();
    }

    /** Throws naming the index and value of the first label outside [0, classes). */
    public static void checkLabels(String op, int[] labels, int rows, int classes) {
        if (labels.length != rows) {
            throw new IllegalArgumentException(op + ": " + labels.length + " labels for " + rows + " rows");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(op + ": label at index " + i + " is " + labels[i]
                        + ", outside [0, " + classes + ")");
            }
        }
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (x.rank() != 2) {
            throw new IllegalArgumentException("gatherLabels: expected input [N, C], got " + Shapes.str(x.shape()));
        }
        int n = x.size(0);
        int c = x.size(1);
        checkLabels("gatherLabels", labels, n, c);
        ctx.saveExtra(c);
        Tensor out = Tensor.zeros(x.dtype(), n);
        if (x.dtype() == DType.FLOAT32) {
            gather(Dense.floats(x), c, labels, out.floatStorage());
        } else {
            gather(Dense.doubles(x), c, labels, out.doubleStorage());
        }
        return out;
    }

    static void gather(float[] x, int c, int[] labels, float[] out) {
        for (int i = 0; i < labels.length; i++) {
            out[i] = x[i * c + labels[i]];
        }
    }

    static void gather(double[] x, int c, int[] labels, double[] out) {
        for (int i = 0; i < labels.length; i++) {
            out[i] = x[i * c + labels[i]];
        }
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.scatterLabels(g, labels, ctx.extra(Integer.class))};
    }
}
