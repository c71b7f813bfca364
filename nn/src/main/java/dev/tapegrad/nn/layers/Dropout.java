package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.ops.Ops;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * In training, zeroes each element with probability p and scales the rest by 1/(1-p), so expectations
 * are unchanged; the identity in evaluation mode. The mask comes from the layer's own generator, so a
 * seed fixes it. vjp: g·mask.
 */
public final class Dropout extends Module {
    private final double p;
    private final RandomGenerator rng;

    public Dropout(double p) {
        this(p, Init.generator());
    }

    public Dropout(double p, long seed) {
        this(p, new SplittableRandom(seed));
    }

    public Dropout(double p, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        int n = x.numel();
        double scale = p == 1 ? 0 : 1 / (1 - p);
        Tensor mask;
        if (x.dtype() == DType.FLOAT32) {
            float[] m = new float[n];
            float s = (float) scale;
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() < p ? 0f : s;
            }
            mask = Tensor.wrap(m, x.shape());
        } else {
            double[] m = new double[n];
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() < p ? 0 : scale;
            }
            mask = Tensor.wrap(m, x.shape());
        }
        return Ops.mul(x, mask);
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
