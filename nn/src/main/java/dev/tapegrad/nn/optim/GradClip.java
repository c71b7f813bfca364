package dev.tapegrad.nn.optim;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Parameter;
import java.util.Collection;

/** Gradient clipping. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients by min(1, maxNorm / (‖g‖ + 1e-6)), where ‖g‖ is the L2 norm of all the
     * gradients together, as PyTorch's clip_grad_norm_. Returns ‖g‖ (before clipping). Parameters without
     * a gradient are skipped; gradients are replaced, never written through (they may share storage).
     */
    public static double clipGradNorm(Collection<Parameter> parameters, double maxNorm) {
        double sq = 0;
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            if (g.dtype() == DType.FLOAT32) {
                for (float v : g.floatData()) {
                    sq += (double) v * v;
                }
            } else {
                for (double v : g.doubleData()) {
                    sq += v * v;
                }
            }
        }
        double norm = Math.sqrt(sq);
        double coef = Math.min(1.0, maxNorm / (norm + 1e-6));
        if (coef < 1.0 || Double.isNaN(coef)) {
            for (Parameter p : parameters) {
                Tensor g = p.grad();
                if (g != null) {
                    p.tensor().setGrad(scaled(g, coef));
                }
            }
        }
        return norm;
    }

    private static Tensor scaled(Tensor g, double coef) {
        if (g.dtype() == DType.FLOAT32) {
            float[] src = g.floatData();
            float[] out = new float[src.length];
            float c = (float) coef;
            for (int i = 0; i < src.length; i++) {
                out[i] = src[i] * c;
            }
            return Tensor.wrap(out, g.shape());
        }
        double[] src = g.doubleData();
        double[] out = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = src[i] * coef;
        }
        return Tensor.wrap(out, g.shape());
    }
}
