package dev.tapegrad.autograd;

/** One recorded op application on the tape: the op, its context and its inputs. */
final class Node {
    final Op op;
    final Context ctx;
    final Tensor[] inputs;

    Node(Op op, Context ctx, Tensor[] inputs) {
        this.op = op;
        this.ctx = ctx;
        this.inputs = inputs;
    }
}
