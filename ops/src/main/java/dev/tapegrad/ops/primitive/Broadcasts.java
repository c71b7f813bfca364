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
        int[] at = Tensors.broadcastIndex(t, shape);
        double[] out = new double[at.length];
        if (t.dtype() == DType.FLOAT32) {
            float[] s = t.floatStorage();
            for (int i = 0; i < at.length; i++) {
                out[i] = s[at[i]];
            }
        } else {
            double[] s = t.doubleStorage();
            for (int i = 0; i < at.length; i++) {
                out[i] = s[at[i]];
            }
        }
        return out;
    }

    /** A new tensor of {@code dtype} holding v (a constant: no tape history). */
    static Tensor tensor(double[] v, int[] shape, DType dtype) {
        Tensor t = Tensor.wrap(v, shape);
        return dtype == DType.FLOAT64 ? t : Tensors.as(t, DType.FLOAT32);
    }
}
