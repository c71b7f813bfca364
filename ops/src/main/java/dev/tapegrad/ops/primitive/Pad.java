package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.Arrays;

/**
 * Constant padding in torch.nn.functional.pad's order: pads = {last dim before, last dim after, second to
 * last before, ...}; dims not mentioned are left alone, a negative pad crops. The overlap of input and
 * output is copied one row segment at a time. vjp: pad(g, -pads, 0): the crop undoes the padding and the
 * zero padding undoes the crop.
 */
public final class Pad extends Op {
    private final int[] pads;
    private final double value;

    public Pad(int[] pads, double value) {
        this.pads = pads.clone();
        this.value = value;
    }

    @Override
    public String name() {
        return "pad";
    }

    /** Full-length pads for a rank-{@code rank} tensor that pad only dim {@code d} by (before, after). */
    static int[] along(int rank, int d, int before, int after) {
        int[] p = new int[2 * rank];
        int k = rank - 1 - d;
        p[2 * k] = before;
        p[2 * k + 1] = after;
        return p;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int rank = shape.length;
        if (pads.length % 2 != 0 || pads.length > 2 * rank) {
            throw new IllegalArgumentException("pad: pads " + Arrays.toString(pads) + " must hold a (before, after)"
                    + " pair per padded dim, at most " + rank + " pairs for shape " + Shapes.str(shape));
        }
        int[] lo = new int[rank];
        int[] outShape = shape.clone();
        for (int k = 0; k < pads.length / 2; k++) {
            int d = rank - 1 - k;
            lo[d] = pads[2 * k];
            outShape[d] = shape[d] + pads[2 * k] + pads[2 * k + 1];
            if (outShape[d] < 0) {
                throw new IllegalArgumentException("pad: pads " + Arrays.toString(pads) + " give dim " + d
                        + " of shape " + Shapes.str(shape) + " the negative size " + outShape[d]);
            }
        }
        ctx.saveExtra(pads);
        Tensor out = Tensor.full(value, x.dtype(), outShape);
        Object src = x.dtype() == DType.FLOAT32 ? Dense.floats(x) : Dense.doubles(x);
        Object dst = x.dtype() == DType.FLOAT32 ? out.floatStorage() : out.doubleStorage();
        copyOverlap(src, shape, dst, outShape, lo);
        return out;
    }

    /**
     * Copies the elements of dense src (shape {@code in}) to dense dst (shape {@code out}) shifted by
     * {@code lo} per dim, where both exist: one arraycopy per row of the last dim.
     */
    static void copyOverlap(Object src, int[] in, Object dst, int[] out, int[] lo) {
        int rank = in.length;
        if (rank == 0) {
            System.arraycopy(src, 0, dst, 0, 1);
            return;
        }
        int[] first = new int[rank];
        int[] count = new int[rank];
        for (int d = 0; d < rank; d++) {
            first[d] = Math.max(0, lo[d]);
            int end = Math.min(out[d], in[d] + lo[d]);
            count[d] = end - first[d];
            if (count[d] <= 0) {
                return;
            }
        }
        int[] inStrides = Shapes.contiguousStrides(in);
        int[] outStrides = Shapes.contiguousStrides(out);
        int last = rank - 1;
        int run = count[last];
        int[] idx = new int[rank];
        while (true) {
            int s = 0;
            int t = 0;
            for (int d = 0; d < rank; d++) {
                int o = first[d] + idx[d];
                t += o * outStrides[d];
                s += (o - lo[d]) * inStrides[d];
            }
            System.arraycopy(src, s, dst, t, run);
            int d = last - 1;
            while (d >= 0 && ++idx[d] == count[d]) {
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        int[] p = ctx.extra(int[].class);
        int[] neg = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            neg[i] = -p[i];
        }
        return new Tensor[] {Ops.pad(g, neg, 0.0)};
    }
}
