package dev.tapegrad.autograd;

/**
 * A differentiable primitive: its forward and its vector-Jacobian product side by side. Built-in ops and
 * user-defined ops are the same kind of thing. A user op in full:
 *
 * <pre>{@code
 * final class Softplus extends Op {            // y = log(1 + e^x),  dy/dx = sigmoid(x)
 *     protected Tensor forward(Context ctx, Tensor... in) {
 *         ctx.save(in[0]);
 *         return Ops.log(Ops.add(Ops.exp(in[0]), Tensor.scalar(1.0)));
 *     }
 *     protected Tensor[] vjp(Context ctx, Tensor g) {
 *         return new Tensor[] {Ops.mul(g, Ops.sigmoid(ctx.saved()[0]))};
 *     }
 * }
 * Tensor y = new Softplus().apply(x);
 * }</pre>
 *
 * <p>An op instance keeps no per-call state (that lives in the {@link Context}), so one instance may be
 * applied many times; ops with options (strides, dims) hold them in final fields.
 */
public abstract class Op {

    /**
     * Computes the output. Runs with recording off, so it may call other ops freely; what it returns is
     * this op's output. Inputs may be null where the op allows it (e.g. an absent bias).
     */
    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    /**
     * Given d(loss)/d(output), returns d(loss)/d(input) for each input (null = no gradient), each with its
     * input's shape and dtype. Written with ops, so it is recorded on the tape when a higher-order gradient
     * is being built. Compute only the inputs for which {@link Context#needsInputGrad} is true.
     */
    protected abstract Tensor[] vjp(Context ctx, Tensor gradOutput);

    /**
     * True when {@link #vjp} returns its incoming gradient or views of it (or tensors it made) and keeps no
     * reference to it, as view ops do (permute, reshape): the engine may then hand a gradient whose storage it
     * owns on to this op's input without copying it. False by default, which is always safe.
     */
    protected boolean vjpHandsOnGradient() {
        return false;
    }

    /**
     * For an op whose output is a view of its input 0 that reaches each element of it at most once (narrow,
     * select): the same view taken of {@code base}, any tensor of input 0's shape and dtype (its strides and
     * offset taken into account, as forward does for the input); null (the default) for any other op. The vjp of such an op is then "zeros of the input's shape, with the gradient in
     * the view", so the engine may let the op upstream write the gradient straight into that view of a zeroed
     * buffer and hand the buffer on as the input's gradient without running {@link #vjp} (see {@link
     * Context#claimOutput}). Needs no saved tensors: only the extra the forward kept.
     */
    protected Tensor viewOf(Context ctx, Tensor base) {
        return null;
    }

    /** The name used in error messages and in {@link Tensor#toString()}; the class name by default. */
    public String name() {
        return getClass().getSimpleName();
    }

    /**
     * Runs {@link #forward} with recording off and, if grad mode is on and any input requires grad,
     * records this application on the tape so that backward will call {@link #vjp}.
     */
    public final Tensor apply(Tensor... inputs) {
        GradMode.State mode = GradMode.state();
        boolean record = false;
        if (mode.enabled) {
            for (Tensor t : inputs) {
                if (t != null && t.requiresGrad()) {
                    record = true;
                    break;
                }
            }
        }
        Context ctx = new Context(this, inputs.length, record);
        if (!record && mode.viewOffer != null) {
            mode.viewOffer.offerTo(ctx, inputs);
        }
        boolean diagnose = mode.anomaly || mode.sites;
        if (diagnose && record) {
            ctx.setCallSite(CallSite.capture());
        }
        boolean previous = mode.enabled;
        mode.enabled = false;
        Tensor out;
        try {
            out = forward(ctx, inputs);
        } finally {
            mode.enabled = previous;
        }
        if (out == null) {
            throw new IllegalStateException(name() + ": forward returned null");
        }
        if (diagnose && mode.anomaly && !mode.inBackward) {
            Anomaly.checkForward(this, ctx, out, inputs);
        }
        if (!record) {
            if (mode.madeInVjp != null) {
                GradBuffers.noteMade(mode.madeInVjp, out, inputs);
            }
            return out;
        }
        if (out.requiresGrad() || isOneOf(out, inputs)) {
            out = out.alias();
        }
        out.attach(new Node(this, ctx, inputs.clone()));
        return out;
    }

    private static boolean isOneOf(Tensor t, Tensor[] inputs) {
        for (Tensor in : inputs) {
            if (in == t) {
                return true;
            }
        }
        return false;
    }
}
