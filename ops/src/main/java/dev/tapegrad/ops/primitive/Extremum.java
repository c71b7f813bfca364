package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.ExtremumDouble;
import dev.tapegrad.ops.kernels.ExtremumFloat;

/**
 * Elementwise maximum or minimum of two broadcast tensors (torch.maximum / torch.minimum), computed in the inputs'
 * dtype with SIMD by {@link ExtremumFloat}: NaN wins, a tie gives a. vjp as PyTorch's: g·w_a and g·w_b summed back
 * to each input's shape, w_a = 1 where a wins, 1/2 on a tie (a == b, -0.0 and +0.0 alike), 0 where b wins, and
 * w_a = w_b = 1 where a NaN is involved; the weights are constants recorded by forward as two flags per element
 * ({@link ExtremumGrad}, its own adjoint), so higher derivatives are 0.
 */
public final class Extremum extends Op {
    private final boolean max;

    public Extremum(boolean max) {
        this.max = max;
    }

    @Override
    public String name() {
        return max ? "maximum" : "minimum";
    }

    /** What the vjp needs: the flags and each input's shape and dtype (the inputs themselves are not kept). */
    private record Saved(boolean[] fullA, boolean[] fullB, int[] aShape, DType aType, int[] bShape, DType bType) {}

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        DType dtype = Tensors.common(name(), a, b);
        int[] shape = Shapes.broadcast(name(), a.shape(), b.shape());
        Tensor x = Tensors.as(a, dtype);
        Tensor y = Tensors.as(b, dtype);
        int n = Shapes.numel(shape);
        // the flags only when a gradient may be asked for (forward cannot see grad mode; this is a superset)
        boolean[] fullA = null;
        boolean[] fullB = null;
        if (a.requiresGrad() || b.requiresGrad()) {
            fullA = new boolean[n];
            fullB = new boolean[n];
            ctx.saveExtra(new Saved(fullA, fullB, a.shape(), a.dtype(), b.shape(), b.dtype()));
        }
        int[] xs = Tensors.broadcastStrides(x, shape);
        int[] ys = Tensors.broadcastStrides(y, shape);
        if (dtype == DType.FLOAT32) {
            float[] out = new float[n];
            ExtremumFloat.forward(shape, x.floatStorage(), x.storageOffset(), xs, y.floatStorage(), y.storageOffset(),
                    ys, max, out, fullA, fullB);
            return Tensor.wrap(out, shape);
        }
        double[] out = new double[n];
        ExtremumDouble.forward(shape, x.doubleStorage(), x.storageOffset(), xs, y.doubleStorage(), y.storageOffset(),
                ys, max, out, fullA, fullB);
        return Tensor.wrap(out, shape);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Saved s = ctx.extra(Saved.class);
        Tensor[] grads = new Tensor[2];
        if (ctx.needsInputGrad(0)) {
            Tensor ga = new ExtremumGrad(s.fullA, s.fullB).apply(g);
            grads[0] = Ops.cast(Ops.sumTo(ga, s.aShape), s.aType);
        }
        if (ctx.needsInputGrad(1)) {
            Tensor gb = new ExtremumGrad(s.fullB, s.fullA).apply(g);
            grads[1] = Ops.cast(Ops.sumTo(gb, s.bShape), s.bType);
        }
        return grads;
    }
}
