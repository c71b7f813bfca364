package dev.tapegrad.autograd;

/** Functional gradients: d output / d inputs without touching any tensor's {@link Tensor#grad()}. */
public final class Autograd {
    private Autograd() {}

    /**
     * Gradients of a one-element {@code output} with respect to {@code inputs} (each must require grad).
     * An input the output does not depend on gets zeros. With {@code createGraph} the gradients are
     * themselves recorded on the tape, so they can be differentiated again (and the graph is retained).
     */
    public static Tensor[] grad(Tensor output, Tensor[] inputs, boolean createGraph) {
        return grad(output, inputs, null, createGraph, createGraph);
    }

    /**
     * Vector-Jacobian products {@code gradOutputᵀ · d output / d input} for each input; {@code gradOutput}
     * null means ones for a one-element output. {@code retainGraph} keeps the saved tensors for another pass.
     */
    public static Tensor[] grad(Tensor output, Tensor[] inputs, Tensor gradOutput, boolean retainGraph,
                                boolean createGraph) {
        return Engine.grad(output, gradOutput, inputs, retainGraph || createGraph, createGraph);
    }
}
