package dev.tapegrad.examples;

import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Checkpoint;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Training;
import dev.tapegrad.nn.cli.ProgressLine;
import dev.tapegrad.nn.data.DataLoader;
import dev.tapegrad.nn.data.TensorDataset;
import dev.tapegrad.nn.io.FashionMnist;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.Optimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The training loop the Fashion-MNIST classifier examples ({@code lenet}, {@code vit}) share: shuffled
 * batches, cross-entropy, one optimizer step per batch, a live progress line, a summary per epoch, then the
 * model, the optimizer state and a chart of loss and accuracy saved as {@code STEM.safetensors},
 * {@code STEM-optimizer.safetensors} and {@code STEM-training.png} under the output directory.
 */
final class TrainingLoop {
    /** What to run: epochs, batch size, shuffling seed, output directory and the stem of the saved files. */
    record Plan(int epochs, int batchSize, long seed, Path out, String stem) {}

    private TrainingLoop() {}

    /** The full set from {@code dir}, or the shipped sample when it is null; says which on {@code out}. */
    static FashionMnist load(Path dir, PrintStream out) throws IOException {
        FashionMnist data = dir == null ? FashionMnistSample.load() : FashionMnist.load(dir);
        out.printf(Locale.ROOT, "Fashion-MNIST %s: %d training, %d test images%n",
                dir == null ? "sample" : "from " + dir, data.train().size(), data.test().size());
        return data;
    }

    /** Trains model on data.train(), evaluates on data.test() after each epoch; returns the last accuracy. */
    static double fit(Module model, Optimizer optimizer, FashionMnist data, Plan plan, PrintStream out)
            throws IOException {
        DataLoader train = new DataLoader(dataset(data.train()), plan.batchSize(), true, plan.seed(), false);
        DataLoader test = new DataLoader(dataset(data.test()), 1000, false, 0, false);
        ProgressLine progress = new ProgressLine(plan.epochs(), train.numBatches());
        double[] losses = new double[plan.epochs()];
        double[] accuracies = new double[plan.epochs()];
        long step = 0;
        for (int epoch = 0; epoch < plan.epochs(); epoch++) {
            model.train();
            long start = System.nanoTime();
            double lossSum = 0;
            int batches = 0;
            int seen = 0;
            int hits = 0;
            for (DataLoader.Batch batch : train) {
                optimizer.zeroGrad();
                Tensor logits = model.forward(batch.features());
                Tensor loss = Losses.crossEntropy(logits, batch.labels());
                lossSum += Training.checkFinite(loss, step++);
                loss.backward();
                optimizer.step();
                batches++;
                seen += batch.size();
                hits += Training.correct(logits.detach(), batch.labels());
                progress.update(epoch, batches, lossSum / batches, (double) hits / seen, seen, System.nanoTime() - start);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            losses[epoch] = lossSum / batches;
            accuracies[epoch] = evaluate(model, test);
            progress.clear();
            out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f, train accuracy %.4f, test accuracy %.4f, "
                    + "%.0f images/s (%.1f s)%n", epoch + 1, plan.epochs(), losses[epoch], (double) hits / seen,
                    accuracies[epoch], seen / seconds, seconds);
        }

        Files.createDirectories(plan.out());
        Path weights = plan.out().resolve(plan.stem() + ".safetensors");
        Path optimizerState = plan.out().resolve(plan.stem() + "-optimizer.safetensors");
        Path chart = plan.out().resolve(plan.stem() + "-training.png");
        Checkpoint.saveModel(weights, model);
        Checkpoint.saveOptimizer(optimizerState, optimizer);
        LossChart.write(chart, losses, accuracies);
        out.println("saved " + weights + ", " + optimizerState + ", " + chart);
        return accuracies[plan.epochs() - 1];
    }

    /** Images as [1, 28, 28] features with their labels. */
    static TensorDataset dataset(FashionMnist.Split split) {
        return new TensorDataset(split.images(), split.labels(), 1, FashionMnist.HEIGHT, FashionMnist.WIDTH);
    }

    /** Fraction of the loader's examples whose largest logit is at the label, in eval mode without a tape. */
    static double evaluate(Module model, DataLoader loader) {
        model.eval();
        int hits = 0;
        int seen = 0;
        try (var off = GradMode.noGrad()) {
            for (DataLoader.Batch batch : loader) {
                hits += Training.correct(model.forward(batch.features()), batch.labels());
                seen += batch.size();
            }
        } finally {
            model.train();
        }
        return (double) hits / seen;
    }
}
