package dev.tapegrad.nn.optim;

/** lr = base · γ^⌊epoch / stepSize⌋ (PyTorch's StepLR). */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepLR: step size must be positive, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public double lrAt(int epoch) {
        return baseLr * Math.pow(gamma, epoch / stepSize);
    }
}
