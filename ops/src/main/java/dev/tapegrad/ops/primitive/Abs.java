package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Elementwise;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;
import dev.tapegrad.ops.kernels.ViewOps;

/**
 * y = |x|. vjp: g·sign(x) with sign(0) = 0 (PyTorch's subgradient) and sign(NaN) = NaN; the sign is a
 * constant (piecewise constant in x), so higher derivatives are 0 away from 0.
 */
public final class Abs extends Unary {
    public static final Abs INSTANCE = new Abs();

    private Abs() {
        super(Saves.INPUT);
    }

    @Override
    public String name() {
        return "abs";
    }

    @Override
    int viewOp() {
        return ViewOps.ABS;
    }

    @Override
    double f(double x) {
        return Math.abs(x);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.mul(g, sign(ctx.saved()[0]))};
    }

    /**
     * sign(x), contiguous in x's dtype, in one pass over x's values on the kernel threads (a view copied block by
     * block and each block signed in place while in cache).
     */
    private static Tensor sign(Tensor x) {
        if (x.dtype() == DType.FLOAT32) {
            float[] s = new float[x.numel()];
            if (Dense.isDense(x)) {
                float[] v = x.floatStorage();
                Elementwise.forRange(s.length, (from, to) -> signs(v, s, from, to));
            } else {
                StridedCopyFloat.copyBlocks(x.floatStorage(), x.storageOffset(), x.shape(), x.strides(), s,
                        (from, to) -> signs(s, s, from, to));
            }
            return Tensor.wrap(s, x.shape());
        }
        double[] s = new double[x.numel()];
        if (Dense.isDense(x)) {
            double[] v = x.doubleStorage();
            Elementwise.forRange(s.length, (from, to) -> signs(v, s, from, to));
        } else {
            StridedCopyDouble.copyBlocks(x.doubleStorage(), x.storageOffset(), x.shape(), x.strides(), s,
                    (from, to) -> signs(s, s, from, to));
        }
        return Tensor.wrap(s, x.shape());
    }

    private static void signs(float[] v, float[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            s[i] = Math.signum(v[i]);
        }
    }

    private static void signs(double[] v, double[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            s[i] = Math.signum(v[i]);
        }
    }
}
