package dev.tapegrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one backward pass will visit, worked out before any vjp runs: the tensors that require grad in an
 * order where every input comes before its consumers (an iterative depth-first post-order, inputs in
 * argument order: deterministic, and no recursion, so million-op chains are fine), where each op's inputs
 * sit in that order, and which tensors lie on a path to a wanted gradient (all of them for
 * {@code backward}; only those leading to the targets for {@link Autograd#grad}).
 */
final class BackwardPlan {
    /** The tensors, inputs before consumers; the root is last. */
    final List<Tensor> order;
    /** inputIndex[i][j]: position of input j of tensor i's op, -1 for a null input or one off the order. */
    final int[][] inputIndex;
    /** needed[i]: tensor i's gradient leads to a wanted one. */
    final boolean[] needed;
    /** uses[k]: how many times tensor k is an input of the ops of needed tensors (the gradients it receives at most). */
    final int[] uses;
    /** Position of each target, -1 when the root does not depend on it; null for a plain backward. */
    final int[] targetIndex;
    /** isTarget[i]: tensor i is one of the targets; null for a plain backward. */
    private final boolean[] isTarget;

    private BackwardPlan(List<Tensor> order, int[][] inputIndex, boolean[] needed, int[] targetIndex) {
        this.order = order;
        this.inputIndex = inputIndex;
        this.needed = needed;
        this.targetIndex = targetIndex;
        this.uses = new int[order.size()];
        for (int i = 0; i < inputIndex.length; i++) {
            if (needed[i] && inputIndex[i] != null) {
                for (int k : inputIndex[i]) {
                    if (k >= 0) {
                        uses[k]++;
                    }
                }
            }
        }
        if (targetIndex == null) {
            isTarget = null;
        } else {
            isTarget = new boolean[order.size()];
            for (int k : targetIndex) {
                if (k >= 0) {
                    isTarget[k] = true;
                }
            }
        }
    }

    /** Orders, indexes and prunes the graph behind root; targets null means every leaf. */
    static BackwardPlan of(Tensor root, Tensor[] targets) {
        GraphIndex index = new GraphIndex();
        List<Tensor> order = postOrder(root, index);
        int[][] inputIndex = indexInputs(order, index);
        boolean[] needed = new boolean[order.size()];
        if (targets == null) {
            Arrays.fill(needed, true);
            return new BackwardPlan(order, inputIndex, needed, null);
        }
        int[] targetIndex = new int[targets.length];
        for (int t = 0; t < targets.length; t++) {
            targetIndex[t] = index.position(targets[t]);
            if (targetIndex[t] >= 0) {
                needed[targetIndex[t]] = true;
            }
        }
        prune(inputIndex, needed);
        return new BackwardPlan(order, inputIndex, needed, targetIndex);
    }

    int size() {
        return order.size();
    }

    /** True when tensor i is a target of {@link Autograd#grad} (never for a plain backward). */
    boolean isTarget(int i) {
        return isTarget != null && isTarget[i];
    }

    /** Tensors that require grad, inputs before their consumers; index maps each to its position. */
    static List<Tensor> postOrder(Tensor root, GraphIndex index) {
        List<Tensor> order = new ArrayList<>();
        Tensor[] stack = new Tensor[64];
        int[] next = new int[64];
        int top = 0;
        stack[0] = root;
        index.firstVisit(root);
        while (top >= 0) {
            Tensor t = stack[top];
            Node node = t.gradFn();
            if (node != null && next[top] < node.inputs.length) {
                Tensor in = node.inputs[next[top]++];
                if (in != null && in.requiresGrad() && index.firstVisit(in)) {
                    if (++top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                        next = Arrays.copyOf(next, top * 2);
                    }
                    stack[top] = in;
                    next[top] = 0;
                }
            } else {
                index.place(t, order.size());
                order.add(t);
                stack[top--] = null;
            }
        }
        return order;
    }

    private static int[][] indexInputs(List<Tensor> order, GraphIndex index) {
        int n = order.size();
        int[][] inputIndex = new int[n][];
        for (int i = 0; i < n; i++) {
            Node node = order.get(i).gradFn();
            if (node != null) {
                int[] ix = new int[node.inputs.length];
                for (int j = 0; j < ix.length; j++) {
                    Tensor in = node.inputs[j];
                    ix[j] = in == null ? -1 : index.position(in);
                }
                inputIndex[i] = ix;
            }
        }
        return inputIndex;
    }

    /** Marks every tensor with an input already marked (one forward sweep suffices: inputs come first). */
    private static void prune(int[][] inputIndex, boolean[] needed) {
        for (int i = 0; i < needed.length; i++) {
            if (!needed[i] && inputIndex[i] != null) {
                for (int k : inputIndex[i]) {
                    if (k >= 0 && needed[k]) {
                        needed[i] = true;
                        break;
                    }
                }
            }
        }
    }
}
