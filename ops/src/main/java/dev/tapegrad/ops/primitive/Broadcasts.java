package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;

/** Raw helpers for the masking ops: values broadcast to an output shape, and constant masks as tensors. */
final class Broadcasts {
    private Broadcasts() {}

    /** t's values broadcast to {@code shape}, in row-major order, as doubles (exact for FLOAT32 too). */
    static double[] values(Tensor t, int[] shape) {
        if (t.hasShape(shape)) {
            return t.toDoubleArray();
        }
        return t.asStrided(shape, Tensors.broadcastStrides(t, shape), t.storageOffset()).toDoubleArray();
    }

    /** A new tensor of {@code dtype} holding v (a constant: no tape history). */
    static Tensor tensor(double[] v, int[] shape, DType dtype) {
        Tensor t = Tensor.wrap(v, shape);
        return dtype == DType.FLOAT64 ? t : Tensors.as(t, DType.FLOAT32);
    }
}
