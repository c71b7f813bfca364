package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.ops.Ops;

/**
 * 2-D average pooling as torch.nn.AvgPool2d (stride defaults to the kernel size; countIncludePad true
 * divides by the full window including padding).
 */
public final class AvgPool2d extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    public AvgPool2d(int kernel, int stride) {
        this(Conv2d.pair(kernel), Conv2d.pair(stride), Conv2d.pair(0), false, true);
    }

    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this.kernel = ConvChecks.positive("AvgPool2d", "kernel", kernel);
        this.stride = ConvChecks.positive("AvgPool2d", "stride", stride);
        this.padding = ConvChecks.nonNegative("AvgPool2d", "padding", padding);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 && x.rank() != 3) {
            throw new IllegalArgumentException(this + ": expected input [N, C, H, W] or [C, H, W], got "
                    + Shapes.str(x.shape()));
        }
        return Ops.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad);
    }

    @Override
    public String toString() {
        return "AvgPool2d(kernel " + ConvChecks.hw(kernel) + ConvChecks.options(stride, padding, null, 1)
                + (ceilMode ? ", ceil" : "") + (countIncludePad ? "" : ", exclude pad") + ")";
    }
}
