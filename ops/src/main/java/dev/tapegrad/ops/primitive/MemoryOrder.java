package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;

/**
 * The memory order of a tensor that fills its storage densely in some order of its dims (a transpose or
 * permute of a dense tensor: PyTorch's "non-overlapping and dense"). A pointwise op on such a tensor runs over
 * the storage in memory order, as on a contiguous one, and gives its output the same strides, as PyTorch's
 * TensorIterator does: {@code relu(x.t())} is then one pass at memory speed, and its output is transposed too.
 *
 * <p>The order lists the dims from the largest stride to the smallest (dims of size 1 first, in their own
 * order), so that {@code permute(shape, order)} is the shape of the storage read row-major.
 */
final class MemoryOrder {
    private MemoryOrder() {}

    /**
     * The dims of t from outermost to innermost in memory, or null when t is contiguous, has an offset or
     * slack in its storage, overlaps itself or has gaps (expanded and narrowed views).
     */
    static int[] of(Tensor t) {
        int length = t.dtype() == DType.FLOAT32 ? t.floatStorage().length : t.doubleStorage().length;
        if (t.isContiguous() || t.storageOffset() != 0 || length != t.numel() || t.numel() == 0) {
            return null;
        }
        int[] shape = t.shape();
        int[] strides = t.strides();
        int rank = shape.length;
        Integer[] dims = new Integer[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = d;
        }
        java.util.Arrays.sort(dims, (p, q) -> {
            boolean unitP = shape[p] == 1;
            boolean unitQ = shape[q] == 1;
            if (unitP || unitQ) {
                return unitP == unitQ ? Integer.compare(p, q) : unitP ? -1 : 1;
            }
            return Integer.compare(strides[q], strides[p]);
        });
        int[] order = new int[rank];
        int expected = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int d = dims[i];
            order[i] = d;
            if (shape[d] == 1) {
                continue;
            }
            if (strides[d] != expected) {
                return null;
            }
            expected *= shape[d];
        }
        return order;
    }

    /** True when a and b have the same shape and the same strides on every dim longer than 1. */
    static boolean sameLayout(Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            return false;
        }
        int[] shape = a.shape();
        int[] sa = a.strides();
        int[] sb = b.strides();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1 && sa[d] != sb[d]) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when t is an [N, C, H, W] tensor stored channels-last ([N, H, W, C] row-major, from offset 0, no slack)
     * and not also contiguous (a single channel, or a single pixel).
     */
    static boolean channelsLast(Tensor t) {
        if (t.rank() != 4 || MemoryOrder.of(t) == null) {
            return false;
        }
        int[] s = t.shape();
        int[] st = t.strides();
        int c = s[1];
        int[] expected = {s[2] * s[3] * c, 1, s[3] * c, c};
        for (int d = 0; d < 4; d++) {
            if (s[d] > 1 && st[d] != expected[d]) {
                return false;
            }
        }
        return true;
    }

    /** An [n, c, h, w] tensor over values stored channels-last ([n, h, w, c] row-major). */
    static Tensor channelsLast(float[] values, int n, int c, int h, int w) {
        return Tensor.adoptStrided(values, new int[] {n, c, h, w}, new int[] {h * w * c, 1, w * c, c});
    }

    /** FLOAT64 counterpart of {@link #channelsLast(float[], int, int, int, int)}. */
    static Tensor channelsLast(double[] values, int n, int c, int h, int w) {
        return Tensor.adoptStrided(values, new int[] {n, c, h, w}, new int[] {h * w * c, 1, w * c, c});
    }

    /** values[order[i]] at i. */
    static int[] permute(int[] values, int[] order) {
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    /**
     * The values of a storage-order array (row-major over {@code permute(shape, order)}) seen with the dims of
     * {@code like}: the same shape, and on each dim the stride it has in that array (for a layout taken from a
     * tensor that fills its storage, that tensor's own strides).
     */
    static Tensor view(Tensor like, int[] order, float[] values) {
        return Tensor.adoptStrided(values, like.shape(), strides(like.shape(), order));
    }

    /** FLOAT64 counterpart of {@link #view(Tensor, int[], float[])}. */
    static Tensor view(Tensor like, int[] order, double[] values) {
        return Tensor.adoptStrided(values, like.shape(), strides(like.shape(), order));
    }

    private static int[] strides(int[] shape, int[] order) {
        int[] strides = new int[shape.length];
        int step = 1;
        for (int i = order.length - 1; i >= 0; i--) {
            strides[order[i]] = step;
            step *= shape[order[i]];
        }
        return strides;
    }
}
