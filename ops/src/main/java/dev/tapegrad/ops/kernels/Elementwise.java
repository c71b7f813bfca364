package dev.tapegrad.ops.kernels;

/**
 * What the pointwise loops share: the split of a pass over threads and the arithmetic kinds. The loops themselves
 * are per dtype, {@link ElementwiseFloat} (relu, its gradient, unary maps) and {@link BroadcastFloat} (broadcasting
 * arithmetic), each with a generated FLOAT64 twin.
 */
public final class Elementwise {
    private Elementwise() {}

    /** The four broadcasting arithmetic operations ({@link BroadcastFloat}). */
    public enum Kind { ADD, SUB, MUL, DIV }

    /** Elements per chunk of a pointwise pass split over {@link Parallel}'s threads. */
    static final int CHUNK = 1 << 15;

    /** A pass over elements [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Runs body over [0, n) in chunks over {@link Parallel}'s threads (inline when n is small). */
    public static void forRange(int n, Range body) {
        Parallel.forRange(n, CHUNK, body::run);
    }
}
