package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.LayerNormKernelsDouble;
import dev.tapegrad.ops.kernels.LayerNormKernelsFloat;
import java.util.Arrays;

/**
 * Fused layer normalization over the trailing {@code normalizedShape} dims (torch.nn.functional.layer_norm):
 * y = x̂·w + b with x̂ = (x - μ)/√(σ² + eps), μ and the biased σ² per row; w and b may be null. One pass
 * per row for the statistics, one to write y; saves only x and w.
 *
 * <p>vjp, like PyTorch's native backward: dx = rstd·(u - mean(u) - x̂·mean(u·x̂)) with u = g·w, one
 * {@link LayerNormBackward} pass per row; dw = Σ_rows g·x̂ and db = Σ_rows g in one
 * {@link LayerNormParamGrad} pass. Both are primitives of (g, x, w) whose own vjps are taped, so every
 * order exists. A vjp written as a chain of taped ops would instead cost about a dozen full passes
 * (broadcast subtract, square, two means, pow, two products and two row sums) and as many temporaries.
 */
public final class LayerNorm extends Op {
    private final int[] normalizedShape;
    private final double eps;

    public LayerNorm(int[] normalizedShape, double eps) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
    }

    @Override
    public String name() {
        return "layerNorm";
    }

    /** The number of elements per row; throws unless normalizedShape ends x's shape. */
    static int rowLength(String op, int[] normalizedShape, int[] shape) {
        int k = normalizedShape.length;
        boolean ends = k > 0 && k <= shape.length;
        for (int i = 0; ends && i < k; i++) {
            ends = shape[shape.length - k + i] == normalizedShape[i];
        }
        if (!ends) {
            throw new IllegalArgumentException(op + ": normalized shape " + Arrays.toString(normalizedShape)
                    + " does not end the input's shape " + Shapes.str(shape) + " (expected the input's last "
                    + k + " dims to be " + Arrays.toString(normalizedShape) + ")");
        }
        return Shapes.numel(normalizedShape);
    }

    private void checkParam(String what, Tensor p, Tensor x) {
        if (p == null) {
            return;
        }
        if (!p.hasShape(normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: " + what + " has shape " + Shapes.str(p.shape())
                    + ", expected the normalized shape " + Arrays.toString(normalizedShape) + " (input "
                    + Shapes.str(x.shape()) + ")");
        }
        Tensors.sameDType("layerNorm", x, p);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = in[2];
        int n = rowLength(name(), normalizedShape, x.shape());
        checkParam("weight", w, x);
        checkParam("bias", b, x);
        int rows = n == 0 ? 0 : x.numel() / n;
        ctx.save(x, w);
        if (x.dtype() == DType.FLOAT32) {
            float[] y = new float[x.numel()];
            LayerNormKernelsFloat.forward(x.floatData(), w == null ? null : w.floatData(), b == null ? null : b.floatData(),
                    rows, n, eps, y);
            return Tensor.wrapLike(x, y);
        }
        double[] y = new double[x.numel()];
        LayerNormKernelsDouble.forward(x.doubleData(), w == null ? null : w.doubleData(), b == null ? null : b.doubleData(),
                rows, n, eps, y);
        return Tensor.wrapLike(x, y);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor x = ctx.saved()[0];
        Tensor w = ctx.saved()[1];
        Tensor[] grads = new Tensor[3];
        if (ctx.needsInputGrad(0)) {
            grads[0] = new LayerNormBackward(normalizedShape, eps).apply(g, x, w);
        }
        boolean dw = ctx.arity() > 1 && ctx.needsInputGrad(1);
        boolean db = ctx.arity() > 2 && ctx.needsInputGrad(2);
        if (dw || db) {
            Tensor p = new LayerNormParamGrad(normalizedShape, eps).apply(g, x);
            grads[1] = dw ? Ops.reshape(Ops.select(p, 0, 0), normalizedShape) : null;
            grads[2] = db ? Ops.reshape(Ops.select(p, 0, 1), normalizedShape) : null;
        }
        return grads;
    }
}
