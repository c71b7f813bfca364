package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;

/** Small raw (unrecorded) helpers the primitives share: dtype rules, conversion, broadcast strides. */
public final class Tensors {
    private Tensors() {}

    /**
     * The dtype of a two-input op: a 0-d tensor takes the other input's dtype; otherwise both must agree
     * (no silent promotion). Two 0-d tensors of different dtypes give FLOAT32.
     */
    public static DType common(String op, Tensor a, Tensor b) {
        if (a.dtype() == b.dtype()) {
            return a.dtype();
        }
        if (a.rank() == 0 && b.rank() == 0) {
            return DType.FLOAT32;
        }
        if (a.rank() == 0) {
            return b.dtype();
        }
        if (b.rank() == 0) {
            return a.dtype();
        }
        throw new IllegalArgumentException(op + ": inputs have different dtypes, " + a.dtype() + Shapes.str(a.shape())
                + " and " + b.dtype() + Shapes.str(b.shape()) + "; convert one with Ops.cast (no silent promotion)");
    }

    /** {@code t} itself when it already has {@code dtype}, else a converted contiguous copy. */
    public static Tensor as(Tensor t, DType dtype) {
        if (t.dtype() == dtype) {
            return t;
        }
        return dtype == DType.FLOAT32 ? Tensor.wrap(t.toFloatArray(), t.shape()) : Tensor.wrap(t.toDoubleArray(), t.shape());
    }

    /**
     * Strides through which {@code t}'s storage reads as {@code t} broadcast to {@code outShape}: t's own
     * strides on its dims, 0 on the dims it gains or where it has size 1.
     */
    public static int[] broadcastStrides(Tensor t, int[] outShape) {
        int rank = outShape.length;
        int[] shape = t.shape();
        int[] strides = t.strides();
        int[] s = new int[rank];
        for (int d = 0; d < rank; d++) {
            int src = d - (rank - shape.length);
            s[d] = src < 0 || shape[src] == 1 ? 0 : strides[src];
        }
        return s;
    }

    /** A new zero tensor. */
    public static Tensor zeros(DType dtype, int[] shape) {
        return Tensor.zeros(dtype, shape);
    }

    /** Throws naming the op unless the dtypes agree. */
    public static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": inputs have different dtypes, " + a.dtype()
                    + Shapes.str(a.shape()) + " and " + b.dtype() + Shapes.str(b.shape()));
        }
    }

    /**
     * True when g is one value repeated: every dim longer than 1 has stride 0 and g has more than one element (the
     * expanded seed of {@code sum(y).backward()}), which vjps may take without materializing it.
     */
    static boolean uniform(Tensor g) {
        int[] shape = g.shape();
        int[] strides = g.strides();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1 && strides[d] != 0) {
                return false;
            }
        }
        return g.numel() > 1;
    }

    /** True when t's innermost dim longer than 1 has stride 1 or 0: its rows are read in place. */
    static boolean rowsInPlace(Tensor t) {
        int[] shape = t.shape();
        int[] strides = t.strides();
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1) {
                return strides[d] == 1 || strides[d] == 0;
            }
        }
        return true;
    }
}
