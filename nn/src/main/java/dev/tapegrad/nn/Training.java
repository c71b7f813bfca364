package dev.tapegrad.nn;

import dev.tapegrad.autograd.Tensor;

/** Guards for training loops. */
public final class Training {
    private Training() {}

    /**
     * Returns the loss value, or throws naming the step when it is NaN or infinite, so a diverged run
     * stops instead of training on garbage.
     */
    public static double checkFinite(Tensor loss, long step) {
        double v = loss.item();
        if (!Double.isFinite(v)) {
            throw new NonFiniteLossException(step, v);
        }
        return v;
    }

    /**
     * How many rows of logits [N, C] have their largest entry (the first, on ties) at the row's label:
     * the numerator of an accuracy.
     */
    public static int correct(Tensor logits, int[] labels) {
        if (logits.rank() != 2 || logits.size(0) != labels.length) {
            throw new IllegalArgumentException("correct: expected logits [" + labels.length + ", C], got "
                    + java.util.Arrays.toString(logits.shape()));
        }
        int n = labels.length;
        int c = logits.size(1);
        double[] v = logits.toDoubleArray();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (v[i * c + j] > v[i * c + best]) {
                    best = j;
                }
            }
            hits += best == labels[i] ? 1 : 0;
        }
        return hits;
    }

    /** Thrown when the loss stops being a finite number. */
    public static final class NonFiniteLossException extends IllegalStateException {
        private final long step;

        public NonFiniteLossException(long step, double value) {
            super("loss is " + value + " at step " + step + "; stopping instead of training on garbage "
                    + "(try a lower learning rate or gradient clipping)");
            this.step = step;
        }

        public long step() {
            return step;
        }
    }
}
