package dev.tapegrad.autograd;

/** One recorded op application on the tape: the op, its context and its inputs. */
final class Node {
    final Op op;
    final Context ctx;
    final Tensor[] inputs;

    /**
     * The engine's marks for the backward call that last walked this node: {@code walk} identifies that
     * call, {@code position} is the node's place in its order. Read only while that call builds its
     * indices, before any vjp runs, so a backward nested inside a vjp or hook cannot disturb it.
     */
    Object walk;
    int position;

    Node(Op op, Context ctx, Tensor[] inputs) {
        this.op = op;
        this.ctx = ctx;
        this.inputs = inputs;
    }
}
