package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.data.DataLoader;
import dev.tapegrad.nn.data.TensorDataset;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.ReLU;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.CosineAnnealingLR;
import dev.tapegrad.nn.optim.GradClip;
import dev.tapegrad.nn.optim.SGD;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingTest {
    /**
     * Three Gaussian blobs in 2-D (centres on a circle of radius 3, std 0.6), labels 0..2: separable, so
     * an MLP should classify held-out points almost perfectly.
     */
    private static TensorDataset blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            double a = 2 * Math.PI * c / 3;
            x[2 * i] = (float) (3 * Math.cos(a) + 0.6 * rng.nextGaussian());
            x[2 * i + 1] = (float) (3 * Math.sin(a) + 0.6 * rng.nextGaussian());
            y[i] = c;
        }
        return new TensorDataset(x, y, 2);
    }

    @Test
    void mlpLearnsSeparableBlobs() {
        Sequential model = new Sequential(new Linear(2, 16, true, new SplittableRandom(1)), new ReLU(),
                new Linear(16, 3, true, new SplittableRandom(2)));
        SGD opt = new SGD(model.namedParameters(), 0.1, 0.9);
        CosineAnnealingLR schedule = new CosineAnnealingLR(opt, 5);
        DataLoader train = new DataLoader(blobs(600, 7), 32, true, 3, false);
        long step = 0;
        for (int epoch = 0; epoch < 5; epoch++) {
            for (DataLoader.Batch b : train) {
                Tensor loss = Losses.crossEntropy(model.forward(b.features()), b.labels());
                Training.checkFinite(loss, step++);
                opt.zeroGrad();
                loss.backward();
                GradClip.clipGradNorm(model.parameters(), 5.0);
                opt.step();
            }
            schedule.step();
        }
        model.eval();
        int correct = 0;
        int total = 0;
        try (var off = GradMode.noGrad()) {
            for (DataLoader.Batch b : new DataLoader(blobs(300, 8), 100, false, 0, false)) {
                correct += Training.correct(model.forward(b.features()), b.labels());
                total += b.size();
            }
        }
        double accuracy = (double) correct / total;
        assertTrue(accuracy >= 0.95, "held-out accuracy " + accuracy + " below 0.95");
    }

    @Test
    void correctCountsArgmaxHits() {
        Tensor logits = Tensor.of(new float[] {1, 3, 2, 5, 0, 5, 0, 0, 1}, 3, 3);
        assertEquals(2, Training.correct(logits, new int[] {1, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Training.correct(logits, new int[] {1}));
    }

    @Test
    void nonFiniteLossNamesTheStep() {
        assertEquals(0.5, Training.checkFinite(Tensor.scalar(0.5), 0));
        var e = assertThrows(Training.NonFiniteLossException.class,
                () -> Training.checkFinite(Tensor.of(new float[] {Float.NaN}), 17));
        assertTrue(e.getMessage().startsWith("loss is NaN at step 17"), e.getMessage());
        assertEquals(17, e.step());
        assertThrows(Training.NonFiniteLossException.class,
                () -> Training.checkFinite(Tensor.scalar(Double.POSITIVE_INFINITY, DType.FLOAT32), 3));
    }
}
