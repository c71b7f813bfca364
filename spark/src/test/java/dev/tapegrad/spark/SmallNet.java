package dev.tapegrad.spark;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Sequential;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.layers.Conv2d;
import dev.tapegrad.nn.layers.Flatten;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.MaxPool2d;
import dev.tapegrad.nn.layers.ReLU;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.Optimizer;
import dev.tapegrad.nn.optim.SGD;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/** A small conv net, synthetic data and a single-process reference loop for the Spark tests. */
final class SmallNet {
    private SmallNet() {}

    /** conv 3×3 (1→4) → ReLU → max-pool 2 → conv 3×3 (4→6) → ReLU → flatten → linear 6·4·4 → 5, seeded. */
    record Factory(DType dtype, long seed) implements ModelFactory {
        @Override
        public Module get() {
            Init.manualSeed(seed);
            return new Sequential(new Conv2d(1, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Conv2d(4, 6, 3),
                    new ReLU(), new Flatten(), new Linear(6 * 4 * 4, 5)).to(dtype);
        }
    }

    /** SGD with momentum (0.9 unless given). */
    record Sgd(double lr, double momentum) implements OptimizerFactory {
        Sgd(double lr) {
            this(lr, 0.9);
        }

        @Override
        public Optimizer apply(Map<String, dev.tapegrad.nn.Parameter> params) {
            return new SGD(params, lr, momentum);
        }
    }

    /** n random 1×12×12 images with labels in [0, 5) that depend on the image (so the net can learn). */
    static TrainingSet data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * 144];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(5);
            y[i] = label;
            for (int j = 0; j < 144; j++) {
                x[i * 144 + j] = (float) (rng.nextGaussian() * 0.5 + ((j / 12) / 3 == label ? 1 : 0));
            }
        }
        return new TrainingSet(x, y, new int[] {1, 12, 12});
    }

    /** Single-process training: {@code steps} steps over the global batches of {@link EpochOrder}. */
    static Module trainLocally(ModelFactory factory, OptimizerFactory opt, TrainingSet set, int batch, long seed,
            int steps) {
        Module model = factory.get();
        Optimizer optimizer = opt.apply(model.namedParameters());
        EpochOrder order = new EpochOrder(set.size(), seed);
        int perEpoch = EpochOrder.batches(set.size(), batch);
        int[] epochOrder = null;
        for (int s = 0; s < steps; s++) {
            if (s % perEpoch == 0) {
                epochOrder = order.next();
            }
            TrainingSet.Batch b = set.gather(EpochOrder.batch(epochOrder, s % perEpoch, batch));
            optimizer.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(ShardTasks.input(b, ShardTasks.dtype(model))), b.labels());
            loss.backward();
            optimizer.step();
        }
        return model;
    }

    /** Largest |a - b| / max(|a|, |b|, 1e-3) over every parameter, by name. */
    static double maxRelativeDifference(Module a, Module b) {
        double worst = 0;
        for (var e : a.namedParameters().entrySet()) {
            double[] x = e.getValue().tensor().toDoubleArray();
            double[] y = b.namedParameters().get(e.getKey()).tensor().toDoubleArray();
            if (x.length != y.length) {
                throw new AssertionError(e.getKey() + ": " + x.length + " vs " + y.length + " values");
            }
            for (int i = 0; i < x.length; i++) {
                double scale = Math.max(1e-3, Math.max(Math.abs(x[i]), Math.abs(y[i])));
                worst = Math.max(worst, Math.abs(x[i] - y[i]) / scale);
            }
        }
        return worst;
    }

    /** Every parameter value, concatenated in name order. */
    static double[] values(Module m) {
        return m.parameters().stream().flatMapToDouble(p -> Arrays.stream(p.tensor().toDoubleArray())).toArray();
    }
}
