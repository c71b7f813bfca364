package dev.tapegrad.autograd;

/**
 * A gradient written straight into its place in the larger zeroed gradient that a narrow or select would pad
 * it into, so that the pad (a zeroed buffer of the full size and a copy of the region) is skipped. The rule:
 *
 * <blockquote>During a backward without a graph, before a vjp runs, the engine looks for an input V needing a
 * gradient that is the output of an op with a view vjp ({@link Op#viewOf}: narrow, select) whose own input X
 * needs one, that this vjp alone gives a gradient (V is used once in the pass) and whose gradient nobody sees
 * (no hook, no retained {@code grad()}, not a target of {@link Autograd#grad}). It offers that place to the ops
 * the vjp applies to its incoming gradient: the first one whose output has V's shape and dtype and that asks
 * ({@link Context#claimOutput}) gets {@code viewOf(B)} for a zeroed buffer B of X's shape, made then, and writes
 * its output through that view. When the vjp returns exactly that view as V's gradient, shared with no other
 * gradient it returns, B is X's gradient: the engine then skips V's op's vjp and hands B on to X as a gradient
 * it owns (see {@link GradBuffers}). In any other case B is dropped and the view is padded as usual.
 * </blockquote>
 *
 * <p>B is seen only through the claimed view until it is handed on, so nothing the user holds is ever written.
 */
final class ViewGradient {
    /** The incoming gradient of the vjp that makes the offer. */
    private final Tensor incoming;
    /** Which input of that vjp's op V is. */
    private final int input;
    /** V: the view op's output. */
    private final Tensor target;
    private Tensor base;
    private Tensor view;

    private ViewGradient(Tensor incoming, int input, Tensor target) {
        this.incoming = incoming;
        this.input = input;
        this.target = target;
    }

    /**
     * The offer for the vjp of {@code node} given {@code g}, or null when no input qualifies (see the rule);
     * inputIndex and needs are those of the vjp's call.
     */
    static ViewGradient of(Node node, Tensor g, int[] inputIndex, boolean[] needs, BackwardPlan plan) {
        for (int j = 0; j < needs.length; j++) {
            if (needs[j] && qualifies(node.inputs[j], inputIndex[j], plan)) {
                return new ViewGradient(g, j, node.inputs[j]);
            }
        }
        return null;
    }

    private static boolean qualifies(Tensor v, int k, BackwardPlan plan) {
        Node producer = v.gradFn();
        if (producer == null || producer.inputs.length != 1 || plan.uses[k] != 1 || v.hooks() != null
                || v.retainsGrad() || plan.isTarget(k) || producer.ctx.isReleased()) {
            return false;
        }
        int kx = plan.inputIndex[k][0];
        return kx >= 0 && plan.needed[kx] && producer.op.viewOf(producer.ctx, producer.inputs[0]) != null;
    }

    /** Called by {@link Op#apply} for an unrecorded application: offers the place when g is one of its inputs. */
    void offerTo(Context ctx, Tensor[] inputs) {
        if (view != null) {
            return;
        }
        for (Tensor in : inputs) {
            if (in == incoming) {
                ctx.offer(this);
                return;
            }
        }
    }

    /** The view for an output like {@code like} (shape and dtype), made over a new zeroed B; null once taken or for another shape. */
    Tensor claim(Tensor like) {
        if (view != null || !like.sameShape(target) || like.dtype() != target.dtype()) {
            return null;
        }
        Node producer = target.gradFn();
        Tensor x = producer.inputs[0];
        base = Tensor.zeros(x.dtype(), x.shape());
        Tensor v = producer.op.viewOf(producer.ctx, base);
        if (v == null || !v.sameShape(target) || v.storage() != base.storage()) {
            throw new IllegalStateException(producer.op.name() + ": viewOf did not return a view of the base with "
                    + "the output's shape " + Shapes.str(target.shape()));
        }
        view = v;
        return v;
    }

    /** B, when the vjp returned the claimed view as V's gradient and no other of its gradients shares B; else null. */
    Tensor settle(Tensor[] gs) {
        if (view == null || gs[input] != view) {
            return null;
        }
        for (int m = 0; m < gs.length; m++) {
            if (m != input && gs[m] != null && gs[m].storage() == base.storage()) {
                return null;
            }
        }
        return base;
    }

    /** Which input of the vjp's op the offer is for. */
    int input() {
        return input;
    }
}
