package dev.tapegrad.nn;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;

/**
 * A trainable tensor owned by a {@link Module}: a slot holding a contiguous leaf that requires grad.
 * Layers read {@link #tensor()} in their forward; optimizers update its storage in place. The slot lets
 * {@link Module#to(DType)} swap in a converted tensor without layers or optimizers noticing.
 */
public final class Parameter {
    private Tensor tensor;

    /** Wraps a contiguous copy of {@code initial} as a leaf requiring grad. */
    public Parameter(Tensor initial) {
        set(initial);
    }

    /** The current leaf tensor (requires grad). */
    public Tensor tensor() {
        return tensor;
    }

    /** The gradient accumulated by backward, or null. */
    public Tensor grad() {
        return tensor.grad();
    }

    /** Clears the gradient (PyTorch's zero_grad with set_to_none). */
    public void zeroGrad() {
        tensor.setGrad(null);
    }

    public int[] shape() {
        return tensor.shape();
    }

    public DType dtype() {
        return tensor.dtype();
    }

    public int numel() {
        return tensor.numel();
    }

    /** Replaces the tensor with a fresh contiguous leaf holding {@code value}'s values (no gradient). */
    void set(Tensor value) {
        Tensor t = value.copy();
        t.requiresGrad(true);
        tensor = t;
    }

    @Override
    public String toString() {
        return "Parameter" + java.util.Arrays.toString(tensor.shape()) + " " + tensor.dtype();
    }
}
