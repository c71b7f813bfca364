package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;
import java.util.Arrays;

/**
 * Constant padding in torch.nn.functional.pad's order: pads = {last dim before, last dim after, second to
 * last before, ...}; dims not mentioned are left alone, a negative pad crops. The overlap of input and
 * output is copied one row at a time straight from the input's storage into a zeroed (or filled) output.
 * vjp: pad(g, -pads, 0): the crop undoes the padding and the zero padding undoes the crop.
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
        Tensor out = value == 0 ? Tensor.zeros(x.dtype(), outShape) : Tensor.full(value, x.dtype(), outShape);
        copyOverlap(x, out, lo);
        return out;
    }

    /**
     * Copies the elements of x to the dense out shifted by {@code lo} per dim, where both exist, straight from
     * x's storage (one arraycopy or fill per row of the overlap): a contiguous, narrowed or expanded x is read in
     * place; one whose innermost dim is strided (a transpose) is made dense first.
     */
    private static void copyOverlap(Tensor x, Tensor out, int[] lo) {
        int[] in = x.shape();
        int[] outShape = out.shape();
        int rank = in.length;
        int[] count = new int[rank];
        int srcOffset = 0;
        int dstOffset = 0;
        Tensor src = Tensors.rowsInPlace(x) ? x : Dense.copy(x);
        int[] srcStrides = src.strides();
        int[] outStrides = out.strides();
        for (int d = 0; d < rank; d++) {
            int first = Math.max(0, lo[d]);
            count[d] = Math.min(outShape[d], in[d] + lo[d]) - first;
            if (count[d] <= 0) {
                return;
            }
            srcOffset += (first - lo[d]) * srcStrides[d];
            dstOffset += first * outStrides[d];
        }
        srcOffset += src.storageOffset();
        if (x.dtype() == DType.FLOAT32) {
            StridedCopyFloat.copyInto(src.floatStorage(), srcOffset, count, srcStrides, out.floatStorage(),
                    dstOffset, outStrides);
        } else {
            StridedCopyDouble.copyInto(src.doubleStorage(), srcOffset, count, srcStrides, out.doubleStorage(),
                    dstOffset, outStrides);
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
