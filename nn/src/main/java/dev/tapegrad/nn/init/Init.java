package dev.tapegrad.nn.init;

import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Weight initialisers with PyTorch's formulas ({@code torch.nn.init}), filling a tensor in place from a
 * caller's generator, so a seed fixes the values. Layers made without an explicit generator draw from
 * {@link #generator()}, a split of one global generator that {@link #manualSeed} resets.
 *
 * <p>Fans follow PyTorch: for a weight of shape [out, in, k...], fan_in = in·Πk and fan_out = out·Πk.
 */
public final class Init {
    private Init() {}

    /** Which fan scales the variance: FAN_IN preserves forward magnitudes, FAN_OUT backward ones. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** Nonlinearities with a recommended gain ({@code torch.nn.init.calculate_gain}). */
    public enum Nonlinearity { LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU }

    private static SplittableRandom global = new SplittableRandom(0);

    /** Resets the global generator that layers use when no generator is given (like torch.manual_seed). */
    public static synchronized void manualSeed(long seed) {
        global = new SplittableRandom(seed);
    }

    /** A new generator split off the global one: deterministic given the seed and the order of calls. */
    public static synchronized RandomGenerator generator() {
        return global.split();
    }

    /** The recommended gain; {@code param} is leaky ReLU's negative slope (ignored otherwise). */
    public static double gain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + param * param));
        };
    }

    /** {fan_in, fan_out} of a weight shape (at least 2 dims). */
    public static int[] fans(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("init: fan in and fan out need a tensor with at least 2 dims, got "
                    + Shapes.str(shape));
        }
        int receptive = 1;
        for (int d = 2; d < shape.length; d++) {
            receptive *= shape[d];
        }
        return new int[] {shape[1] * receptive, shape[0] * receptive};
    }

    /** Fills with U(lo, hi). */
    public static Tensor uniform(Tensor t, double lo, double hi, RandomGenerator rng) {
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rng.nextDouble();
        }
        t.copyFrom(Tensor.wrap(v, t.shape()));
        return t;
    }

    /** Fills with N(mean, std²). */
    public static Tensor normal(Tensor t, double mean, double std, RandomGenerator rng) {
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + std * rng.nextGaussian();
        }
        t.copyFrom(Tensor.wrap(v, t.shape()));
        return t;
    }

    /** Fills with one value. */
    public static Tensor constant(Tensor t, double value) {
        double[] v = new double[t.numel()];
        java.util.Arrays.fill(v, value);
        t.copyFrom(Tensor.wrap(v, t.shape()));
        return t;
    }

    /** Kaiming (He) uniform: U(-b, b) with b = gain·√(3 / fan); {@code a} is leaky ReLU's slope for the gain. */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, RandomGenerator rng) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, rng);
    }

    /** Kaiming with PyTorch's defaults: a = 0, FAN_IN, leaky ReLU (gain √2). */
    public static Tensor kaimingUniform(Tensor t, RandomGenerator rng) {
        return kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    }

    /** Kaiming (He) normal: N(0, std²) with std = gain / √fan. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, RandomGenerator rng) {
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), rng);
    }

    public static Tensor kaimingNormal(Tensor t, RandomGenerator rng) {
        return kaimingNormal(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        int[] f = fans(t.shape());
        int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
        if (fan == 0) {
            throw new IllegalArgumentException("init: kaiming of a tensor with zero " + mode + ": " + Shapes.str(t.shape()));
        }
        return gain(nonlinearity, a) / Math.sqrt(fan);
    }

    /** Xavier (Glorot) uniform: U(-b, b) with b = gain·√(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor t, double gain, RandomGenerator rng) {
        double bound = Math.sqrt(3.0) * xavierStd(t, gain);
        return uniform(t, -bound, bound, rng);
    }

    /** Xavier uniform with gain 1. */
    public static Tensor xavierUniform(Tensor t, RandomGenerator rng) {
        return xavierUniform(t, 1.0, rng);
    }

    /** Xavier normal with gain 1. */
    public static Tensor xavierNormal(Tensor t, RandomGenerator rng) {
        return xavierNormal(t, 1.0, rng);
    }

    /** Xavier (Glorot) normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain, RandomGenerator rng) {
        return normal(t, 0, xavierStd(t, gain), rng);
    }

    private static double xavierStd(Tensor t, double gain) {
        int[] f = fans(t.shape());
        return gain * Math.sqrt(2.0 / (f[0] + f[1]));
    }

    /**
     * PyTorch's default for Linear and Conv layers: weight kaiming-uniform with a = √5 (so U(±1/√fan_in)),
     * bias (may be null) U(±1/√fan_in).
     */
    public static void pytorchLayerDefault(Tensor weight, Tensor bias, RandomGenerator rng) {
        kaimingUniform(weight, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
        if (bias != null) {
            int fanIn = fans(weight.shape())[0];
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            uniform(bias, -bound, bound, rng);
        }
    }
}
