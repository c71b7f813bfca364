package dev.tapegrad.spark.cli;

import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Checkpoint;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Training;
import dev.tapegrad.nn.cli.Flags;
import dev.tapegrad.nn.cli.ProgressLine;
import dev.tapegrad.nn.io.FashionMnist;
import dev.tapegrad.ops.kernels.Parallel;
import dev.tapegrad.spark.EpochOrder;
import dev.tapegrad.spark.SparkContexts;
import dev.tapegrad.spark.SparkTrainer;
import dev.tapegrad.spark.TrainingSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The examples' {@code lenet} (LeNet-5 on Fashion-MNIST, SGD lr 0.01 momentum 0.9, batch 64) trained on
 * Spark: same progress line, same epoch summary, same last line {@code test accuracy: 0.XXXX}. The test
 * set is evaluated on the driver.
 */
public final class LeNetOnSpark {
    static final Path DEBIAN_DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String USAGE = """
            usage: lenet [--data DIR] [--master URL] [--mode exact|average] [--average-every K] [--partitions N]
                         [--epochs N] [--batch-size N] [--lr X] [--optimizer sgd|adam|adamw] [--threads N]
                         [--seed N] [--timeout S] [--limit N] [--out DIR]
              --data DIR         Fashion-MNIST IDX files (gzipped or not), default %s
              --master URL       local[N] (default local[2]), spark://host:port, or none under spark-submit
              --mode             exact: one Spark job per global batch, equal to single-process training;
                                 average (default): every partition takes K local steps on batches of
                                 batch-size / partitions, then parameters and optimizer state are averaged
              --average-every K  local steps between averages, default 32
              --partitions N     shards of the training set, default: Spark's default parallelism
              --epochs N         default 3
              --batch-size N     global batch, default 64
              --lr X             default 0.01 for sgd (momentum 0.9), 0.001 for adam and adamw
              --threads N        kernel threads of this JVM, default: the number of processors
              --seed N           initialisation and shuffling seed, default 0
              --timeout S        seconds to wait for the master and a first executor, default 60
              --limit N          train on the first N training images only (quick trials)
              --out DIR          where the checkpoint goes, default lenet-spark-out
            """;

    private LeNetOnSpark() {}

    /** What one run is asked to do. */
    record Config(Path data, String master, SparkTrainer.Mode mode, int averageEvery, int partitions, int epochs,
            int batchSize, double lr, String optimizer, int threads, long seed, Duration timeout, int limit, Path out) {
        static Config parse(String[] args) {
            Flags f = new Flags(args, Set.of("data", "master", "mode", "average-every", "partitions", "epochs",
                    "batch-size", "lr", "optimizer", "threads", "seed", "timeout", "limit", "out"), Set.of("data"));
            String data = f.string("data", Flags.BARE);
            String optimizer = f.string("optimizer", "sgd").toLowerCase(Locale.ROOT);
            if (!Set.of("sgd", "adam", "adamw").contains(optimizer)) {
                throw new IllegalArgumentException("--optimizer must be sgd, adam or adamw, got \"" + optimizer + "\"");
            }
            String mode = f.string("mode", "average").toLowerCase(Locale.ROOT);
            if (!Set.of("exact", "average").contains(mode)) {
                throw new IllegalArgumentException("--mode must be exact or average, got \"" + mode + "\"");
            }
            return new Config(data.equals(Flags.BARE) ? DEBIAN_DATA : Path.of(data), f.string("master", null),
                    mode.equals("exact") ? SparkTrainer.Mode.EXACT : SparkTrainer.Mode.AVERAGE,
                    f.integer("average-every", 32, 1), f.integer("partitions", 0, 1), f.integer("epochs", 3, 1),
                    f.integer("batch-size", 64, 1), f.positive("lr", optimizer.equals("sgd") ? 0.01 : 0.001),
                    optimizer, f.integer("threads", Runtime.getRuntime().availableProcessors(), 1),
                    f.longValue("seed", 0), Duration.ofSeconds(f.integer("timeout", 60, 1)),
                    f.integer("limit", Integer.MAX_VALUE, 1), Path.of(f.string("out", "lenet-spark-out")));
        }
    }

    public static void main(String[] args) throws IOException {
        Config cfg;
        try {
            cfg = Config.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lenet: " + e.getMessage());
            System.err.printf(Locale.ROOT, USAGE, DEBIAN_DATA);
            System.exit(2);
            return;
        }
        int status = 0;
        try {
            System.out.println(String.format(Locale.ROOT, "test accuracy: %.4f", train(cfg, System.out)));
        } catch (Training.NonFiniteLossException e) {
            System.err.println();
            System.err.println("lenet: " + e.getMessage());
            status = 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println();
            System.err.println("lenet: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** Trains on Spark, reports to out, saves under cfg.out; returns the final test accuracy. */
    static double train(Config cfg, PrintStream out) throws IOException {
        Parallel.setThreads(cfg.threads());
        FashionMnist data = FashionMnist.load(cfg.data());
        out.printf(Locale.ROOT, "Fashion-MNIST from %s: %d training, %d test images%n", cfg.data(),
                Math.min(cfg.limit(), data.train().size()), data.test().size());
        int n = Math.min(cfg.limit(), data.train().size());
        int pixels = FashionMnist.HEIGHT * FashionMnist.WIDTH;
        TrainingSet trainSet = new TrainingSet(Arrays.copyOf(data.train().images(), n * pixels),
                Arrays.copyOf(data.train().labels(), n), new int[] {1, FashionMnist.HEIGHT, FashionMnist.WIDTH});
        JavaSparkContext sc = SparkContexts.open(cfg.master(), "tapegrad-lenet", cfg.timeout());
        try {
            int partitions = cfg.partitions() > 0 ? cfg.partitions() : sc.defaultParallelism();
            SparkTrainer.Options opts = new SparkTrainer.Options(cfg.mode(), partitions, cfg.batchSize(),
                    cfg.averageEvery(), cfg.seed());
            try (SparkTrainer trainer = new SparkTrainer(sc, new LeNet5Factory(FashionMnist.CLASSES, cfg.seed()),
                    new Optimizers(cfg.optimizer(), cfg.lr()), trainSet, opts)) {
                return train(cfg, out, sc, trainer, data.test());
            }
        } finally {
            sc.stop();
        }
    }

    private static double train(Config cfg, PrintStream out, JavaSparkContext sc, SparkTrainer trainer,
            FashionMnist.Split test) throws IOException {
        Module model = trainer.model();
        SparkTrainer.Options o = trainer.options();
        out.printf(Locale.ROOT, "Spark %s: %d partitions, %s%n", sc.master(), o.partitions(),
                o.mode() == SparkTrainer.Mode.EXACT ? "exact mode (one job per global batch)"
                        : "averaging every " + o.averageEvery() + " local steps of batch " + trainer.localBatch());
        out.printf(Locale.ROOT, "LeNet-5, %d parameters; %s lr %s, batch %d, %d epochs%n", model.numParameters(),
                cfg.optimizer(), cfg.lr(), cfg.batchSize(), cfg.epochs());
        int jobs = trainer.jobsPerEpoch();
        ProgressLine progress = new ProgressLine(cfg.epochs(), jobs);
        double accuracy = 0;
        long step = 0;
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            int seen = 0;
            int hits = 0;
            long bytes = 0;
            for (int j = 0; j < jobs; j++) {
                SparkTrainer.Stats s = trainer.runJob(epoch, j);
                if (!Double.isFinite(s.lossSum())) {
                    throw new Training.NonFiniteLossException(step, s.lossSum());
                }
                step++;
                lossSum += s.lossSum();
                seen += s.count();
                hits += s.correct();
                bytes += s.bytesDown() + s.bytesUp();
                progress.update(epoch, j + 1, lossSum / seen, (double) hits / seen, seen, System.nanoTime() - start);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            accuracy = evaluate(model, test);
            progress.clear();
            out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f, train accuracy %.4f, test accuracy %.4f, "
                    + "%.0f images/s (%.1f s)%n", epoch + 1, cfg.epochs(), lossSum / seen, (double) hits / seen,
                    accuracy, seen / seconds, seconds);
            out.printf(Locale.ROOT, "  %d Spark jobs, %.1f ms and %.0f KB of parameters and gradients per job%n",
                    jobs, seconds * 1000 / jobs, bytes / 1024.0 / jobs);
        }
        Files.createDirectories(cfg.out());
        Path weights = cfg.out().resolve("lenet5.safetensors");
        Path optimizerState = cfg.out().resolve("lenet5-optimizer.safetensors");
        Checkpoint.saveModel(weights, model);
        Checkpoint.saveOptimizer(optimizerState, trainer.optimizer());
        out.println("saved " + weights + ", " + optimizerState);
        return accuracy;
    }

    /** Fraction of the test images whose largest logit is at the label, in eval mode without a tape. */
    static double evaluate(Module model, FashionMnist.Split test) {
        TrainingSet set = new TrainingSet(test.images(), test.labels(),
                new int[] {1, FashionMnist.HEIGHT, FashionMnist.WIDTH});
        model.eval();
        int hits = 0;
        int[] all = new int[set.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try (var off = GradMode.noGrad()) {
            for (int b = 0; b < EpochOrder.batches(all.length, 1000); b++) {
                TrainingSet.Batch batch = set.gather(EpochOrder.batch(all, b, 1000));
                Tensor x = Tensor.wrap(batch.features(), batch.shape());
                hits += Training.correct(model.forward(x), batch.labels());
            }
        } finally {
            model.train();
        }
        return (double) hits / all.length;
    }
}
