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
 * The input gradient of one average pooling, dx = Aᵀ·g: each g divided by its window's divisor and
 * added over the window; the gradient of a channels-last input (or a channels-last g) is channels-last whatever g's
 * layout (an expanded g is read one value per channel). vjp: the
 * average pooling A itself.
 */
public final class AvgPool2dBackward extends Op {
    private final AvgPool2d pool;
    private final PoolShapes shapes;
    private final PoolGeometry geometry;
    private final boolean countIncludePad;
    private final int[] inputShape;
    /** The pooling's input was channels-last: so is dx, whatever gy's layout. */
    private final boolean channelsLast;

    /** The adjoint of {@code pool} applied to inputs of the given shapes (options only: no per-call values). */
    AvgPool2dBackward(AvgPool2d pool, PoolShapes shapes, boolean countIncludePad) {
        this.pool = pool;
        this.shapes = shapes;
        this.geometry = shapes.geometry();
        this.countIncludePad = countIncludePad;
        this.inputShape = shapes.inputShape();
        this.channelsLast = shapes.channelsLast();
    }

    @Override
    public String name() {
        return "avgPool2dBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor gy = in[0];
        if (channelsLast || MemoryOrder.channelsLast(gy)) {
            int[] s = inputShape;
            int size = s[0] * s[1] * s[2] * s[3];
            ChannelsLastCopies.Gradient g = ChannelsLastCopies.gradient(gy);
            if (gy.dtype() == DType.FLOAT32) {
                float[] gx = new float[size];
                PoolChannelsLastFloat.avgBackward(geometry, s[1], (float[]) g.values(), g.step(), gx, countIncludePad);
                return MemoryOrder.channelsLast(gx, s[0], s[1], s[2], s[3]);
            }
            double[] gx = new double[size];
            PoolChannelsLastDouble.avgBackward(geometry, s[1], (double[]) g.values(), g.step(), gx, countIncludePad);
            return MemoryOrder.channelsLast(gx, s[0], s[1], s[2], s[3]);
        }
        if (shapes.transposed()) {   // dx stored as the input was, [N, C, W, H] row-major
            int[] strides = PoolShapes.transposedStrides(inputShape);
            Object gyT = PoolShapes.transposedValues(gy);
            if (gy.dtype() == DType.FLOAT32) {
                float[] gx = new float[Shapes.numel(inputShape)];
                PoolTransposedFloat.avgBackward(geometry, (float[]) gyT, gx);
                return Tensor.adoptStrided(gx, inputShape, strides);
            }
            double[] gx = new double[Shapes.numel(inputShape)];
            PoolTransposedDouble.avgBackward(geometry, (double[]) gyT, gx);
            return Tensor.adoptStrided(gx, inputShape, strides);
        }
        boolean throughChannelsLast = !geometry.isTwoByTwo() && inputShape[1] >= MaxPool2d.TRANSPOSED_MIN_CHANNELS
                && Kernels.simd() && gy.numel() > 0;
        // the place of dx in the padded gradient of a narrowed input, when the engine offers it
        Tensor into = ctx.offersOutput() && !throughChannelsLast ? ctx.claimOutput(shapes.like(gy.dtype())) : null;
        if (into != null && (into.strides()[3] == 1 || inputShape[3] == 1)) {
            if (gy.dtype() == DType.FLOAT32) {
                PoolFloat.avgBackward(geometry, inputShape[1], Dense.floats(gy), into.floatStorage(),
                        into.storageOffset(), into.strides(), countIncludePad);
            } else {
                PoolDouble.avgBackward(geometry, inputShape[1], Dense.doubles(gy), into.doubleStorage(),
                        into.storageOffset(), into.strides(), countIncludePad);
            }
            return into;
        }
        Tensor gx = Tensor.zeros(gy.dtype(), inputShape);
        if (throughChannelsLast) {
            ChannelsLastCopies.pool(gy, (gl, outs) -> {
                if (gl instanceof float[] gf) {
                    PoolChannelsLastFloat.avgBackward(geometry, inputShape[1], gf, (float[]) outs[0], countIncludePad);
                } else {
                    PoolChannelsLastDouble.avgBackward(geometry, inputShape[1], (double[]) gl, (double[]) outs[0], countIncludePad);
                }
            }, gx);
            return gx;
        }
        if (gy.dtype() == DType.FLOAT32) {
            PoolFloat.avgBackward(geometry, Dense.floats(gy), gx.floatStorage(), countIncludePad);
        } else {
            PoolDouble.avgBackward(geometry, Dense.doubles(gy), gx.doubleStorage(), countIncludePad);
        }
        return into == null ? gx : MaxPool2dBackward.copyInto(into, gx);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {pool.apply(g)};
    }
}
