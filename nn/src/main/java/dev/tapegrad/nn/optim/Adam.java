package dev.tapegrad.nn.optim;

import dev.tapegrad.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba) in PyTorch's form. Per step t (counted per parameter from 1), with gradient g:
 * <pre>
 * g = g + weightDecay·p                      (Adam: L2 added to the gradient)
 * p = p·(1 - lr·weightDecay)                 (AdamW instead: decoupled decay, before the update)
 * m = β1·m + (1 - β1)·g,   v = β2·v + (1 - β2)·g²
 * p = p - (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + eps)
 * </pre>
 * eps is added after the bias correction of √v, as PyTorch does. Slots: {@code exp_avg}, {@code exp_avg_sq},
 * and a per-parameter {@code step}. Defaults: β = (0.9, 0.999), eps 1e-8, weight decay 0 (AdamW 1e-2).
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    public Adam(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 0);
    }

    public Adam(List<Parameter> parameters, double lr) {
        this(indexed(parameters), lr, 0.9, 0.999, 1e-8, 0);
    }

    public Adam(Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(parameters, lr, beta1, beta2, eps, weightDecay, false);
    }

    Adam(Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean decoupled) {
        super(parameters, lr, new String[] {"exp_avg", "exp_avg_sq"}, true);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": betas must be in [0, 1), got "
                    + beta1 + ", " + beta2);
        }
        if (!(eps >= 0 && weightDecay >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps and weight decay must be >= 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    protected final void update(float[] p, float[] g, float[][] slots, boolean first, long step) {
        float[] m = slots[0];
        float[] v = slots[1];
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double l2 = decoupled ? 0 : weightDecay;
        double shrink = decoupled ? 1 - lr * weightDecay : 1;
        for (int i = 0; i < p.length; i++) {
            double w = p[i] * shrink;
            double gi = g[i] + l2 * p[i];
            double mi = beta1 * m[i] + (1 - beta1) * gi;
            double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            m[i] = (float) mi;
            v[i] = (float) vi;
            p[i] = (float) (w - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + eps));
        }
    }

    @Override
    protected final void update(double[] p, double[] g, double[][] slots, boolean first, long step) {
        double[] m = slots[0];
        double[] v = slots[1];
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double l2 = decoupled ? 0 : weightDecay;
        double shrink = decoupled ? 1 - lr * weightDecay : 1;
        for (int i = 0; i < p.length; i++) {
            double w = p[i] * shrink;
            double gi = g[i] + l2 * p[i];
            double mi = beta1 * m[i] + (1 - beta1) * gi;
            double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] = w - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + eps);
        }
    }
}
