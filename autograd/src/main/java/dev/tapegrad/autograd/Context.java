package dev.tapegrad.autograd;

import java.util.Arrays;

/**
 * What one application of an {@link Op} keeps from {@code forward} for {@code vjp}: saved tensors, an
 * optional non-tensor extra (e.g. argmax indices), and, during backward, which inputs need a gradient.
 * Released after backward unless the graph is retained.
 */
public final class Context {
    private static final Tensor[] NONE = new Tensor[0];

    private final Op op;
    private final int arity;
    private Tensor[] saved = NONE;
    private Object extra;
    private boolean[] needsInputGrad;
    private boolean released;

    Context(Op op, int arity) {
        this.op = op;
        this.arity = arity;
    }

    /** Keeps tensors for {@code vjp}: inputs, or the output itself when the derivative is cheaper from it. */
    public void save(Tensor... tensors) {
        saved = tensors.clone();
    }

    /** The tensors given to {@link #save}, in order. */
    public Tensor[] saved() {
        checkNotReleased();
        return saved;
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
