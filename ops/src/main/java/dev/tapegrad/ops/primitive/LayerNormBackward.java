package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.LayerNormKernelsDouble;
import dev.tapegrad.ops.kernels.LayerNormKernelsFloat;

/**
 * layerNorm's input gradient as a function of (g, x, w): dx = J(x)·u with u = g·w (w null: u = g) and
 * J = ∂x̂/∂x = rstd·(I - 11ᵀ/n - x̂x̂ᵀ/n) per row, symmetric. One pass per row (statistics recomputed).
 *
 * <p>vjp for a cotangent v: J is symmetric and dx is linear in u, so ∂/∂g = w·Jv and ∂/∂w = Σ_rows g·Jv
 * with Jv = this op applied to (v, x, null). For x, with a = Σ v·x̂, b = Σ u·x̂ and
 * f = rstd·(Σ v·u - Σv·Σu/n - a·b/n) per row: ∂/∂x = -(rstd/n)·(f·x̂ + b·Jv + a·Ju). x̂ and rstd come
 * from taped ops on x, so this vjp is itself differentiable.
 */
final class LayerNormBackward extends Op {
    private final int[] normalizedShape;
    private final double eps;

    LayerNormBackward(int[] normalizedShape, double eps) {
        this.normalizedShape = normalizedShape;
        this.eps = eps;
    }

    @Override
    public String name() {
        return "layerNormBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        Tensor x = in[1];
        Tensor w = in[2];
        int n = LayerNorm.rowLength(name(), normalizedShape, x.shape());
        Tensors.sameDType(name(), g, x);
        int rows = n == 0 ? 0 : x.numel() / n;
        ctx.save(g, x, w);
        if (x.dtype() == DType.FLOAT32) {
            float[] dx = new float[x.numel()];
            LayerNormKernelsFloat.backwardInput(g.floatData(), x.floatData(), w == null ? null : w.floatData(), rows, n,
                    eps, dx);
            return Tensor.wrapLike(x, dx);
        }
        double[] dx = new double[x.numel()];
        LayerNormKernelsDouble.backwardInput(g.doubleData(), x.doubleData(), w == null ? null : w.doubleData(), rows, n,
                eps, dx);
        return Tensor.wrapLike(x, dx);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor v) {
        Tensor g = ctx.saved()[0];
        Tensor x = ctx.saved()[1];
        Tensor w = ctx.saved()[2];
        Tensor[] grads = new Tensor[3];
        Tensor jv = apply(v, x, null);
        if (ctx.needsInputGrad(0)) {
            grads[0] = w == null ? jv : Ops.mul(jv, w);
        }
        if (w != null && ctx.needsInputGrad(2)) {
            grads[2] = LayerNormMath.sumRows(Ops.mul(g, jv), x.rank() - normalizedShape.length);
        }
        if (ctx.needsInputGrad(1)) {
            int[] dims = LayerNormMath.rowDims(normalizedShape.length);
            double n = dev.tapegrad.autograd.Shapes.numel(normalizedShape);
            Tensor[] norm = LayerNormMath.normalize(x, dims, eps);
            Tensor xhat = norm[0];
            Tensor rstd = norm[1];
            Tensor u = w == null ? g : Ops.mul(g, w);
            Tensor ju = apply(u, x, null);
            Tensor a = Ops.sum(Ops.mul(v, xhat), dims, true);
            Tensor b = Ops.sum(Ops.mul(u, xhat), dims, true);
            Tensor vu = Ops.sum(Ops.mul(v, u), dims, true);
            Tensor vsus = Ops.mul(Ops.mul(Ops.sum(v, dims, true), Ops.sum(u, dims, true)), 1.0 / n);
            Tensor f = Ops.mul(rstd, Ops.sub(Ops.sub(vu, vsus), Ops.mul(Ops.mul(a, b), 1.0 / n)));
            Tensor inner = Ops.add(Ops.add(Ops.mul(f, xhat), Ops.mul(b, jv)), Ops.mul(a, ju));
            grads[1] = Ops.mul(Ops.mul(rstd, -1.0 / n), inner);
        }
        return grads;
    }
}
