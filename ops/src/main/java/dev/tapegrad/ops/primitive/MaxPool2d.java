package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
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
 * 2-D max pooling, as torch.nn.functional.max_pool2d: y[n, c, oh, ow] = max of x over the window's taps
 * inside the input (padding never wins). Saves the argmax of each window, as its tap number ki·kW + kj in
 * a tensor of x's dtype; a tie goes to the first maximum in row-major window order, a NaN is propagated (the last NaN of the window is the argmax). A dilated
 * window that misses the input entirely (possible only with dilation) gives -inf and no gradient.
 * A channels-last input ([N, H, W, C] storage permuted to [N, C, H, W]) is pooled in place and gives a channels-last
 * output and argmax, as in PyTorch. vjp: {@link MaxPool2dBackward} scatters g to the argmax positions.
 */
public final class MaxPool2d extends Op {
    static final String NAME = "maxPool2d";

    /**
     * Fewest channels for which windows other than 2×2 tiles pool NCHW input through the channels-last kernel
     * ({@link #throughChannelsLast}): whole vectors of channels (16 FLOAT32 lanes at 512 bits; the scalar loop
     * does the rest).
     */
    static final int TRANSPOSED_MIN_CHANNELS = 16;

    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean ceilMode;

    public MaxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernel = SpatialArgs.pair(NAME, "kernel", kernel, 1);
        this.stride = SpatialArgs.pair(NAME, "stride", stride, 1);
        this.padding = SpatialArgs.pair(NAME, "padding", padding, 0);
        this.dilation = SpatialArgs.pair(NAME, "dilation", dilation, 1);
        this.ceilMode = ceilMode;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The geometry of pooling {@code x}, with PyTorch's output sizes; checks the shape. */
    static PoolGeometry geometry(String op, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                 boolean ceilMode) {
        SpatialArgs.rank4(op, "input", x, "[N, C, H, W]");
        int[] s = x.shape();
        String shapes = "input " + Shapes.str(s) + " (kernel " + kernel[0] + "x" + kernel[1] + ", stride "
                + stride[0] + "x" + stride[1] + ", padding " + padding[0] + "x" + padding[1] + ")";
        int oh = SpatialArgs.poolOut(op, 0, s[2], kernel[0], stride[0], padding[0], dilation[0], ceilMode, shapes);
        int ow = SpatialArgs.poolOut(op, 1, s[3], kernel[1], stride[1], padding[1], dilation[1], ceilMode, shapes);
        return new PoolGeometry(s[0] * s[1], s[2], s[3], oh, ow, kernel[0], kernel[1], stride[0], stride[1],
                padding[0], padding[1], dilation[0], dilation[1]);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        PoolGeometry g = geometry(NAME, x, kernel, stride, padding, dilation, ceilMode);
        if (MemoryOrder.channelsLast(x) && x.numel() > 0) {
            return channelsLast(ctx, x, g);
        }
        if (PoolShapes.transposedInput(x, g)) {
            return transposed(ctx, x, g);
        }
        if (!g.isTwoByTwo() && x.size(1) >= TRANSPOSED_MIN_CHANNELS && Kernels.simd() && x.numel() > 0) {
            return throughChannelsLast(ctx, x, g);
        }
        Tensor y = Tensor.zeros(x.dtype(), x.size(0), x.size(1), g.outH(), g.outW());
        Tensor indices = Tensor.zeros(x.dtype(), y.shape());
        boolean dense = Dense.isDense(x);
        if (x.dtype() == DType.FLOAT32 && dense) {
            PoolFloat.maxForward(g, x.floatStorage(), y.floatStorage(), indices.floatStorage());
        } else if (x.dtype() == DType.FLOAT32) {
            PoolFloat.maxForward(g, x.size(1), x.floatStorage(), x.storageOffset(), x.strides(), y.floatStorage(),
                    indices.floatStorage());
        } else if (dense) {
            PoolDouble.maxForward(g, x.doubleStorage(), y.doubleStorage(), indices.doubleStorage());
        } else {
            PoolDouble.maxForward(g, x.size(1), x.doubleStorage(), x.storageOffset(), x.strides(), y.doubleStorage(),
                    indices.doubleStorage());
        }
        ctx.save(indices);
        ctx.saveExtra(new PoolShapes(g, x.shape(), false, PoolShapes.storedTransposed(x)));
        return y;
    }

    /** The pooling of a channels-last x, read in place; y and the argmax are channels-last too (as PyTorch's). */
    private Tensor channelsLast(Context ctx, Tensor x, PoolGeometry g) {
        int n = x.size(0);
        int c = x.size(1);
        int size = n * c * g.outH() * g.outW();
        Tensor y;
        Tensor indices;
        if (x.dtype() == DType.FLOAT32) {
            float[] yv = new float[size];
            float[] arg = new float[size];
            PoolChannelsLastFloat.maxForward(g, c, x.floatStorage(), yv, arg);
            y = MemoryOrder.channelsLast(yv, n, c, g.outH(), g.outW());
            indices = MemoryOrder.channelsLast(arg, n, c, g.outH(), g.outW());
        } else {
            double[] yv = new double[size];
            double[] arg = new double[size];
            PoolChannelsLastDouble.maxForward(g, c, x.doubleStorage(), yv, arg);
            y = MemoryOrder.channelsLast(yv, n, c, g.outH(), g.outW());
            indices = MemoryOrder.channelsLast(arg, n, c, g.outH(), g.outW());
        }
        ctx.save(indices);
        ctx.saveExtra(new PoolShapes(g, x.shape(), true));
        return y;
    }

    /**
     * The 2×2 pooling of an x whose H has stride 1 (H and W transposed), read in place plane by transposed plane;
     * y is contiguous (as PyTorch's), the argmax stays in x's stored order ([N, C, OW, OH] row-major), where
     * {@link MaxPool2dBackward} scatters into a gradient stored as x is.
     */
    private Tensor transposed(Context ctx, Tensor x, PoolGeometry g) {
        Tensor y = Tensor.zeros(x.dtype(), x.size(0), x.size(1), g.outH(), g.outW());
        int[] strides = PoolShapes.transposedStrides(y.shape());
        Tensor indices;
        if (x.dtype() == DType.FLOAT32) {
            float[] arg = new float[y.numel()];
            PoolTransposedFloat.maxForward(g, x.size(1), x.floatStorage(), x.storageOffset(), x.strides(),
                    y.floatStorage(), arg);
            indices = Tensor.adoptStrided(arg, y.shape(), strides);
        } else {
            double[] arg = new double[y.numel()];
            PoolTransposedDouble.maxForward(g, x.size(1), x.doubleStorage(), x.storageOffset(), x.strides(),
                    y.doubleStorage(), arg);
            indices = Tensor.adoptStrided(arg, y.shape(), strides);
        }
        ctx.save(indices);
        ctx.saveExtra(new PoolShapes(g, x.shape(), false, true));
        return y;
    }

    /**
     * The pooling of an NCHW x with windows other than 2×2 tiles, through the channels-last kernel: x copied into
     * channels-last order, pooled there with SIMD across the channels, y and the argmax copied back (the copies
     * are transposes at memory speed; same values and argmax bit for bit). The NCHW loop visits a window's taps one
     * element at a time: on (32, 64, 32, 32), 3×3 stride 2 pad 1, it took 20-23 ms on one thread (CPU time)
     * against 1.0-1.3 ms for the channels-last kernel on channels-last storage.
     */
    private Tensor throughChannelsLast(Context ctx, Tensor x, PoolGeometry g) {
        int c = x.size(1);
        Tensor y = Tensor.zeros(x.dtype(), x.size(0), c, g.outH(), g.outW());
        Tensor indices = Tensor.zeros(x.dtype(), y.shape());
        ChannelsLastCopies.pool(x, (in, outs) -> {
            if (in instanceof float[] xl) {
                PoolChannelsLastFloat.maxForward(g, c, xl, (float[]) outs[0], (float[]) outs[1]);
            } else {
                PoolChannelsLastDouble.maxForward(g, c, (double[]) in, (double[]) outs[0], (double[]) outs[1]);
            }
        }, y, indices);
        ctx.save(indices);
        ctx.saveExtra(new PoolShapes(g, x.shape(), false, PoolShapes.storedTransposed(x)));
        return y;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gy) {
        PoolShapes s = ctx.extra(PoolShapes.class);
        Tensor indices = ctx.saved()[0];
        // the backward reads gy once, in whatever layout (channels-last: an expanded seed per channel); gy itself
        // goes in, so that the engine may offer the place of dx in a narrowed input's padded gradient
        return new Tensor[] {new MaxPool2dBackward(s).apply(gy, indices)};
    }
}
