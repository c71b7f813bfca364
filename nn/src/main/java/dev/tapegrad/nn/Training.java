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
