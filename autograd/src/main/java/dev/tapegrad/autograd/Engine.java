package dev.tapegrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Generic reverse mode over the tape. One pass: an iterative depth-first post-order of the tensors that
 * require grad (deterministic: inputs in argument order; no recursion, so million-op chains are fine),
 * a mark of which tensors lie on a path to a wanted gradient, then the vjps in reverse order with
 * gradients of a tensor used several times summed before its own vjp runs.
 */
final class Engine {
    private static final Op SUM = new GradSum();
    /**
     * Smallest gradient (in elements) worth tracking for a copy-free hand-over: below it, copying costs
     * less than the bookkeeping (tape-heavy graphs of tiny tensors).
     */
    static final int OWN_MIN = 512;

    private Engine() {}

    static void backward(Tensor root, Tensor gradOutput, boolean retainGraph) {
        run(root, gradOutput, null, retainGraph, false);
    }

    /** Gradients of root w.r.t. targets (zeros for targets not on the graph); leaves' grad() untouched. */
    static Tensor[] grad(Tensor root, Tensor gradOutput, Tensor[] targets, boolean retainGraph, boolean createGraph) {
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == null || !targets[i].requiresGrad()) {
                throw new IllegalArgumentException("Autograd.grad: input " + i + " does not require grad"
                        + " (call requiresGrad(true) on the leaf before computing with it)");
            }
        }
        return run(root, gradOutput, targets, retainGraph, createGraph);
    }

    private static Tensor[] run(Tensor root, Tensor gradOutput, Tensor[] targets, boolean retainGraph,
                                boolean createGraph) {
        String what = targets == null ? "backward" : "Autograd.grad";
        if (!root.requiresGrad()) {
            throw new IllegalStateException(what + ": the output (shape " + Shapes.str(root.shape())
                    + ") does not require grad: no input of the ops that made it requires grad, or it was "
                    + "computed with grad mode off");
        }
        Tensor seed = seed(what, root, gradOutput);

        GraphIndex index = new GraphIndex();
        List<Tensor> order = postOrder(root, index);
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

        boolean[] needed = new boolean[n];
        int[] targetIndex = null;
        if (targets == null) {
            Arrays.fill(needed, true);
        } else {
            targetIndex = new int[targets.length];
            for (int t = 0; t < targets.length; t++) {
                int k = index.position(targets[t]);
                targetIndex[t] = k;
                if (k >= 0) {
                    needed[k] = true;
                }
            }
            for (int i = 0; i < n; i++) {
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

        Tensor[] grads = new Tensor[n];
        grads[n - 1] = seed;
        // owned[k]: grads[k] is the engine's alone (a sum it made, or a vjp's output over new storage that
        // nothing else holds), so further gradients of that tensor are added into it in place and a leaf
        // may keep it without a copy. Only without createGraph, where gradients are plain values rather
        // than recorded outputs.
        boolean[] owned = createGraph ? null : new boolean[n];
        Tensor[] results = targets == null ? null : new Tensor[n];
        List<Context> executed = new ArrayList<>();
        GradMode.State state = GradMode.state();
        List<Tensor> outerMade = state.madeInVjp;
        List<Tensor> made = createGraph ? null : new ArrayList<>();
        try (GradMode.Scope mode = GradMode.set(createGraph)) {
            state.madeInVjp = made;
            for (int i = n - 1; i >= 0; i--) {
                Tensor g = grads[i];
                grads[i] = null;
                if (g == null || !needed[i]) {
                    continue;
                }
                Tensor t = order.get(i);
                g = runHooks(t, g);
                if (targets != null) {
                    results[i] = g;
                } else if (t.retainsGrad()) {
                    // owned unless a hook saw it (and may keep it) or replaced it
                    accumulate(t, g, createGraph, owned != null && owned[i] && t.hooks() == null);
                }
                Node node = t.gradFn();
                if (node != null) {
                    executed.add(node.ctx);
                    propagate(node, t, g, inputIndex[i], needed, grads, owned, made);
                }
            }
        } finally {
            state.madeInVjp = outerMade;
            if (!retainGraph) {
                for (Context ctx : executed) {
                    ctx.release();
                }
            }
        }
        if (targets == null) {
            return null;
        }
        Tensor[] out = new Tensor[targets.length];
        for (int t = 0; t < targets.length; t++) {
            Tensor r = targetIndex[t] < 0 ? null : results[targetIndex[t]];
            out[t] = r != null ? r : Tensor.zerosLike(targets[t]);
        }
        return out;
    }

    private static Tensor seed(String what, Tensor root, Tensor gradOutput) {
        if (gradOutput == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException(what + ": the output has shape " + Shapes.str(root.shape())
                        + " (" + root.numel() + " elements); a gradient is implicit only for a one-element "
                        + "output, so pass gradOutput of that shape");
            }
            return Tensor.onesLike(root);
        }
        if (!Arrays.equals(gradOutput.shape(), root.shape()) || gradOutput.dtype() != root.dtype()) {
            throw new IllegalArgumentException(what + ": gradOutput " + gradOutput.dtype()
                    + Shapes.str(gradOutput.shape()) + " does not match the output " + root.dtype()
                    + Shapes.str(root.shape()));
        }
        return gradOutput;
    }

    /** Tensors that require grad, inputs before their consumers; index maps each to its position. */
    private static List<Tensor> postOrder(Tensor root, GraphIndex index) {
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

    private static Tensor runHooks(Tensor t, Tensor g) {
        List<UnaryOperator<Tensor>> hooks = t.hooks();
        if (hooks == null) {
            return g;
        }
        for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
            Tensor replaced = hook.apply(g);
            if (replaced != null) {
                checkGrad("hook", t, replaced, "a hook returned");
                g = replaced;
            }
        }
        return g;
    }

    /** Into t.grad(): g itself when the engine owns it (or under createGraph), else a copy or a new sum. */
    private static void accumulate(Tensor t, Tensor g, boolean createGraph, boolean owned) {
        Tensor old = t.grad();
        if (old == null) {
            t.setGrad(createGraph || owned ? g : g.copy());
        } else {
            t.setGrad(createGraph ? SUM.apply(old, g) : sumDetached(old, g));
        }
    }

    private static Tensor sumDetached(Tensor a, Tensor b) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return SUM.apply(a, b);
        }
    }

    private static void propagate(Node node, Tensor out, Tensor g, int[] inputIndex, boolean[] needed, Tensor[] grads,
                                  boolean[] owned, List<Tensor> made) {
        Context ctx = node.ctx;
        if (ctx.isReleased()) {
            throw new IllegalStateException("backward through the graph a second time: the saved state of "
                    + node.op.name() + " (output shape " + Shapes.str(out.shape()) + ") was released by the "
                    + "first backward; pass retainGraph=true to that backward to keep it");
        }
        boolean[] needs = new boolean[node.inputs.length];
        boolean any = false;
        for (int j = 0; j < needs.length; j++) {
            needs[j] = inputIndex[j] >= 0 && needed[inputIndex[j]];
            any |= needs[j];
        }
        if (!any) {
            return;
        }
        ctx.setNeedsInputGrad(needs);
        if (made != null && !made.isEmpty()) {
            made.clear();
        }
        Tensor[] gs = node.op.vjp(ctx, g);
        if (gs == null || gs.length != needs.length) {
            throw new IllegalStateException(node.op.name() + ": vjp returned "
                    + (gs == null ? "null" : gs.length + " gradients") + " for " + needs.length + " inputs");
        }
        for (int j = 0; j < needs.length; j++) {
            if (!needs[j] || gs[j] == null) {
                continue;
            }
            Tensor in = node.inputs[j];
            if (!gs[j].sameShape(in) || gs[j].dtype() != in.dtype()) {
                checkGrad(node.op.name(), in, gs[j], "vjp returned for input " + j);
            }
            int k = inputIndex[j];
            if (grads[k] == null) {
                grads[k] = gs[j];
                if (owned != null && isFresh(gs, j, g, made)) {
                    owned[k] = true;
                }
            } else if (owned == null) {
                grads[k] = SUM.apply(grads[k], gs[j]);
            } else if (owned[k]) {
                GradSum.addInto(grads[k], gs[j]);
            } else if (isFresh(gs, j, g, made)) {
                GradSum.addInto(gs[j], grads[k]);   // a + b == b + a exactly: same sums as a new GradSum
                grads[k] = gs[j];
                owned[k] = true;
            } else {
                grads[k] = SUM.apply(grads[k], gs[j]);
                owned[k] = true;
            }
        }
    }

    /**
     * True when gs[j] is an output an op made during this vjp over storage of its own (listed in made)
     * that nothing else holds: not the incoming gradient's storage (a vjp may pass g through or return a
     * view of it) nor that of another gradient the vjp returned (the same tensor for two inputs, or views).
     */
    private static boolean isFresh(Tensor[] gs, int j, Tensor g, List<Tensor> made) {
        return !made.isEmpty() && isOneOf(gs[j], made) && unshared(gs, j, g);
    }

    private static boolean isOneOf(Tensor t, List<Tensor> list) {
        for (int i = 0, n = list.size(); i < n; i++) {
            if (list.get(i) == t) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when gs[j]'s storage is neither the incoming gradient's (a vjp may pass g through or return a
     * view of it) nor that of another gradient the vjp returned (the same tensor for two inputs, or views).
     */
    private static boolean unshared(Tensor[] gs, int j, Tensor g) {
        Object storage = gs[j].storage();
        if (storage == g.storage()) {
            return false;
        }
        for (int m = 0; m < gs.length; m++) {
            if (m != j && gs[m] != null && gs[m].storage() == storage) {
                return false;
            }
        }
        return true;
    }

    private static void checkGrad(String op, Tensor input, Tensor g, String what) {
        if (!g.sameShape(input) || g.dtype() != input.dtype()) {
            throw new IllegalStateException(op + ": " + what + " a gradient " + g.dtype() + Shapes.str(g.shape())
                    + " but the tensor is " + input.dtype() + Shapes.str(input.shape()));
        }
    }
}
