package dev.tapegrad.nn.optim;

import dev.tapegrad.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent in PyTorch's order of operations. Per step, with gradient g:
 * <pre>
 * d = g + weightDecay·p
 * if momentum ≠ 0:  b = d on the first step, else b = momentum·b + (1 - dampening)·d
 *                   d = nesterov ? d + momentum·b : b
 * p = p - lr·d
 * </pre>
 * State slot: {@code momentum_buffer} (only with momentum).
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    public SGD(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0, 0, 0, false);
    }

    public SGD(Map<String, Parameter> parameters, double lr, double momentum) {
        this(parameters, lr, momentum, 0, 0, false);
    }

    public SGD(List<Parameter> parameters, double lr, double momentum) {
        this(indexed(parameters), lr, momentum, 0, 0, false);
    }

    public SGD(Map<String, Parameter> parameters, double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov) {
        super(parameters, lr, momentum != 0 ? new String[] {"momentum_buffer"} : new String[0], false);
        if (momentum < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("SGD: momentum and weight decay must be >= 0, got " + momentum
                    + " and " + weightDecay);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(float[] p, float[] g, float[][] slots, boolean first, long step) {
        float wd = (float) weightDecay;
        float lrf = (float) lr;
        if (momentum == 0) {
            for (int i = 0; i < p.length; i++) {
                p[i] -= lrf * (g[i] + wd * p[i]);
            }
            return;
        }
        float[] buf = slots[0];
        float mom = (float) momentum;
        float keep = (float) (1 - dampening);
        for (int i = 0; i < p.length; i++) {
            float d = g[i] + wd * p[i];
            float b = first ? d : mom * buf[i] + keep * d;
            buf[i] = b;
            p[i] -= lrf * (nesterov ? d + mom * b : b);
        }
    }

    @Override
    protected void update(double[] p, double[] g, double[][] slots, boolean first, long step) {
        if (momentum == 0) {
            for (int i = 0; i < p.length; i++) {
                p[i] -= lr * (g[i] + weightDecay * p[i]);
            }
            return;
        }
        double[] buf = slots[0];
        double keep = 1 - dampening;
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + weightDecay * p[i];
            double b = first ? d : momentum * buf[i] + keep * d;
            buf[i] = b;
            p[i] -= lr * (nesterov ? d + momentum * b : b);
        }
    }
}
