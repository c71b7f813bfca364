package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.PoolGeometry;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;

/**
 * What a pooling keeps in its {@code Context} for the vjp besides tensors: the geometry of that call, the
 * input's shape (sizes only, no values) and whether the input was stored channels-last (its gradient then is too)
 * or with H and W transposed (its gradient then is stored so too). The backward ops are built from it in the vjp,
 * so that every op instance holds options alone and may be applied again at its recorded inputs (as {@code
 * GradCheck.localize} does).
 */
record PoolShapes(PoolGeometry geometry, int[] inputShape, boolean channelsLast, boolean transposed) {
    PoolShapes {
        inputShape = inputShape.clone();
    }

    /** The shapes of pooling an NCHW or channels-last input. */
    PoolShapes(PoolGeometry geometry, int[] inputShape, boolean channelsLast) {
        this(geometry, inputShape, channelsLast, false);
    }

    /** The shapes of pooling an NCHW input. */
    PoolShapes(PoolGeometry geometry, int[] inputShape) {
        this(geometry, inputShape, false, false);
    }

    /**
     * A stand-in with the input's shape and the given dtype (one zero repeated, nothing allocated), to ask for
     * the place of the input's gradient ({@code Context.claimOutput}).
     */
    Tensor like(DType dtype) {
        return Tensor.scalar(0, dtype).asStrided(inputShape, new int[inputShape.length], 0);
    }

    /**
     * True when 2×2 tiles pool x [N, C, H, W] in place through its transposed planes: H has stride 1 and H and W
     * are longer than 1 (x.transpose(2, 3) of a contiguous tensor, or a view of one).
     */
    static boolean transposedInput(Tensor x, PoolGeometry g) {
        return g.isTwoByTwo() && storedTransposed(x);
    }

    /**
     * True when x [N, C, H, W] has stride 1 along H, H and W longer than 1 (H and W transposed): its gradient is
     * then given the same layout, [N, C, W, H] row-major, which transpose's vjp hands on without a copy.
     */
    static boolean storedTransposed(Tensor x) {
        return x.numel() > 0 && x.size(2) > 1 && x.size(3) > 1 && x.strides()[2] == 1 && x.strides()[3] != 1;
    }

    /**
     * True when t [N, C, OH, OW] fills its storage from offset 0 as [N, C, OW, OH] row-major (the argmax of
     * a transposed pooling), OH and OW longer than 1.
     */
    static boolean transposedPlanes(Tensor t) {
        int[] s = t.shape();
        if (t.rank() != 4 || s[2] < 2 || s[3] < 2 || t.storageOffset() != 0) {
            return false;
        }
        int length = t.dtype() == DType.FLOAT32 ? t.floatStorage().length : t.doubleStorage().length;
        int[] st = t.strides();
        int[] expected = {s[1] * s[2] * s[3], s[2] * s[3], 1, s[2]};
        for (int d = 0; d < 4; d++) {
            if (s[d] > 1 && st[d] != expected[d]) {
                return false;
            }
        }
        return length == t.numel();
    }

    /** The strides of an [N, C, H, W] tensor stored as [N, C, W, H] row-major. */
    static int[] transposedStrides(int[] shape) {
        return new int[] {shape[1] * shape[2] * shape[3], shape[2] * shape[3], 1, shape[2]};
    }

    /**
     * The values of g [N, C, OH, OW] (any strides) in [N, C, OW, OH] row-major order: one transposing copy at
     * memory speed, a fill for a repeated value; a float[] or double[] by g's dtype.
     */
    static Object transposedValues(Tensor g) {
        int[] s = g.shape();
        int[] st = g.strides();
        int[] shape = {s[0], s[1], s[3], s[2]};
        int[] strides = {st[0], st[1], st[3], st[2]};
        if (g.dtype() == DType.FLOAT32) {
            float[] out = new float[g.numel()];
            StridedCopyFloat.copy(g.floatStorage(), g.storageOffset(), shape, strides, out);
            return out;
        }
        double[] out = new double[g.numel()];
        StridedCopyDouble.copy(g.doubleStorage(), g.storageOffset(), shape, strides, out);
        return out;
    }
}
