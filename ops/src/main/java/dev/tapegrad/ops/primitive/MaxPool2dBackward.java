package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.PoolDouble;
import dev.tapegrad.ops.kernels.PoolFloat;

/**
 * The input gradient of a max pooling: inputs (g, indices), dx = zeros, dx[indices[i]] += g[i] (linear in g;
 * indices is the argmax of each window within its input plane, -1 for a window that saw no input, held as a
 * FLOAT64 constant). The op holds the pooling's shapes only; the argmax comes in as an input, so one instance
 * may be applied again at its recorded inputs. vjp: {@link MaxPool2dGather}, which reads at the same indices;
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

    /** The argmax positions as the FLOAT64 constant tensor that this op and its adjoint take as input. */
    static Tensor indices(int[] argmax, int[] outputShape) {
        double[] v = new double[argmax.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = argmax[i];
        }
        return Tensor.wrap(v, outputShape);
    }

    /** The positions held by an indices tensor (whole numbers by construction). */
    static int[] argmax(Tensor indices) {
        double[] v = indices.doubleData();
        int[] a = new int[v.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (int) v[i];
        }
        return a;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor gy = in[0];
        Tensor indices = in[1];
        ctx.save(indices);
        Tensor gx = Tensor.zeros(gy.dtype(), shapes.inputShape());
        if (gy.dtype() == DType.FLOAT32) {
            PoolFloat.maxScatter(shapes.geometry(), gy.floatData(), argmax(indices), gx.floatStorage());
        } else {
            PoolDouble.maxScatter(shapes.geometry(), gy.doubleData(), argmax(indices), gx.doubleStorage());
        }
        return gx;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {new MaxPool2dGather(shapes).apply(g, ctx.saved()[0]), null};
    }
}
