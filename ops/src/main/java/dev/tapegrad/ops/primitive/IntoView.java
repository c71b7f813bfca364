package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Elementwise;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;
import dev.tapegrad.ops.kernels.ViewOps;

/**
 * Pointwise outputs written into the place the engine offers during backward ({@link Context#claimOutput}): a
 * view of the zero-padded gradient of a narrowed or selected tensor, so that the gradient of an op applied to
 * a narrow or select lands in its input's gradient without a separate pad (a zeroed full-size buffer and a
 * copy). Each element is the same single IEEE operation as in the op's own kernels, so the same bits. Operands
 * are read through their (broadcast) strides one stride-1 or repeated row at a time ({@link
 * StridedCopyFloat#mapInto}); ops ask only for operands whose rows are so.
 */
final class IntoView {
    private IntoView() {}

    /**
     * a ∘ b written into the offered view when there is one for an output of a's (or b's) shape, both operands
     * read in rows ({@link Tensors#rowsInPlace}) and of the output's dtype or 0-d; else null (and nothing claimed).
     */
    static Tensor binary(Context ctx, Elementwise.Kind kind, Tensor a, Tensor b) {
        if (!ctx.offersOutput()) {
            return null;
        }
        Tensor like = a.rank() >= b.rank() ? a : b;
        DType dtype = like.dtype();
        if ((a.dtype() != dtype && a.rank() != 0) || (b.dtype() != dtype && b.rank() != 0)
                || !Tensors.rowsInPlace(a) || !Tensors.rowsInPlace(b)) {
            return null;
        }
        int[] shape = like.shape();
        if (!broadcastsTo(a, shape) || !broadcastsTo(b, shape)) {
            return null;
        }
        Tensor into = ctx.claimOutput(like);
        if (into == null) {
            return null;
        }
        ctx.save(a, b);
        Tensor x = Tensors.as(a, dtype);
        Tensor y = Tensors.as(b, dtype);
        int op = ViewOps.binary(kind, true);
        int[] xs = Tensors.broadcastStrides(x, shape);
        int[] ys = Tensors.broadcastStrides(y, shape);
        if (dtype == DType.FLOAT32) {
            StridedCopyFloat.mapInto(op, x.floatStorage(), x.storageOffset(), shape, xs, y.floatStorage(),
                    y.storageOffset(), ys, into.floatStorage(), into.storageOffset(), into.strides());
        } else {
            StridedCopyDouble.mapInto(op, x.doubleStorage(), x.storageOffset(), shape, xs, y.doubleStorage(),
                    y.storageOffset(), ys, into.doubleStorage(), into.storageOffset(), into.strides());
        }
        return into;
    }

    /** relu's input gradient g·[y > 0] written through the strides of {@code into}. */
    static Tensor mask(Tensor into, Tensor g, Tensor y) {
        if (g.dtype() == DType.FLOAT32) {
            StridedCopyFloat.mapInto(ViewOps.MASK, g.floatStorage(), g.storageOffset(), g.shape(), g.strides(),
                    y.floatStorage(), y.storageOffset(), y.strides(), into.floatStorage(), into.storageOffset(),
                    into.strides());
        } else {
            StridedCopyDouble.mapInto(ViewOps.MASK, g.doubleStorage(), g.storageOffset(), g.shape(), g.strides(),
                    y.doubleStorage(), y.storageOffset(), y.strides(), into.doubleStorage(), into.storageOffset(),
                    into.strides());
        }
        return into;
    }

    /** True when t broadcasts to shape (NumPy rules). */
    private static boolean broadcastsTo(Tensor t, int[] shape) {
        int[] s = t.shape();
        if (s.length > shape.length) {
            return false;
        }
        for (int d = 0; d < s.length; d++) {
            int o = shape[shape.length - s.length + d];
            if (s[d] != o && s[d] != 1) {
                return false;
            }
        }
        return true;
    }
}
