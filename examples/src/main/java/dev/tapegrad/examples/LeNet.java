package dev.tapegrad.examples;

import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Checkpoint;
import dev.tapegrad.nn.Training;
import dev.tapegrad.nn.data.DataLoader;
import dev.tapegrad.nn.data.TensorDataset;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.io.FashionMnist;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.Adam;
import dev.tapegrad.nn.optim.AdamW;
import dev.tapegrad.nn.optim.Optimizer;
import dev.tapegrad.nn.optim.SGD;
import dev.tapegrad.ops.kernels.Parallel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * LeNet-5 trained on Fashion-MNIST with the recipe of examples/python/lenet.py (SGD lr
 * 0.01 momentum 0.9, batch 64, pixels / 255, shuffled, last partial batch kept).
 *
 * <p>With no flags it trains on the sample shipped with the examples (4000 training and 1000 test images);
 * {@code --data DIR} reads the full set from DIR, and a bare {@code --data} from Debian's
 * {@code dataset-fashion-mnist} package. Shows one live progress line while training, a summary per epoch,
 * saves the model, the optimizer state and a chart of loss and accuracy under {@code --out}, and prints
 * {@code test accuracy: 0.XXXX} as its last line.
 */
public final class LeNet {
    static final Path DEBIAN_DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String USAGE = """
            usage: lenet [--data [DIR]] [--epochs N] [--batch-size N] [--lr X] [--optimizer sgd|adam|adamw]
                         [--threads N] [--seed N] [--out DIR]
              --data [DIR]    full Fashion-MNIST from DIR (IDX files, gzipped or not); bare: %s
                              (apt-get install dataset-fashion-mnist); default: the shipped 4000-image sample
              --epochs N      default 3 on the full set, 10 on the sample
              --batch-size N  default 64
              --lr X          default 0.01 for sgd (momentum 0.9), 0.001 for adam and adamw
              --optimizer     sgd (default), adam or adamw
              --threads N     kernel threads, default: the number of processors (%d)
              --seed N        initialisation and shuffling seed, default 0
              --out DIR       where the checkpoint and the chart go, default lenet-out
            """;

    private LeNet() {}

    /** What one run is asked to do. */
    record Config(Path data, int epochs, int batchSize, double lr, String optimizer, int threads, long seed,
            Path out) {
        static Config parse(String[] args) {
            Flags f = new Flags(args,
                    Set.of("data", "epochs", "batch-size", "lr", "optimizer", "threads", "seed", "out"),
                    Set.of("data"));
            Path data = !f.has("data") ? null
                    : f.string("data", Flags.BARE).equals(Flags.BARE) ? DEBIAN_DATA : Path.of(f.string("data", ""));
            String optimizer = f.string("optimizer", "sgd").toLowerCase(Locale.ROOT);
            if (!Set.of("sgd", "adam", "adamw").contains(optimizer)) {
                throw new IllegalArgumentException("--optimizer must be sgd, adam or adamw, got \"" + optimizer + "\"");
            }
            return new Config(data, f.integer("epochs", data == null ? 10 : 3, 1), f.integer("batch-size", 64, 1),
                    f.positive("lr", optimizer.equals("sgd") ? 0.01 : 0.001), optimizer,
                    f.integer("threads", Runtime.getRuntime().availableProcessors(), 1), f.longValue("seed", 0),
                    Path.of(f.string("out", "lenet-out")));
        }
    }

    public static void main(String[] args) throws IOException {
        Config cfg;
        try {
            cfg = Config.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lenet: " + e.getMessage());
            System.err.printf(Locale.ROOT, USAGE, DEBIAN_DATA, Runtime.getRuntime().availableProcessors());
            System.exit(2);
            return;
        }
        try {
            System.out.println(String.format(Locale.ROOT, "test accuracy: %.4f", train(cfg, System.out)));
        } catch (Training.NonFiniteLossException e) {
            System.err.println();
            System.err.println("lenet: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Trains, reports to out, saves under cfg.out; returns the final test accuracy. */
    static double train(Config cfg, PrintStream out) throws IOException {
        Parallel.setThreads(cfg.threads());
        FashionMnist data = cfg.data() == null ? FashionMnistSample.load() : FashionMnist.load(cfg.data());
        out.printf(Locale.ROOT, "Fashion-MNIST %s: %d training, %d test images%n",
                cfg.data() == null ? "sample" : "from " + cfg.data(), data.train().size(), data.test().size());

        Init.manualSeed(cfg.seed());
        LeNet5 model = new LeNet5(FashionMnist.CLASSES);
        Optimizer optimizer = switch (cfg.optimizer()) {
            case "adam" -> new Adam(model.namedParameters(), cfg.lr());
            case "adamw" -> new AdamW(model.namedParameters(), cfg.lr());
            default -> new SGD(model.namedParameters(), cfg.lr(), 0.9);
        };
        DataLoader train = new DataLoader(dataset(data.train()), cfg.batchSize(), true, cfg.seed(), false);
        DataLoader test = new DataLoader(dataset(data.test()), 1000, false, 0, false);
        out.printf(Locale.ROOT, "LeNet-5, %d parameters; %s lr %s, batch %d, %d epochs%n", model.numParameters(),
                cfg.optimizer(), cfg.lr(), cfg.batchSize(), cfg.epochs());

        Progress progress = new Progress(cfg.epochs(), train.numBatches());
        double[] losses = new double[cfg.epochs()];
        double[] accuracies = new double[cfg.epochs()];
        long step = 0;
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
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
                    + "%.0f images/s (%.1f s)%n", epoch + 1, cfg.epochs(), losses[epoch], (double) hits / seen,
                    accuracies[epoch], seen / seconds, seconds);
        }

        Files.createDirectories(cfg.out());
        Path weights = cfg.out().resolve("lenet5.safetensors");
        Path optimizerState = cfg.out().resolve("lenet5-optimizer.safetensors");
        Path chart = cfg.out().resolve("lenet5-training.png");
        Checkpoint.saveModel(weights, model);
        Checkpoint.saveOptimizer(optimizerState, optimizer);
        LossChart.write(chart, losses, accuracies);
        out.println("saved " + weights + ", " + optimizerState + ", " + chart);
        return accuracies[cfg.epochs() - 1];
    }

    static TensorDataset dataset(FashionMnist.Split split) {
        return new TensorDataset(split.images(), split.labels(), 1, FashionMnist.HEIGHT, FashionMnist.WIDTH);
    }

    /** Fraction of the loader's examples whose largest logit is at the label, in eval mode without a tape. */
    static double evaluate(LeNet5 model, DataLoader loader) {
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

    /** The live progress line on the terminal (nothing when stderr is not one), redrawn at most 5 times a second. */
    private static final class Progress {
        private final boolean live = System.console() != null;
        private final int epochs;
        private final int batchesPerEpoch;
        private long lastDraw;
        private int width;

        Progress(int epochs, int batchesPerEpoch) {
            this.epochs = epochs;
            this.batchesPerEpoch = batchesPerEpoch;
        }

        void update(int epoch, int batch, double loss, double accuracy, int images, long nanos) {
            long now = System.nanoTime();
            if (!live || (now - lastDraw < 200_000_000L && batch < batchesPerEpoch)) {
                return;
            }
            lastDraw = now;
            double perSecond = images / (nanos / 1e9);
            long eta = Math.round((double) nanos / batch * (batchesPerEpoch - batch) / 1e9);
            String line = String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f  acc %.4f  %.0f img/s  "
                    + "ETA %d:%02d", epoch + 1, epochs, batch, batchesPerEpoch, loss, accuracy, perSecond, eta / 60,
                    eta % 60);
            System.err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            System.err.flush();
            width = line.length();
        }

        void clear() {
            if (live && width > 0) {
                System.err.print("\r" + " ".repeat(width) + "\r");
                System.err.flush();
                width = 0;
            }
        }
    }
}
