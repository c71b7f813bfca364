package dev.tapegrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Generic reverse mode over the tape, in named steps: {@link BackwardPlan} orders, indexes and prunes the
 * graph; then, from the root down, each tensor's summed gradient goes through its hooks, into its
 * {@code grad()} when it keeps one, and through its op's vjp to its inputs' slots in {@link GradBuffers}
 * (which alone decides when a gradient's storage is reused); finally the saved state of the ops that ran
 * is released unless the graph is retained.
 */
final class Engine {
    private static final Op SUM = new GradSum();

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
        Tensor seed = seed(what, root, gradOutput);
        BackwardPlan plan = BackwardPlan.of(root, targets);
        GradBuffers buffers = new GradBuffers(plan.size(), createGraph);
        buffers.seed(plan.size() - 1, seed);
        Tensor[] results = targets == null ? null : new Tensor[plan.size()];
        List<Context> executed = new ArrayList<>();
        GradMode.State state = GradMode.state();
        List<Tensor> outerMade = state.madeInVjp;
        boolean outerInBackward = state.inBackward;
        try (GradMode.Scope mode = GradMode.set(createGraph)) {
            state.madeInVjp = buffers.madeList();
            state.inBackward = true;
            for (int i = plan.size() - 1; i >= 0; i--) {
                step(plan, i, buffers, results, executed, createGraph, state.anomaly);
            }
        } finally {
            state.madeInVjp = outerMade;
            state.inBackward = outerInBackward;
            if (!retainGraph) {
                release(executed);
            }
        }
        return targets == null ? null : collect(plan, results, targets);
    }

    /** One tensor of the plan: hooks, its own grad(), then its op's vjp into its inputs' slots. */
    private static void step(BackwardPlan plan, int i, GradBuffers buffers, Tensor[] results, List<Context> executed,
                             boolean createGraph, boolean anomaly) {
        boolean owned = buffers.owned(i);
        Tensor base = buffers.takeBase(i);
        Tensor g = buffers.take(i);
        if (g == null || !plan.needed[i]) {
            return;
        }
        Tensor t = plan.order.get(i);
        g = runHooks(t, g);
        // still the engine's alone unless a hook saw it (and may keep it) or replaced it, or the user gets it
        // (a target of Autograd.grad; the tensors between the root and the targets keep the hand-on)
        boolean mine = owned && t.hooks() == null;
        if (results != null) {
            if (plan.isTarget(i)) {
                results[i] = g;
                mine = false;
            }
        } else if (t.retainsGrad()) {
            mine &= !accumulate(t, g, createGraph, mine);
        }
        Node node = t.gradFn();
        if (node == null) {
            return;
        }
        executed.add(node.ctx);
        if (base != null && t.hooks() == null && !node.ctx.isReleased()) {
            // g was written into a view of base, which is then the input's gradient (ViewGradient): no vjp, no pad
            if (anomaly) {
                Anomaly.checkBackward(node, new Tensor[] {base}, new boolean[] {true});
            }
            buffers.addFresh(plan.inputIndex[i][0], base, SUM);
            return;
        }
        callVjp(node, t, g, mine, plan, i, buffers, createGraph, anomaly);
    }

    private static Tensor seed(String what, Tensor root, Tensor gradOutput) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException(what + ": the output (shape " + Shapes.str(root.shape())
                    + ") does not require grad: no input of the ops that made it requires grad, or it was "
                    + "computed with grad mode off");
        }
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

    /**
     * Into t.grad(): g itself under createGraph, or when the engine owns it and it is laid out as a grad()
     * should be ({@link #fitsGrad}); else a contiguous copy, or a new sum with the old grad(). True when g
     * itself was stored (the user can now see it).
     */
    private static boolean accumulate(Tensor t, Tensor g, boolean createGraph, boolean owned) {
        Tensor old = t.grad();
        if (old != null) {
            t.setGrad(createGraph ? SUM.apply(old, g) : sumDetached(old, g));
            return false;
        }
        boolean keep = createGraph || owned && fitsGrad(t, g);
        t.setGrad(keep ? g : g.copy());
        return keep;
    }

    /**
     * PyTorch's rule for a gradient stolen into grad(): it fills its storage exactly and is either contiguous
     * or has the strides of the tensor itself (a channels-last parameter keeps a channels-last gradient).
     */
    private static boolean fitsGrad(Tensor t, Tensor g) {
        return g.isDenseView() && (g.isContiguous() || Arrays.equals(g.strides(), t.strides()));
    }

    private static Tensor sumDetached(Tensor a, Tensor b) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return SUM.apply(a, b);
        }
    }

    /**
     * Runs node's vjp for the inputs that need a gradient and adds each result into its input's slot; owned: g
     * is the engine's alone, so views of it that a view op's vjp returns may be handed on (see {@link GradBuffers}).
     */
    private static void callVjp(Node node, Tensor out, Tensor g, boolean owned, BackwardPlan plan, int i,
                                GradBuffers buffers, boolean createGraph, boolean anomaly) {
        int[] inputIndex = plan.inputIndex[i];
        boolean[] needed = plan.needed;
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
        buffers.beginVjp();
        ViewGradient offer = createGraph ? null : ViewGradient.of(node, g, inputIndex, needs, plan);
        Tensor[] gs;
        GradMode.State state = GradMode.state();
        state.viewOffer = offer;
        try {
            gs = node.op.vjp(ctx, g);
        } finally {
            state.viewOffer = null;
        }
        if (gs == null || gs.length != needs.length) {
            throw new IllegalStateException(node.op.name() + ": vjp returned "
                    + (gs == null ? "null" : gs.length + " gradients") + " for " + needs.length + " inputs");
        }
        if (anomaly) {
            Anomaly.checkBackward(node, gs, needs);
        }
        boolean handOn = owned && node.op.vjpHandsOnGradient();
        Tensor base = offer == null ? null : offer.settle(gs);
        for (int j = 0; j < needs.length; j++) {
            if (!needs[j] || gs[j] == null) {
                continue;
            }
            Tensor in = node.inputs[j];
            if (!gs[j].sameShape(in) || gs[j].dtype() != in.dtype()) {
                checkGrad(node.op.name(), in, gs[j], "vjp returned for input " + j);
            }
            if (base != null && j == offer.input()) {
                buffers.putView(inputIndex[j], gs[j], base);
                continue;
            }
            buffers.add(inputIndex[j], gs, j, g, handOn, SUM);
        }
    }

    /** Frees the saved state of the ops whose vjp ran (a second backward through them then fails clearly). */
    private static void release(List<Context> executed) {
        for (Context ctx : executed) {
            ctx.release();
        }
    }

    /** The gradient of each target, zeros for one the root does not depend on. */
    private static Tensor[] collect(BackwardPlan plan, Tensor[] results, Tensor[] targets) {
        Tensor[] out = new Tensor[targets.length];
        for (int t = 0; t < targets.length; t++) {
            int k = plan.targetIndex[t];
            Tensor r = k < 0 ? null : results[k];
            out[t] = r != null ? r : Tensor.zerosLike(targets[t]);
        }
        return out;
    }

    private static void checkGrad(String op, Tensor input, Tensor g, String what) {
        if (!g.sameShape(input) || g.dtype() != input.dtype()) {
            throw new IllegalStateException(op + ": " + what + " a gradient " + g.dtype() + Shapes.str(g.shape())
                    + " but the tensor is " + input.dtype() + Shapes.str(input.shape()));
        }
    }
}
