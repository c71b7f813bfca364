package dev.tapegrad.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Checkpoint;
import dev.tapegrad.nn.Sequential;
import dev.tapegrad.nn.Training;
import dev.tapegrad.nn.data.DataLoader;
import dev.tapegrad.nn.data.TensorDataset;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.layers.BatchNorm2d;
import dev.tapegrad.nn.layers.Conv2d;
import dev.tapegrad.nn.layers.Flatten;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.MaxPool2d;
import dev.tapegrad.nn.layers.ReLU;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.GradClip;
import dev.tapegrad.nn.optim.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Building and training a model" snippet, as written there, on random data. */
class ReadmeTourTest {
    @Test
    void readmeTrainingSnippetRuns(@TempDir Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        float[] images = new float[128 * 28 * 28];
        for (int i = 0; i < images.length; i++) {
            images[i] = rng.nextFloat();
        }
        int[] labels = rng.ints(128, 0, 10).toArray();
        long step = 0;

        Init.manualSeed(0);
        Sequential model = new Sequential(
                new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(8 * 14 * 14, 10));
        SGD opt = new SGD(model.namedParameters(), 0.01, 0.9);
        DataLoader loader = new DataLoader(new TensorDataset(images, labels, 1, 28, 28), 64, true, 0, false);
        for (DataLoader.Batch b : loader) {
            opt.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(b.features()), b.labels());
            Training.checkFinite(loss, step++);
            loss.backward();
            GradClip.clipGradNorm(model.parameters(), 1.0);
            opt.step();
        }
        Checkpoint.saveModel(dir.resolve("model.safetensors"), model);
        assertTrue(step == 2 && Files.size(dir.resolve("model.safetensors")) > 8 * 14 * 14 * 10 * 4);
    }
}
