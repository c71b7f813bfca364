package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Parameter;
import dev.tapegrad.ops.Ops;
import java.util.Arrays;

/**
 * Normalizes over the last dims given by {@code normalizedShape}: y = (x − mean) / √(var + eps) · weight +
 * bias, with the biased variance, as torch.nn.LayerNorm. Defaults as PyTorch: eps 1e-5, an elementwise
 * affine transform with weight initialised to ones and bias to zeros (state-dict keys {@code weight},
 * {@code bias}). FLOAT32.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /** Normalizes over the last dim of size {@code size}, eps 1e-5, with weight and bias. */
    public LayerNorm(int size) {
        this(new int[] {size}, 1e-5, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape must be non-empty with positive sizes, got "
                    + Shapes.str(normalizedShape));
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be >= 0, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(DType.FLOAT32, normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", Tensor.zeros(DType.FLOAT32, normalizedShape)) : null;
    }

    /** The weight, or null without an elementwise affine transform. */
    public Parameter weight() {
        return weight;
    }

    /** The bias, or null without an elementwise affine transform. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (weight != null) {
            requireDType(x, weight.dtype());
        }
        return Ops.layerNorm(x, normalizedShape, weight == null ? null : weight.tensor(),
                bias == null ? null : bias.tensor(), eps);
    }

    @Override
    public String toString() {
        return "LayerNorm(" + Shapes.str(normalizedShape) + ", eps " + eps + (weight == null ? ", no affine" : "") + ")";
    }
}
