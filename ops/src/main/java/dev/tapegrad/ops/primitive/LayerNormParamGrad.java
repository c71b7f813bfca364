package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.LayerNormKernelsDouble;
import dev.tapegrad.ops.kernels.LayerNormKernelsFloat;

/**
 * layerNorm's weight and bias gradients in one pass over (g, x): a [2, n] tensor holding Σ_rows g·x̂ and
 * Σ_rows g (accumulated in double). vjp for a cotangent (q_w, q_b): ∂/∂g = x̂·q_w + q_b and
 * ∂/∂x = J(x)·(g·q_w) = layerNormBackward(g, x, q_w), with x̂ from taped ops.
 */
final class LayerNormParamGrad extends Op {
    private final int[] normalizedShape;
    private final double eps;

    LayerNormParamGrad(int[] normalizedShape, double eps) {
        this.normalizedShape = normalizedShape;
        this.eps = eps;
    }

    @Override
    public String name() {
        return "layerNormParamGrad";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        Tensor x = in[1];
        int n = LayerNorm.rowLength(name(), normalizedShape, x.shape());
        Tensors.sameDType(name(), g, x);
        int rows = n == 0 ? 0 : x.numel() / n;
        ctx.save(g, x);
        double[] acc = new double[2 * n];
        if (x.dtype() == DType.FLOAT32) {
            LayerNormKernelsFloat.paramGrads(g.floatData(), x.floatData(), rows, n, eps, acc);
            float[] out = new float[2 * n];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) acc[i];
            }
            return Tensor.wrap(out, 2, n);
        }
        LayerNormKernelsDouble.paramGrads(g.doubleData(), x.doubleData(), rows, n, eps, acc);
        return Tensor.wrap(acc, 2, n);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor q) {
        Tensor g = ctx.saved()[0];
        Tensor x = ctx.saved()[1];
        Tensor qw = Ops.reshape(Ops.select(q, 0, 0), normalizedShape);
        Tensor qb = Ops.reshape(Ops.select(q, 0, 1), normalizedShape);
        Tensor[] grads = new Tensor[2];
        if (ctx.needsInputGrad(0)) {
            Tensor xhat = LayerNormMath.normalize(x, LayerNormMath.rowDims(normalizedShape.length), eps)[0];
            grads[0] = Ops.add(Ops.mul(xhat, qw), qb);
        }
        if (ctx.needsInputGrad(1)) {
            grads[1] = new LayerNormBackward(normalizedShape, eps).apply(g, x, qw);
        }
        return grads;
    }
}
