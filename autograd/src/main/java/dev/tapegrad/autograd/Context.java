package dev.tapegrad.autograd;

import java.util.Arrays;

/**
 * What one application of an {@link Op} keeps from {@code forward} for {@code vjp}: saved tensors, an
 * optional non-tensor extra (e.g. argmax indices), and, during backward, which inputs need a gradient.
 * Released after backward unless the graph is retained.
 *
 * <p>When the application is recorded, {@link #save} notes each saved tensor's storage version, and
 * {@link #saved()} throws if any of those storages was written in place since (PyTorch's rule): a vjp
 * never computes with values other than those its forward saw.
 */
public final class Context {
    private static final Tensor[] NONE = new Tensor[0];
    private static final int[] NO_VERSIONS = new int[0];

    private final Op op;
    private final int arity;
    private final boolean recorded;
    private Tensor[] saved = NONE;
    private int[] versions = NO_VERSIONS;
    /** Where the op was applied ("Model.java:42"), when diagnostics were on at forward time; else null. */
    private CallSite callSite;
    private Object extra;
    private boolean[] needsInputGrad;
    private boolean released;
    /** The engine's offer of a place for this (unrecorded) application's output, or null. */
    private ViewGradient offer;

    Context(Op op, int arity, boolean recorded) {
        this.op = op;
        this.arity = arity;
        this.recorded = recorded;
    }

    /** Keeps tensors for {@code vjp}: inputs, or the output itself when the derivative is cheaper from it. */
    public void save(Tensor... tensors) {
        saved = tensors.clone();
        if (recorded) {
            versions = new int[tensors.length];
            for (int i = 0; i < tensors.length; i++) {
                versions[i] = tensors[i] == null ? 0 : tensors[i].version();
            }
        }
    }

    /**
     * The tensors given to {@link #save}, in order. Throws IllegalStateException when one of them was
     * modified in place since it was saved.
     */
    public Tensor[] saved() {
        checkNotReleased();
        for (int i = 0; i < versions.length; i++) {
            if (saved[i] != null && saved[i].version() != versions[i]) {
                throw modified(i);
            }
        }
        return saved;
    }

    private IllegalStateException modified(int i) {
        Tensor t = saved[i];
        return new IllegalStateException(op.name() + (callSite != null ? " (applied at " + callSite + ")" : "")
                + ": saved tensor " + i + " of shape " + Shapes.str(t.shape()) + " was modified in place after "
                + op.name() + " saved it for backward (version " + versions[i] + " when saved, now " + t.version()
                + "), so its gradient would be computed from the new values. Clone the tensor (copy()) before "
                + "modifying it, or modify it after backward."
                + (callSite == null ? " (Turn on Anomaly.detect() to see where the op was applied.)" : ""));
    }

    /** The saved tensors without the version check, for reports on what the graph holds. */
    Tensor[] savedUnchecked() {
        return saved;
    }

    void setCallSite(CallSite site) {
        callSite = site;
    }

    /** Where the op was applied, when captured at forward time; else null. */
    CallSite callSite() {
        return callSite;
    }

    Op op() {
        return op;
    }

    /** Keeps a non-tensor value for {@code vjp}, e.g. the argmax positions of a max pooling. */
    public void saveExtra(Object value) {
        extra = value;
    }

    /** The value given to {@link #saveExtra}, cast to {@code type}. */
    public <T> T extra(Class<T> type) {
        checkNotReleased();
        return type.cast(extra);
    }

    /**
     * During {@code vjp}: whether input {@code i} needs a gradient in this backward pass. A vjp computes
     * only those and returns null for the others.
     */
    public boolean needsInputGrad(int i) {
        if (needsInputGrad == null) {
            throw new IllegalStateException(op.name() + ": needsInputGrad is only known during vjp");
        }
        return needsInputGrad[i];
    }

    /**
     * A place for this application's output that the engine offers during backward, or null (the usual case,
     * and always outside backward): a view with {@code like}'s shape and dtype into a zeroed buffer that is to
     * become the gradient of a larger tensor (the input of a narrow or select), so strided and offset. It is
     * offered only to ops applied to a vjp's incoming gradient while the engine runs that vjp without a graph
     * (see {@code ViewGradient} for the rule). An op that asks must write every element of its output through
     * the view's strides and return the view itself; an op that cannot write such a view does not ask.
     */
    public Tensor claimOutput(Tensor like) {
        if (offer == null) {
            return null;
        }
        Tensor view = offer.claim(like);
        offer = null;
        return view;
    }

    /** True when the engine offers a place for this application's output (see {@link #claimOutput}); cheap. */
    public boolean offersOutput() {
        return offer != null;
    }

    void offer(ViewGradient o) {
        offer = o;
    }

    /** Number of inputs of the op application (null inputs included). */
    public int arity() {
        return arity;
    }

    void setNeedsInputGrad(boolean[] needs) {
        needsInputGrad = needs;
    }

    boolean isReleased() {
        return released;
    }

    void release() {
        released = true;
        saved = NONE;
        versions = NO_VERSIONS;
        extra = null;
        needsInputGrad = null;
    }

    private void checkNotReleased() {
        if (released) {
            throw new IllegalStateException(op.name() + ": its saved tensors were released by an earlier backward; "
                    + "pass retainGraph=true to the first backward to backward through the graph twice");
        }
    }

    @Override
    public String toString() {
        return "Context[" + op.name() + ", saved=" + saved.length + ", needsInputGrad="
                + Arrays.toString(needsInputGrad) + "]";
    }
}
