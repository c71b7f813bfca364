package dev.tapegrad.autograd;

import java.util.List;

/**
 * Whether ops applied on the current thread are recorded on the tape. On by default; switch it off for
 * a scope with try-with-resources:
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     ... // nothing recorded here, e.g. an optimizer step or evaluation
 * }
 * }</pre>
 */
public final class GradMode {
    private GradMode() {}

    /** Mutable per-thread flag; one lookup per op keeps the tape overhead low. */
    static final class State {
        boolean enabled = true;
        /**
         * Non-null while the engine runs vjps without building a graph: the outputs over storage of their
         * own of the ops applied since the current vjp began, which the engine may keep as gradients
         * without a copy: see {@link GradBuffers}, the one place that rule lives.
         */
        List<Tensor> madeInVjp;
        /**
         * Non-null while the engine runs a vjp whose gradient for one input may be written straight into a view
         * of a larger zeroed gradient (that input is a narrow or select of another tensor): see {@link ViewGradient}.
         */
        ViewGradient viewOffer;
        /** NaN/inf checks in forward and backward ({@link Anomaly}); implies call-site capture. */
        boolean anomaly;
        /** Capture each recorded op's call site at forward time (for {@link GradCheck#localize}). */
        boolean sites;
        /** The engine is running vjps: ops applied now are checked through the vjp's results instead. */
        boolean inBackward;
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    static State state() {
        return STATE.get();
    }

    /** True when ops applied on this thread are recorded. */
    public static boolean isEnabled() {
        return STATE.get().enabled;
    }

    /** Turns recording off until the returned scope is closed, then restores the previous mode. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Turns recording on until the returned scope is closed (e.g. inside a {@link #noGrad()} scope). */
    public static Scope enableGrad() {
        return set(true);
    }

    /** Sets recording on or off until the returned scope is closed. */
    public static Scope set(boolean enabled) {
        State state = STATE.get();
        Scope scope = new Scope(state, state.enabled);
        state.enabled = enabled;
        return scope;
    }

    /** Restores the grad mode that was in force when it was opened. Close it on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private final State state;
        private final boolean previous;

        private Scope(State state, boolean previous) {
            this.state = state;
            this.previous = previous;
        }

        @Override
        public void close() {
            state.enabled = previous;
        }
    }
}
