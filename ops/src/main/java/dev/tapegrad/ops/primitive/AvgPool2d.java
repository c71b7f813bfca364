package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Kernels;
import dev.tapegrad.ops.kernels.PoolChannelsLastDouble;
import dev.tapegrad.ops.kernels.PoolChannelsLastFloat;
import dev.tapegrad.ops.kernels.PoolDouble;
import dev.tapegrad.ops.kernels.PoolFloat;
import dev.tapegrad.ops.kernels.PoolGeometry;
import dev.tapegrad.ops.kernels.PoolTransposedDouble;
import dev.tapegrad.ops.kernels.PoolTransposedFloat;

/**
 * 2-D average pooling, as torch.nn.functional.avg_pool2d: the window's sum over the input divided by
 * the window size clipped to the padded input (countIncludePad) or to the input itself. Linear:
 * y = A·x. A channels-last input is pooled in place and gives a channels-last output, as in PyTorch; an NCHW input
 * of 16 channels or more with windows other than 2×2 tiles is pooled through the same kernel ({@link
 * ChannelsLastCopies}: 3×3 stride 2 pad 1 on (32, 64, 32, 32), one thread, 5.9 → 2.4 ms). vjp:
 * {@link AvgPool2dBackward}, dx = Aᵀ·g, each g spread evenly over its window.
 */
public final class AvgPool2d extends Op {
    static final String NAME = "avgPool2d";
    private static final int[] NO_DILATION = {1, 1};

    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this.kernel = SpatialArgs.pair(NAME, "kernel", kernel, 1);
        this.stride = SpatialArgs.pair(NAME, "stride", stride, 1);
        this.padding = SpatialArgs.pair(NAME, "padding", padding, 0);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        PoolGeometry g = MaxPool2d.geometry(NAME, x, kernel, stride, padding, NO_DILATION, ceilMode);
        boolean channelsLast = MemoryOrder.channelsLast(x) && x.numel() > 0;
        boolean transposed = !channelsLast && PoolShapes.transposedInput(x, g);
        ctx.saveExtra(new PoolShapes(g, x.shape(), channelsLast, transposed));
        if (channelsLast) {
            int n = x.size(0);
            int c = x.size(1);
            int size = n * c * g.outH() * g.outW();
            if (x.dtype() == DType.FLOAT32) {
                float[] y = new float[size];
                PoolChannelsLastFloat.avgForward(g, c, x.floatStorage(), y, countIncludePad);
                return MemoryOrder.channelsLast(y, n, c, g.outH(), g.outW());
            }
            double[] y = new double[size];
            PoolChannelsLastDouble.avgForward(g, c, x.doubleStorage(), y, countIncludePad);
            return MemoryOrder.channelsLast(y, n, c, g.outH(), g.outW());
        }
        Tensor y = Tensor.zeros(x.dtype(), x.size(0), x.size(1), g.outH(), g.outW());
        if (transposed) {   // H and W transposed: read in place, y contiguous as PyTorch's
            if (x.dtype() == DType.FLOAT32) {
                PoolTransposedFloat.avgForward(g, x.size(1), x.floatStorage(), x.storageOffset(), x.strides(),
                        y.floatStorage());
            } else {
                PoolTransposedDouble.avgForward(g, x.size(1), x.doubleStorage(), x.storageOffset(), x.strides(),
                        y.doubleStorage());
            }
            return y;
        }
        if (!g.isTwoByTwo() && x.size(1) >= MaxPool2d.TRANSPOSED_MIN_CHANNELS && Kernels.simd() && x.numel() > 0) {
            ChannelsLastCopies.pool(x, (xl, outs) -> {
                if (xl instanceof float[] xf) {
                    PoolChannelsLastFloat.avgForward(g, x.size(1), xf, (float[]) outs[0], countIncludePad);
                } else {
                    PoolChannelsLastDouble.avgForward(g, x.size(1), (double[]) xl, (double[]) outs[0], countIncludePad);
                }
            }, y);
            return y;
        }
        boolean dense = Dense.isDense(x);
        if (x.dtype() == DType.FLOAT32 && dense) {
            PoolFloat.avgForward(g, x.floatStorage(), y.floatStorage(), countIncludePad);
        } else if (x.dtype() == DType.FLOAT32) {
            PoolFloat.avgForward(g, x.size(1), x.floatStorage(), x.storageOffset(), x.strides(), y.floatStorage(),
                    countIncludePad);
        } else if (dense) {
            PoolDouble.avgForward(g, x.doubleStorage(), y.doubleStorage(), countIncludePad);
        } else {
            PoolDouble.avgForward(g, x.size(1), x.doubleStorage(), x.storageOffset(), x.strides(), y.doubleStorage(),
                    countIncludePad);
        }
        return y;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gy) {
        PoolShapes s = ctx.extra(PoolShapes.class);
        // the backward reads gy once, in whatever layout; gy itself goes in, so that the engine may offer the place
        // of dx in a narrowed input's padded gradient
        return new Tensor[] {new AvgPool2dBackward(this, s, countIncludePad).apply(gy)};
    }
}
