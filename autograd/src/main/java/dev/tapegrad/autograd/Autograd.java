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

    /**
     * What the graph behind {@code output} keeps alive, as a table: the tensors each op saved for backward,
     * grouped by op name and call site (known for ops recorded under {@link Anomaly} detection), then the op
     * outputs and the leaves the graph references, with bytes and the total. A storage shared by several
     * tensors (views, a tensor saved twice) is counted once, in the first row that meets it.
     */
    public static String memoryReport(Tensor output) {
        return GraphReport.memoryReport(output);
    }

    /**
     * The graph behind {@code output} in Graphviz DOT: an ellipse per op output (op name, dtype and shape,
     * call site when known), a box per leaf (blue when it requires grad, grey for constants), an edge from
     * each input to the op that used it (labelled with the argument position for ops with several inputs);
     * the output has a double border. Render with {@code dot -Tsvg graph.dot -o graph.svg}.
     */
    public static String toDot(Tensor output) {
        return GraphReport.toDot(output);
    }
}
