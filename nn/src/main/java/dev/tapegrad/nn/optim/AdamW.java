package dev.tapegrad.nn.optim;

import dev.tapegrad.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), PyTorch's AdamW: p = p·(1 - lr·weightDecay)
 * before the Adam update, which sees the raw gradient. Default weight decay 1e-2; see {@link Adam}.
 */
public final class AdamW extends Adam {
    public AdamW(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 1e-2);
    }

    public AdamW(List<Parameter> parameters, double lr) {
        this(indexed(parameters), lr, 0.9, 0.999, 1e-8, 1e-2);
    }

    public AdamW(Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(parameters, lr, beta1, beta2, eps, weightDecay, true);
    }
}
