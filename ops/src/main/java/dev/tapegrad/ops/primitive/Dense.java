package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;

/**
 * Kernel inputs as dense row-major arrays: a tensor's storage itself when it already is one, else one
 * strided copy at memory speed ({@link StridedCopyFloat}), so that a view (expanded, transposed, narrowed,
 * permuted) costs the conv and pool kernels one pass over its elements, not a cliff.
 */
final class Dense {
    private Dense() {}

    /** True when the storage is exactly the row-major values (contiguous, offset 0, no slack). */
    static boolean isDense(Tensor t) {
        int length = t.dtype() == DType.FLOAT32 ? t.floatStorage().length : t.doubleStorage().length;
        return t.isContiguous() && t.storageOffset() == 0 && length == t.numel();
    }

    /** Row-major FLOAT32 values of t, never to be written: its storage when dense, else a copy. */
    static float[] floats(Tensor t) {
        float[] storage = t.floatStorage();
        if (isDense(t)) {
            return storage;
        }
        float[] out = new float[t.numel()];
        StridedCopyFloat.copy(storage, t.storageOffset(), t.shape(), t.strides(), out);
        return out;
    }

    /** Row-major FLOAT64 values of t; see {@link #floats}. */
    static double[] doubles(Tensor t) {
        double[] storage = t.doubleStorage();
        if (isDense(t)) {
            return storage;
        }
        double[] out = new double[t.numel()];
        StridedCopyDouble.copy(storage, t.storageOffset(), t.shape(), t.strides(), out);
        return out;
    }

    /** t itself when contiguous, else {@link #copy}(t). */
    static Tensor contiguous(Tensor t) {
        return t.isContiguous() ? t : copy(t);
    }

    /** A new dense row-major tensor of t's values, no tape history, copied by {@link StridedCopyFloat}. */
    static Tensor copy(Tensor t) {
        if (t.dtype() == DType.FLOAT32) {
            float[] out = new float[t.numel()];
            StridedCopyFloat.copy(t.floatStorage(), t.storageOffset(), t.shape(), t.strides(), out);
            return Tensor.wrapLike(t, out);
        }
        double[] out = new double[t.numel()];
        StridedCopyDouble.copy(t.doubleStorage(), t.storageOffset(), t.shape(), t.strides(), out);
        return Tensor.wrapLike(t, out);
    }

    /**
     * An incoming gradient that several kernels will read, made dense once: a view that needs no gradient
     * of its own (the usual first-order backward, e.g. the expanded seed of {@code sum(y).backward()}) is
     * replaced by a dense copy of its values; anything else is returned as is, so that a gradient taking
     * part in a higher-order graph keeps its history.
     */
    static Tensor gradient(Tensor g) {
        if (g.requiresGrad() || isDense(g)) {
            return g;
        }
        return g.dtype() == DType.FLOAT32 ? Tensor.wrapLike(g, floats(g)) : Tensor.wrapLike(g, doubles(g));
    }
}
