package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.BroadcastDouble;
import dev.tapegrad.ops.kernels.BroadcastFloat;
import dev.tapegrad.ops.kernels.Elementwise;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;
import dev.tapegrad.ops.kernels.ViewOps;

/**
 * Shared forward of the broadcasting arithmetic ops: dtype rule, NumPy broadcast, one kernel call that
 * reads both inputs' storage in place through their (broadcast) strides; an input that is a transposed,
 * permuted or narrowed view of the output's shape is instead copied into the output block by block at
 * memory speed and combined there in cache ({@link BroadcastFloat#viewBinary}), or, when the other operand is
 * contiguous of that shape, combined with it in registers as the view is read ({@link StridedCopyFloat#map}).
 */
abstract class Binary extends Op {
    private final Elementwise.Kind kind;

    Binary(Elementwise.Kind kind) {
        this.kind = kind;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        if (a.dtype() == b.dtype() && a.sameShape(b) && a.isContiguous() && b.isContiguous()) {
            return dense(ctx, a, b);
        }
        DType dtype = a.dtype() == b.dtype() ? a.dtype() : Tensors.common(name(), a, b);
        Tensor like = a.sameShape(b) ? a : b.hasShape(Shapes.broadcast(name(), a.shape(), b.shape())) ? b : null;
        int[] shape = like != null ? like.shape() : Shapes.broadcast(name(), a.shape(), b.shape());
        ctx.save(a, b);
        Tensor x = Tensors.as(a, dtype);
        Tensor y = Tensors.as(b, dtype);
        int[] xs = Tensors.broadcastStrides(x, shape);
        int[] ys = Tensors.broadcastStrides(y, shape);
        int n = Shapes.numel(shape);
        boolean viewX = strided(x, shape);
        boolean viewY = strided(y, shape);
        if (viewX && viewY) {
            y = dense(y);
            ys = Tensors.broadcastStrides(y, shape);
            viewY = false;
        }
        Tensor view = viewX ? x : y;
        Tensor other = viewX ? y : x;
        if ((viewX || viewY) && other.hasShape(shape) && other.isContiguous()
                && StridedCopyFloat.fuses(view.shape(), view.strides())) {
            int op = ViewOps.binary(kind, viewX);
            if (dtype == DType.FLOAT32) {
                float[] out = new float[n];
                StridedCopyFloat.map(op, view.floatStorage(), view.storageOffset(), shape, view.strides(),
                        other.floatStorage(), other.storageOffset(), out);
                return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
            }
            double[] out = new double[n];
            StridedCopyDouble.map(op, view.doubleStorage(), view.storageOffset(), shape, view.strides(),
                    other.doubleStorage(), other.storageOffset(), out);
            return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
        }
        if (viewX || viewY) {
            if (dtype == DType.FLOAT32) {
                float[] out = new float[n];
                BroadcastFloat.viewBinary(kind, shape, x.floatStorage(), x.storageOffset(), xs, y.floatStorage(), y.storageOffset(), ys, out, viewX);
                return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
            }
            double[] out = new double[n];
            BroadcastDouble.viewBinary(kind, shape, x.doubleStorage(), x.storageOffset(), xs, y.doubleStorage(), y.storageOffset(), ys, out, viewX);
            return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
        }
        if (dtype == DType.FLOAT32) {
            float[] out = new float[n];
            BroadcastFloat.binary(kind, shape, x.floatStorage(), x.storageOffset(), xs, y.floatStorage(), y.storageOffset(), ys, out);
            return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
        }
        double[] out = new double[n];
        BroadcastDouble.binary(kind, shape, x.doubleStorage(), x.storageOffset(), xs, y.doubleStorage(), y.storageOffset(), ys, out);
        return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
    }

    /**
     * The common case, without broadcasting, conversion or strides: one pass, and none of the loop-nest
     * set-up that the general path allocates (which dominates on the tape's small tensors).
     */
    private Tensor dense(Context ctx, Tensor a, Tensor b) {
        ctx.save(a, b);
        if (a.dtype() == DType.FLOAT32) {
            float[] out = new float[a.numel()];
            BroadcastFloat.dense(kind, a.floatStorage(), a.storageOffset(), b.floatStorage(), b.storageOffset(), out);
            return Tensor.wrapLike(a, out);
        }
        double[] out = new double[a.numel()];
        BroadcastDouble.dense(kind, a.doubleStorage(), a.storageOffset(), b.doubleStorage(), b.storageOffset(), out);
        return Tensor.wrapLike(a, out);
    }

    /**
     * True for a view of the whole output shape that is neither contiguous nor expanded (transposed, permuted,
     * narrowed): it is read through the block-wise transposing copy ({@link BroadcastFloat#viewBinary}) rather
     * than with its strides, one short or strided row at a time.
     */
    private static boolean strided(Tensor t, int[] shape) {
        if (!t.hasShape(shape) || t.isContiguous()) {
            return false;
        }
        int[] st = t.strides();
        for (int d = 0; d < shape.length; d++) {
            if (st[d] == 0 && shape[d] > 1) {
                return false;
            }
        }
        return true;
    }

    /** A contiguous copy of a view made with the transposing copy of the kernels (not recorded). */
    private static Tensor dense(Tensor t) {
        if (t.dtype() == DType.FLOAT32) {
            float[] v = new float[t.numel()];
            StridedCopyFloat.copy(t.floatStorage(), t.storageOffset(), t.shape(), t.strides(), v);
            return Tensor.wrap(v, t.shape());
        }
        double[] v = new double[t.numel()];
        StridedCopyDouble.copy(t.doubleStorage(), t.storageOffset(), t.shape(), t.strides(), v);
        return Tensor.wrap(v, t.shape());
    }

    /** A tensor over a fresh array of its own shape, marked as owning it (as {@link Tensor#wrapLike} does). */
    private static Tensor wrapNew(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? Tensor.wrapLike(t, t.floatStorage()) : Tensor.wrapLike(t, t.doubleStorage());
    }
}
