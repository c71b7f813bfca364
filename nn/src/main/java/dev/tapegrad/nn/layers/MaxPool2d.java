package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.ops.Ops;

/**
 * 2-D max pooling as torch.nn.MaxPool2d (stride defaults to the kernel size). A tie sends the gradient
 * to the first maximal element in row-major window order.
 */
public final class MaxPool2d extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean ceilMode;

    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernel, int stride) {
        this(Conv2d.pair(kernel), Conv2d.pair(stride), Conv2d.pair(0), Conv2d.pair(1), false);
    }

    public MaxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernel = ConvChecks.positive("MaxPool2d", "kernel", kernel);
        this.stride = ConvChecks.positive("MaxPool2d", "stride", stride);
        this.padding = ConvChecks.nonNegative("MaxPool2d", "padding", padding);
        this.dilation = ConvChecks.positive("MaxPool2d", "dilation", dilation);
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 && x.rank() != 3) {
            throw new IllegalArgumentException(this + ": expected input [N, C, H, W] or [C, H, W], got "
                    + Shapes.str(x.shape()));
        }
        return Ops.maxPool2d(x, kernel, stride, padding, dilation, ceilMode);
    }

    @Override
    public String toString() {
        return "MaxPool2d(kernel " + ConvChecks.hw(kernel) + ConvChecks.options(stride, padding, dilation, 1)
                + (ceilMode ? ", ceil" : "") + ")";
    }
}
