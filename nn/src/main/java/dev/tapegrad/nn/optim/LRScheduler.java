package dev.tapegrad.nn.optim;

/**
 * Sets an optimizer's learning rate from an epoch count, as PyTorch's schedulers with one {@link #step()}
 * per epoch: made at epoch 0 with the optimizer's current rate as the base; step() advances the epoch and
 * applies {@link #lrAt(int)}.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final double baseLr;
    private int epoch;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    /** The learning rate for a given epoch (closed form). */
    public abstract double lrAt(int epoch);

    /** Advances one epoch and sets the optimizer's learning rate. */
    public final void step() {
        epoch++;
        optimizer.setLr(lrAt(epoch));
    }

    /** Epochs stepped so far. */
    public final int epoch() {
        return epoch;
    }

    /** Jumps to an epoch (e.g. when resuming from a checkpoint) and sets the learning rate for it. */
    public final void setEpoch(int epoch) {
        this.epoch = epoch;
        optimizer.setLr(lrAt(epoch));
    }
}
