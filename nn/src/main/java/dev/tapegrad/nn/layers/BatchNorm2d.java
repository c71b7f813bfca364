package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Buffer;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Parameter;
import dev.tapegrad.ops.Ops;

/**
 * Batch normalisation over the channels of x [N, C, H, W], as PyTorch's BatchNorm2d:
 * y = (x - μ) / √(σ² + eps) · weight + bias per channel, through {@link Ops#batchNorm} (fused in training).
 *
 * <p>Training mode uses the batch's mean and biased variance over (N, H, W) and updates the buffers
 * {@code running_mean}/{@code running_var} as running = (1 - momentum)·running + momentum·batch, with the
 * unbiased variance (·n/(n-1)) for {@code running_var}, and counts {@code num_batches_tracked}. Evaluation
 * mode uses the running statistics. Defaults: eps 1e-5, momentum 0.1, weight 1, bias 0.
 */
public final class BatchNorm2d extends Module {
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer numBatchesTracked;

    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1, true);
    }

    public BatchNorm2d(int channels, double eps, double momentum, boolean affine) {
        if (channels <= 0) {
            throw new IllegalArgumentException("BatchNorm2d: channels must be positive, got " + channels);
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(DType.FLOAT32, channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(DType.FLOAT32, channels)) : null;
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(DType.FLOAT32, channels));
        this.runningVar = registerBuffer("running_var", Tensor.ones(DType.FLOAT32, channels));
        this.numBatchesTracked = registerCountBuffer("num_batches_tracked", 0);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean.tensor();
    }

    public Tensor runningVar() {
        return runningVar.tensor();
    }

    public long numBatchesTracked() {
        return (long) numBatchesTracked.tensor().item();
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != channels) {
            throw new IllegalArgumentException(this + ": expected input [N, " + channels + ", H, W], got "
                    + Shapes.str(s));
        }
        requireDType(x, runningMean.dtype());
        if (isTraining() && s[0] * s[2] * s[3] <= 1) {
            throw new IllegalArgumentException(this + ": expected more than 1 value per channel when training, got input "
                    + Shapes.str(s));
        }
        Tensor y = Ops.batchNorm(x, runningMean.tensor(), runningVar.tensor(), weight == null ? null : weight.tensor(),
                bias == null ? null : bias.tensor(), isTraining(), momentum, eps);
        if (isTraining()) {
            try (GradMode.Scope off = GradMode.noGrad()) {
                Tensor count = numBatchesTracked.tensor();
                count.copyFrom(Tensor.scalar(count.item() + 1));
            }
        }
        return y;
    }

    @Override
    public String toString() {
        return "BatchNorm2d(" + channels + ")";
    }
}
