package dev.tapegrad.autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * The gradients in flight during one backward pass, one slot per tensor of the pass's order, and the one
 * rule for when the engine may reuse a gradient's storage instead of copying it:
 *
 * <blockquote>The engine <em>owns</em> a gradient when it is a sum the engine made itself, or a vjp output
 * of at least {@link #MIN_ELEMENTS} elements over storage allocated during that very vjp (by a factory, for
 * that tensor object or for one the output is a view of that fills the storage, such as a permute back to the
 * input's layout) and shared neither with the incoming gradient nor with another gradient the vjp
 * returned, or a view that fills the storage of an incoming gradient the engine owned and nobody else saw
 * (no hook, no {@code grad()}, not a result of {@link Autograd#grad}), returned by a vjp that hands its
 * gradient on ({@link Op#vjpHandsOnGradient}: permute, reshape) and shared with no other gradient it
 * returned. An owned gradient fills its storage (contiguous or in another order of the dims); it may be
 * added into in place and may become a leaf's {@code grad()} without a copy. Nothing is owned under
 * {@code createGraph}, where gradients are recorded outputs, not values.
 * </blockquote>
 *
 * <p>Below {@link #MIN_ELEMENTS} a copy costs less than the bookkeeping, so small gradients are never
 * tracked. "Allocated during that vjp" is learnt from {@link Op#apply}, which lists (through
 * {@link #noteMade}) the outputs it makes while the engine runs a vjp without building a graph; the
 * engine clears the list before each vjp, so a tensor kept from an earlier pass is never taken as fresh.
 */
final class GradBuffers {
    /** Smallest gradient, in elements, whose storage the engine tracks for reuse. */
    static final int MIN_ELEMENTS = 512;

    private final Tensor[] grads;
    /** owned[k]: grads[k] is the engine's alone; null under createGraph. */
    private final boolean[] owned;
    /** Outputs over fresh storage made since the current vjp began; null under createGraph. */
    private final List<Tensor> made;
    /** bases[k]: the zeroed buffer grads[k] was written into as a view ({@link ViewGradient}); null when none. */
    private Tensor[] bases;

    GradBuffers(int n, boolean createGraph) {
        grads = new Tensor[n];
        owned = createGraph ? null : new boolean[n];
        made = createGraph ? null : new ArrayList<>();
    }

    /** The list {@link Op#apply} fills during a vjp (see {@link GradMode.State#madeInVjp}); null under createGraph. */
    List<Tensor> madeList() {
        return made;
    }

    /** Puts the seed gradient in slot k; the caller keeps it, so it is not owned. */
    void seed(int k, Tensor g) {
        grads[k] = g;
    }

    /**
     * Puts in the empty slot k a vjp's gradient {@code view} written into a view of {@code base}, a zeroed buffer
     * of the shape of the view op's input ({@link ViewGradient}); the slot is not owned: its base is handed on
     * by {@link #takeBase} instead.
     */
    void putView(int k, Tensor view, Tensor base) {
        if (grads[k] != null) {
            throw new IllegalStateException("GradBuffers: a gradient written into a view arrived at a slot already holding one");
        }
        if (bases == null) {
            bases = new Tensor[grads.length];
        }
        grads[k] = view;
        bases[k] = base;
    }

    /** Removes and returns the base of slot k's view gradient (before {@link #take}), or null. */
    Tensor takeBase(int k) {
        if (bases == null) {
            return null;
        }
        Tensor b = bases[k];
        bases[k] = null;
        return b;
    }

    /** Adds into slot k a gradient made during this backward that nothing else references (a view gradient's base). */
    void addFresh(int k, Tensor g, Op sum) {
        if (grads[k] == null) {
            grads[k] = g;
            owned[k] = true;
        } else if (owned[k]) {
            GradSum.addInto(grads[k], g);
        } else {
            GradSum.addInto(g, grads[k]);   // a + b == b + a exactly: the same sums as a new GradSum
            grads[k] = g;
            owned[k] = true;
        }
    }

    /** Removes and returns slot k's gradient (null when none arrived). */
    Tensor take(int k) {
        Tensor g = grads[k];
        grads[k] = null;
        return g;
    }

    /** True when slot k's gradient (before {@link #take}) belongs to the engine alone. */
    boolean owned(int k) {
        return owned != null && owned[k];
    }

    /** Call before each vjp: forgets the outputs made during the previous one. */
    void beginVjp() {
        if (made != null && !made.isEmpty()) {
            made.clear();
        }
    }

    /**
     * Adds the vjp's gradient {@code gs[j]} into slot k, reusing storage only as the rule allows;
     * {@code incoming} is the gradient the vjp was given, and {@code handOn} says that the engine owned it
     * and the vjp hands it on.
     */
    void add(int k, Tensor[] gs, int j, Tensor incoming, boolean handOn, Op sum) {
        Tensor g = gs[j];
        if (grads[k] == null) {
            grads[k] = g;
            if (owned != null && (isFresh(gs, j, incoming) || isHandedOn(gs, j, incoming, handOn))) {
                owned[k] = true;
            }
        } else if (owned == null) {
            grads[k] = sum.apply(grads[k], g);
        } else if (owned[k]) {
            GradSum.addInto(grads[k], g);
        } else if (isFresh(gs, j, incoming) || isHandedOn(gs, j, incoming, handOn)) {
            GradSum.addInto(g, grads[k]);   // a + b == b + a exactly: the same sums as a new GradSum
            grads[k] = g;
            owned[k] = true;
        } else {
            grads[k] = sum.apply(grads[k], g);
            owned[k] = true;
        }
    }

    /** The rule's second case: gs[j] was made during this vjp over storage of its own (or fills such storage), shared with nothing else. */
    private boolean isFresh(Tensor[] gs, int j, Tensor incoming) {
        return !made.isEmpty() && overMadeStorage(gs[j]) && unshared(gs, j, incoming);
    }

    /** g is one of the made tensors, or a view that fills the storage of one. */
    private boolean overMadeStorage(Tensor g) {
        if (isOneOf(g, made)) {
            return true;
        }
        if (!g.isDenseView()) {
            return false;
        }
        for (int i = 0, n = made.size(); i < n; i++) {
            if (made.get(i).storage() == g.storage()) {
                return true;
            }
        }
        return false;
    }

    /** The rule's third case: gs[j] fills the storage of the owned incoming gradient, and no other gs[m] shares it. */
    private static boolean isHandedOn(Tensor[] gs, int j, Tensor incoming, boolean handOn) {
        Tensor g = gs[j];
        if (!handOn || g.storage() != incoming.storage() || !g.isDenseView()) {
            return false;
        }
        for (int m = 0; m < gs.length; m++) {
            if (m != j && gs[m] != null && gs[m].storage() == g.storage()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOneOf(Tensor t, List<Tensor> list) {
        for (int i = 0, n = list.size(); i < n; i++) {
            if (list.get(i) == t) {
                return true;
            }
        }
        return false;
    }

    /** gs[j]'s storage is neither the incoming gradient's nor that of another returned gradient. */
    private static boolean unshared(Tensor[] gs, int j, Tensor incoming) {
        Object storage = gs[j].storage();
        if (storage == incoming.storage()) {
            return false;
        }
        for (int m = 0; m < gs.length; m++) {
            if (m != j && gs[m] != null && gs[m].storage() == storage) {
                return false;
            }
        }
        return true;
    }

    /**
     * Called by {@link Op#apply} for an op run while the engine computes a vjp without a graph: lists
     * {@code out} when it is big enough and over storage allocated for it that no input shares.
     */
    static void noteMade(List<Tensor> made, Tensor out, Tensor[] inputs) {
        if (out.numel() >= MIN_ELEMENTS && out.ownsStorage() && !sharesStorage(out, inputs)) {
            made.add(out);
        }
    }

    private static boolean sharesStorage(Tensor t, Tensor[] inputs) {
        Object storage = t.storage();
        for (Tensor in : inputs) {
            if (in != null && in.storage() == storage) {
                return true;
            }
        }
        return false;
    }
}
