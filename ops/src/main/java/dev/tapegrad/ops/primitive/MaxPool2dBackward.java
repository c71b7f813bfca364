package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.PoolChannelsLastDouble;
import dev.tapegrad.ops.kernels.PoolChannelsLastFloat;
import dev.tapegrad.ops.kernels.PoolDouble;
import dev.tapegrad.ops.kernels.PoolFloat;
import dev.tapegrad.ops.kernels.PoolTransposedDouble;
import dev.tapegrad.ops.kernels.PoolTransposedFloat;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;

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
        // the place of dx in the padded gradient of a narrowed input, when the engine offers it
        Tensor into = ctx.offersOutput() ? ctx.claimOutput(shapes.like(gy.dtype())) : null;
        if (into != null) {
            return scatterInto(into, gy, indices);
        }
        if (PoolShapes.transposedPlanes(indices) && gy.dtype() == indices.dtype() && shapes.geometry().isTwoByTwo()) {
            return transposed(gy, indices);
        }
        if (shapes.transposed() && !shapes.geometry().isTwoByTwo()) {   // dx stored as the input was
            int[] s = shapes.inputShape();
            int[] strides = PoolShapes.transposedStrides(s);
            if (gy.dtype() == DType.FLOAT32) {
                float[] gx = new float[Shapes.numel(s)];
                PoolTransposedFloat.maxScatterInto(shapes.geometry(), Dense.floats(gy), floatTaps(indices), gx);
                return Tensor.adoptStrided(gx, s, strides);
            }
            double[] gx = new double[Shapes.numel(s)];
            PoolTransposedDouble.maxScatterInto(shapes.geometry(), Dense.doubles(gy), doubleTaps(indices), gx);
            return Tensor.adoptStrided(gx, s, strides);
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
     * The scatter written through the strides of {@code into} (zeroed, rows of stride 1: a narrowed input's place in
     * its padded gradient); other views get the dense scatter copied in.
     */
    private Tensor scatterInto(Tensor into, Tensor gy, Tensor indices) {
        int[] st = into.strides();
        int channels = shapes.inputShape()[1];
        if (st[3] != 1 && shapes.inputShape()[3] > 1) {
            Tensor gx = Tensor.zeros(gy.dtype(), shapes.inputShape());
            if (gy.dtype() == DType.FLOAT32) {
                PoolFloat.maxScatter(shapes.geometry(), Dense.floats(gy), floatTaps(indices), gx.floatStorage());
            } else {
                PoolDouble.maxScatter(shapes.geometry(), Dense.doubles(gy), doubleTaps(indices), gx.doubleStorage());
            }
            return copyInto(into, gx);
        }
        if (gy.dtype() == DType.FLOAT32) {
            PoolFloat.maxScatter(shapes.geometry(), channels, Dense.floats(gy), floatTaps(indices), into.floatStorage(),
                    into.storageOffset(), st);
        } else {
            PoolDouble.maxScatter(shapes.geometry(), channels, Dense.doubles(gy), doubleTaps(indices),
                    into.doubleStorage(), into.storageOffset(), st);
        }
        return into;
    }

    /**
     * The scatter for the argmax of a transposed pooling (stored [N, C, OW, OH]): gy read in that order (one
     * transposing copy, a fill for an expanded seed), dx stored as the input was ([N, C, W, H] row-major), so
     * that transpose's vjp hands a contiguous gradient on.
     */
    private Tensor transposed(Tensor gy, Tensor indices) {
        int[] in = shapes.inputShape();
        int[] strides = PoolShapes.transposedStrides(in);
        Object gyT = PoolShapes.transposedValues(gy);
        if (gy.dtype() == DType.FLOAT32) {
            float[] gx = new float[Shapes.numel(in)];
            PoolTransposedFloat.maxScatter(shapes.geometry(), (float[]) gyT, indices.floatStorage(), gx);
            return Tensor.adoptStrided(gx, in, strides);
        }
        double[] gx = new double[Shapes.numel(in)];
        PoolTransposedDouble.maxScatter(shapes.geometry(), (double[]) gyT, indices.doubleStorage(), gx);
        return Tensor.adoptStrided(gx, in, strides);
    }

    /** {@code into} (a view) = the values of {@code dense} (contiguous, of into's shape and dtype); returns into. */
    static Tensor copyInto(Tensor into, Tensor dense) {
        if (dense.dtype() == DType.FLOAT32) {
            StridedCopyFloat.copyInto(dense.floatStorage(), 0, dense.shape(), dense.strides(), into.floatStorage(),
                    into.storageOffset(), into.strides());
        } else {
            StridedCopyDouble.copyInto(dense.doubleStorage(), 0, dense.shape(), dense.strides(), into.doubleStorage(),
                    into.storageOffset(), into.strides());
        }
        return into;
    }

    /**
     * The scatter in channels-last order, for the argmax of a channels-last pooling: gy read in that order
     * ({@link ChannelsLastCopies#gradient}: in place, per channel for an expanded seed, else copied once), gx
     * channels-last like the pooling's input.
     */
    private Tensor channelsLast(Tensor gy, Tensor indices) {
        int[] in = shapes.inputShape();
        int inSize = in[0] * in[1] * in[2] * in[3];
        ChannelsLastCopies.Gradient g = ChannelsLastCopies.gradient(gy);
        if (gy.dtype() == DType.FLOAT32) {
            float[] gx = new float[inSize];
            PoolChannelsLastFloat.maxScatter(shapes.geometry(), in[1], (float[]) g.values(), g.step(),
                    indices.floatStorage(), gx);
            return MemoryOrder.channelsLast(gx, in[0], in[1], in[2], in[3]);
        }
        double[] gx = new double[inSize];
        PoolChannelsLastDouble.maxScatter(shapes.geometry(), in[1], (double[]) g.values(), g.step(),
                indices.doubleStorage(), gx);
        return MemoryOrder.channelsLast(gx, in[0], in[1], in[2], in[3]);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new MaxPool2dGather(shapes).apply(g, ctx.saved()[0]), null};
    }
}
