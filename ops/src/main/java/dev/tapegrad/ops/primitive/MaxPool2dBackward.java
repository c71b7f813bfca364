package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.PoolChannelsLastDouble;
import dev.tapegrad.ops.kernels.PoolChannelsLastFloat;
import dev.tapegrad.ops.kernels.PoolDouble;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;
import dev.tapegrad.ops.kernels.PoolFloat;

/**
 * The input gradient of a max pooling: inputs (g, indices), dx = zeros, dx[position of indices[i]] += g[i]
 * (linear in g; indices is the argmax of each window as its tap number ki·kW + kj, -1 for a window that saw
 * no input, a constant in the pooling's dtype: small whole numbers, exact in FLOAT32 and FLOAT64 alike). The op holds the pooling's shapes only; the argmax comes in as an input, so one instance
 * may be applied again at its recorded inputs. A channels-last argmax (from a channels-last input) scatters in
 * that order into a channels-last dx. vjp: {@link MaxPool2dGather}, which reads at the same indices;
 * the indices get no gradient.
 */
public final class MaxPool2dBackward extends Op {
    private final PoolShapes shapes;

    MaxPool2dBackward(PoolShapes shapes) {
        this.shapes = shapes;
    }

    @Override
    public String name() {
        return "maxPool2dBackward";
    }

    /** The argmax taps of an indices tensor as FLOAT32 values (itself when it already is one, dense). */
    static float[] floatTaps(Tensor indices) {
        return indices.dtype() == DType.FLOAT32 ? Dense.floats(indices) : indices.toFloatArray();
    }

    /** The argmax taps of an indices tensor as FLOAT64 values. */
    static double[] doubleTaps(Tensor indices) {
        return indices.dtype() == DType.FLOAT64 ? Dense.doubles(indices) : indices.toDoubleArray();
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor gy = in[0];
        Tensor indices = in[1];
        ctx.save(indices);
        if (MemoryOrder.channelsLast(indices) && gy.dtype() == indices.dtype()) {
            return channelsLast(gy, indices);
        }
        Tensor gx = Tensor.zeros(gy.dtype(), shapes.inputShape());
        if (gy.dtype() == DType.FLOAT32) {
            PoolFloat.maxScatter(shapes.geometry(), Dense.floats(gy), floatTaps(indices), gx.floatStorage());
        } else {
            PoolDouble.maxScatter(shapes.geometry(), Dense.doubles(gy), doubleTaps(indices), gx.doubleStorage());
        }
        return gx;
    }

    /**
     * The scatter in channels-last order, for the argmax of a channels-last pooling: gy read in that order (in
     * place when it has the argmax's strides, else copied once), gx channels-last like the pooling's input.
     */
    private Tensor channelsLast(Tensor gy, Tensor indices) {
        int[] in = shapes.inputShape();
        int[] s = gy.shape();
        int[] order = {0, 2, 3, 1};
        boolean inPlace = MemoryOrder.sameLayout(gy, indices) && MemoryOrder.of(gy) != null;
        int[] shapeP = MemoryOrder.permute(s, order);
        int[] stridesP = MemoryOrder.permute(gy.strides(), order);
        int inSize = in[0] * in[1] * in[2] * in[3];
        if (gy.dtype() == DType.FLOAT32) {
            float[] g = gy.floatStorage();
            if (!inPlace) {
                g = new float[gy.numel()];
                StridedCopyFloat.copy(gy.floatStorage(), gy.storageOffset(), shapeP, stridesP, g);
            }
            float[] gx = new float[inSize];
            PoolChannelsLastFloat.maxScatter(shapes.geometry(), in[1], g, indices.floatStorage(), gx);
            return MemoryOrder.channelsLast(gx, in[0], in[1], in[2], in[3]);
        }
        double[] g = gy.doubleStorage();
        if (!inPlace) {
            g = new double[gy.numel()];
            StridedCopyDouble.copy(gy.doubleStorage(), gy.storageOffset(), shapeP, stridesP, g);
        }
        double[] gx = new double[inSize];
        PoolChannelsLastDouble.maxScatter(shapes.geometry(), in[1], g, indices.doubleStorage(), gx);
        return MemoryOrder.channelsLast(gx, in[0], in[1], in[2], in[3]);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new MaxPool2dGather(shapes).apply(g, ctx.saved()[0]), null};
    }
}
