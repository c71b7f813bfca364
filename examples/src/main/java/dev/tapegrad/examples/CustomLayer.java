package dev.tapegrad.examples;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Parameter;
import dev.tapegrad.nn.Sequential;
import dev.tapegrad.nn.Training;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.Adam;
import dev.tapegrad.ops.Ops;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prototyping a new layer: Swish with a learnable slope per feature, y = x·σ(βx) (Ramachandran et al.,
 * 2017). The op computes its forward directly over arrays and declares its vjp with taped ops; GradCheck
 * and gradgradcheck verify it numerically; GradCheck.localize checks it inside a network, op by op, and
 * names the op when a vjp is wrong; a Module holds β as a parameter; a small classifier with it learns
 * two interleaved spirals.
 */
public final class CustomLayer {
    private CustomLayer() {}

    /**
     * y[n, f] = x[n, f]·σ(β[f]·x[n, f]) for x [N, F] and β [F]. With s = σ(βx):
     * ∂y/∂x = s + βx·s(1 − s) and ∂y/∂β = x²·s(1 − s), the latter summed over the batch.
     */
    static final class Swish extends Op {
        @Override
        public String name() {
            return "swish";
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor beta = in[1];
            if (x.rank() != 2 || beta.rank() != 1 || beta.size(0) != x.size(1)) {
                throw new IllegalArgumentException("swish: expected x [N, F] and beta [F], got x "
                        + java.util.Arrays.toString(x.shape()) + " and beta " + java.util.Arrays.toString(beta.shape()));
            }
            ctx.save(x, beta);
            double[] xs = x.toDoubleArray();
            double[] bs = beta.toDoubleArray();
            int features = bs.length;
            double[] y = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                y[i] = xs[i] / (1 + Math.exp(-bs[i % features] * xs[i]));
            }
            return Ops.cast(Tensor.of(y, x.shape()), x.dtype());
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            Tensor x = ctx.saved()[0];
            Tensor beta = ctx.saved()[1];
            Tensor s = Ops.sigmoid(Ops.mul(x, beta));
            Tensor ds = Ops.mul(s, Ops.add(Ops.neg(s), 1.0)); // σ'(βx) = s(1 − s)
            Tensor[] grads = new Tensor[2];
            if (ctx.needsInputGrad(0)) {
                grads[0] = Ops.mul(g, Ops.add(s, Ops.mul(Ops.mul(x, beta), ds)));
            }
            if (ctx.needsInputGrad(1)) {
                grads[1] = Ops.sumTo(Ops.mul(g, Ops.mul(Ops.mul(x, x), ds)), beta.shape());
            }
            return grads;
        }
    }

    /** Swish with the kind of slip {@link GradCheck#localize} is for: the x-gradient forgets the βx·s(1 − s) term. */
    static final class SwishWithSlip extends Op {
        private final Swish swish = new Swish();

        @Override
        public String name() {
            return "swishWithSlip";
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return swish.forward(ctx, in);
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            Tensor[] grads = swish.vjp(ctx, g);
            if (ctx.needsInputGrad(0)) {
                Tensor[] saved = ctx.saved();
                grads[0] = Ops.mul(g, Ops.sigmoid(Ops.mul(saved[0], saved[1])));
            }
            return grads;
        }
    }

    /** A small network around one Swish op: sum(tanh(swish(x·w1, β)·w2)). */
    static Tensor network(Op swish, Tensor[] t) {
        Tensor h = Ops.matmul(t[0], t[1]);
        h = swish.apply(h, t[2]);
        return Ops.sum(Ops.tanh(Ops.matmul(h, t[3])));
    }

    /** The layer: one learnable β per feature, initialised to 1 (plain Swish / SiLU). */
    static final class SwishLayer extends Module {
        private final Parameter beta;

        SwishLayer(int features) {
            beta = registerParameter("beta", Tensor.ones(DType.FLOAT32, features));
        }

        @Override
        public Tensor forward(Tensor x) {
            return new Swish().apply(x, beta.tensor());
        }
    }

    public static void main(String[] args) {
        // 1. verify the op numerically, in FLOAT64, gradients and gradients of gradients
        SplittableRandom rng = new SplittableRandom(11);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 4, 3).requiresGrad(true);
        Tensor beta = Tensor.randn(rng, DType.FLOAT64, 3).requiresGrad(true);
        GradCheck.Result first = GradCheck.gradcheck(t -> new Swish().apply(t[0], t[1]), x, beta);
        GradCheck.Result second = GradCheck.gradgradcheck(t -> new Swish().apply(t[0], t[1]), x, beta);
        System.out.println(first.report());
        System.out.println(second.report());
        if (!first.passed() || !second.passed()) {
            System.exit(1);
        }

        // 1b. in a network: localize checks each recorded op alone and names the one whose vjp is wrong
        Tensor[] net = {Tensor.randn(rng, DType.FLOAT64, 4, 3), Tensor.randn(rng, DType.FLOAT64, 3, 5),
            Tensor.randn(rng, DType.FLOAT64, 5), Tensor.randn(rng, DType.FLOAT64, 5, 2)};
        GradCheck.Result clean = GradCheck.localize(t -> network(new Swish(), t), net);
        GradCheck.Result slip = GradCheck.localize(t -> network(new SwishWithSlip(), t), net);
        System.out.println(clean.report());
        System.out.println("with a slip in the vjp: " + slip.report());
        if (!clean.passed() || slip.passed()) {
            System.exit(1);
        }

        // 2. train a classifier that uses it
        Init.manualSeed(0);
        int perClass = 200;
        Spirals train = Spirals.make(perClass, new SplittableRandom(1));
        Spirals test = Spirals.make(perClass, new SplittableRandom(2));
        SwishLayer swish1 = new SwishLayer(32);
        SwishLayer swish2 = new SwishLayer(32);
        Sequential model = new Sequential(new Linear(2, 32), swish1, new Linear(32, 32), swish2, new Linear(32, 2));
        Adam optimizer = new Adam(model.namedParameters(), 0.01);
        for (int step = 0; step <= 1500; step++) {
            optimizer.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(train.points()), train.labels());
            double value = Training.checkFinite(loss, step);
            loss.backward();
            optimizer.step();
            if (step % 300 == 0) {
                System.out.printf(Locale.ROOT, "step %4d  loss %.4f%n", step, value);
            }
        }
        model.eval();
        double accuracy = (double) Training.correct(model.forward(test.points()), test.labels()) / test.labels().length;
        System.out.println("learned slopes β of the first Swish layer: " + swish1.beta.tensor());
        System.out.printf(Locale.ROOT, "test accuracy on the spirals: %.4f%n", accuracy);
    }

    /** Two interleaved spirals with Gaussian noise: points [2n, 2] and labels 0/1. */
    record Spirals(Tensor points, int[] labels) {
        static Spirals make(int perClass, SplittableRandom rng) {
            float[] xy = new float[4 * perClass];
            int[] labels = new int[2 * perClass];
            for (int i = 0; i < 2 * perClass; i++) {
                int label = i % 2;
                double t = 0.5 + 3.0 * rng.nextDouble();
                double angle = t * Math.PI + label * Math.PI;
                xy[2 * i] = (float) (t * Math.cos(angle) / 3.5 + 0.05 * rng.nextGaussian());
                xy[2 * i + 1] = (float) (t * Math.sin(angle) / 3.5 + 0.05 * rng.nextGaussian());
                labels[i] = label;
            }
            return new Spirals(Tensor.of(xy, 2 * perClass, 2), labels);
        }
    }
}
