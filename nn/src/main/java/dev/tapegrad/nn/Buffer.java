package dev.tapegrad.nn;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;

/**
 * Non-trainable state of a {@link Module} that belongs in its state dict, such as BatchNorm's running
 * statistics. A <em>count</em> buffer (e.g. {@code num_batches_tracked}) holds whole numbers: it is stored
 * as FLOAT64 (exact to 2^53), kept by {@link Module#to(DType)}, and saved as I64 in checkpoints, like
 * PyTorch's long tensors.
 */
public final class Buffer {
    private Tensor tensor;
    private final boolean count;

    Buffer(Tensor initial, boolean count) {
        this.count = count;
        set(initial);
    }

    /** The current value: a contiguous tensor without gradient, updated in place by its module. */
    public Tensor tensor() {
        return tensor;
    }

    /** True for a whole-number counter (PyTorch int64). */
    public boolean isCount() {
        return count;
    }

    public int[] shape() {
        return tensor.shape();
    }

    public DType dtype() {
        return tensor.dtype();
    }

    void set(Tensor value) {
        tensor = count ? Tensor.of(value.toDoubleArray(), value.shape()) : value.copy();
    }
}
