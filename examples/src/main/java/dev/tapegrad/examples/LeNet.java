package dev.tapegrad.examples;

import dev.tapegrad.autograd.Anomaly;
import dev.tapegrad.autograd.AnomalyException;
import dev.tapegrad.nn.Training;
import dev.tapegrad.nn.cli.Flags;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.io.FashionMnist;
import dev.tapegrad.nn.models.LeNet5;
import dev.tapegrad.nn.optim.Adam;
import dev.tapegrad.nn.optim.AdamW;
import dev.tapegrad.nn.optim.Optimizer;
import dev.tapegrad.nn.optim.SGD;
import dev.tapegrad.ops.Ops;
import java.io.IOException;
import java.io.PrintStream;
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
                         [--threads N] [--seed N] [--out DIR] [--detect-anomaly]
              --data [DIR]    full Fashion-MNIST from DIR (IDX files, gzipped or not); bare: %s
                              (apt-get install dataset-fashion-mnist); default: the shipped 4000-image sample
              --epochs N      default 3 on the full set, 10 on the sample
              --batch-size N  default 64
              --lr X          default 0.01 for sgd (momentum 0.9), 0.001 for adam and adamw
              --optimizer     sgd (default), adam or adamw
              --threads N     kernel threads, default: the number of processors (%d)
              --seed N        initialisation and shuffling seed, default 0
              --out DIR       where the checkpoint and the chart go, default lenet-out
              --detect-anomaly  stop at the first op whose forward makes a NaN or whose backward makes a
                              NaN or an infinity, naming the op and the line that applied it
            """;

    private LeNet() {}

    /** What one run is asked to do. */
    record Config(Path data, int epochs, int batchSize, double lr, String optimizer, int threads, long seed,
            Path out, boolean detectAnomaly) {
        Config(Path data, int epochs, int batchSize, double lr, String optimizer, int threads, long seed, Path out) {
            this(data, epochs, batchSize, lr, optimizer, threads, seed, out, false);
        }

        static Config parse(String[] args) {
            Flags f = new Flags(args,
                    Set.of("data", "epochs", "batch-size", "lr", "optimizer", "threads", "seed", "out",
                            "detect-anomaly"),
                    Set.of("data", "detect-anomaly"));
            Path data = !f.has("data") ? null
                    : f.string("data", Flags.BARE).equals(Flags.BARE) ? DEBIAN_DATA : Path.of(f.string("data", ""));
            if (!f.string("detect-anomaly", Flags.BARE).equals(Flags.BARE)) {
                throw new IllegalArgumentException("--detect-anomaly takes no value, got \""
                        + f.string("detect-anomaly", "") + "\"");
            }
            String optimizer = f.string("optimizer", "sgd").toLowerCase(Locale.ROOT);
            if (!Set.of("sgd", "adam", "adamw").contains(optimizer)) {
                throw new IllegalArgumentException("--optimizer must be sgd, adam or adamw, got \"" + optimizer + "\"");
            }
            return new Config(data, f.integer("epochs", data == null ? 10 : 3, 1), f.integer("batch-size", 64, 1),
                    f.positive("lr", optimizer.equals("sgd") ? 0.01 : 0.001), optimizer,
                    f.integer("threads", Runtime.getRuntime().availableProcessors(), 1), f.longValue("seed", 0),
                    Path.of(f.string("out", "lenet-out")), f.has("detect-anomaly"));
        }
    }

    public static void main(String[] args) throws IOException {
        if (Flags.helpAsked(args)) {
            System.out.printf(Locale.ROOT, USAGE, DEBIAN_DATA, Runtime.getRuntime().availableProcessors());
            return;
        }
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
        } catch (Training.NonFiniteLossException | AnomalyException e) {
            System.err.println();
            System.err.println("lenet: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Trains, reports to out, saves under cfg.out; returns the final test accuracy. */
    static double train(Config cfg, PrintStream out) throws IOException {
        Ops.setThreads(cfg.threads());
        FashionMnist data = TrainingLoop.load(cfg.data(), out);

        Init.manualSeed(cfg.seed());
        LeNet5 model = new LeNet5(FashionMnist.CLASSES);
        Optimizer optimizer = switch (cfg.optimizer()) {
            case "adam" -> new Adam(model.namedParameters(), cfg.lr());
            case "adamw" -> new AdamW(model.namedParameters(), cfg.lr());
            default -> new SGD(model.namedParameters(), cfg.lr(), 0.9);
        };
        out.printf(Locale.ROOT, "LeNet-5, %d parameters; %s lr %s, batch %d, %d epochs%n", model.numParameters(),
                cfg.optimizer(), cfg.lr(), cfg.batchSize(), cfg.epochs());
        Anomaly.setEnabled(cfg.detectAnomaly());
        if (cfg.detectAnomaly()) {
            out.println("anomaly detection on: NaN in forward, NaN or infinity in backward stop training");
        }
        return TrainingLoop.fit(model, optimizer, data,
                new TrainingLoop.Plan(cfg.epochs(), cfg.batchSize(), cfg.seed(), cfg.out(), "lenet5"), out);
    }
}
