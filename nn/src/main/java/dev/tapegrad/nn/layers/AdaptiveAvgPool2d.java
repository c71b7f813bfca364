package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.ops.Ops;

/**
 * Average pooling of [N, C, H, W] (or [C, H, W]) to a fixed outH x outW grid, with PyTorch's windows
 * [floor(i·H/outH), ceil((i+1)·H/outH)).
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outSize) {
        this(outSize, outSize);
    }

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        int r = x.rank();
        if ((r != 3 && r != 4) || x.size(-1) == 0 || x.size(-2) == 0) {
            throw new IllegalArgumentException(this + ": expected input [N, C, H, W] or [C, H, W] with H, W > 0, got "
                    + Shapes.str(x.shape()));
        }
        return Ops.adaptiveAvgPool2d(x, outH, outW);
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outH + ", " + outW + ")";
    }
}
