package dev.tapegrad.examples;

import dev.tapegrad.nn.Training;
import dev.tapegrad.nn.cli.Flags;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.io.FashionMnist;
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
 * A tiny Vision Transformer ({@link TinyViT}) trained on Fashion-MNIST with the recipe of
 * examples/python/vit.py: AdamW lr 1e-3 (weight decay 0.01), batch 64, pixels / 255, shuffled, last partial
 * batch kept. Flags, progress line, checkpoint, chart and last line ({@code test accuracy: 0.XXXX}) as
 * {@link LeNet}; with no flags it trains 2 epochs on the shipped 4000-image sample.
 */
public final class Vit {
    private static final String USAGE = """
            usage: vit [--data [DIR]] [--epochs N] [--batch-size N] [--lr X] [--optimizer adamw|adam|sgd]
                       [--threads N] [--seed N] [--out DIR]
              --data [DIR]    full Fashion-MNIST from DIR (IDX files, gzipped or not); bare: %s
                              (apt-get install dataset-fashion-mnist); default: the shipped 4000-image sample
              --epochs N      default 3 on the full set, 2 on the sample
              --batch-size N  default 64
              --lr X          default 0.001 for adamw and adam, 0.01 for sgd (momentum 0.9)
              --optimizer     adamw (default), adam or sgd
              --threads N     kernel threads, default: the number of processors (%d)
              --seed N        initialisation and shuffling seed, default 0
              --out DIR       where the checkpoint and the chart go, default vit-out
            """;

    private Vit() {}

    /** What one run is asked to do. */
    record Config(Path data, int epochs, int batchSize, double lr, String optimizer, int threads, long seed,
            Path out) {
        static Config parse(String[] args) {
            Flags f = new Flags(args,
                    Set.of("data", "epochs", "batch-size", "lr", "optimizer", "threads", "seed", "out"),
                    Set.of("data"));
            Path data = !f.has("data") ? null
                    : f.string("data", Flags.BARE).equals(Flags.BARE) ? LeNet.DEBIAN_DATA : Path.of(f.string("data", ""));
            String optimizer = f.string("optimizer", "adamw").toLowerCase(Locale.ROOT);
            if (!Set.of("sgd", "adam", "adamw").contains(optimizer)) {
                throw new IllegalArgumentException("--optimizer must be adamw, adam or sgd, got \"" + optimizer + "\"");
            }
            return new Config(data, f.integer("epochs", data == null ? 2 : 3, 1), f.integer("batch-size", 64, 1),
                    f.positive("lr", optimizer.equals("sgd") ? 0.01 : 0.001), optimizer,
                    f.integer("threads", Runtime.getRuntime().availableProcessors(), 1), f.longValue("seed", 0),
                    Path.of(f.string("out", "vit-out")));
        }
    }

    public static void main(String[] args) throws IOException {
        if (Flags.helpAsked(args)) {
            System.out.printf(Locale.ROOT, USAGE, LeNet.DEBIAN_DATA, Runtime.getRuntime().availableProcessors());
            return;
        }
        Config cfg;
        try {
            cfg = Config.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("vit: " + e.getMessage());
            System.err.printf(Locale.ROOT, USAGE, LeNet.DEBIAN_DATA, Runtime.getRuntime().availableProcessors());
            System.exit(2);
            return;
        }
        try {
            System.out.println(String.format(Locale.ROOT, "test accuracy: %.4f", train(cfg, System.out)));
        } catch (Training.NonFiniteLossException e) {
            System.err.println();
            System.err.println("vit: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Trains, reports to out, saves under cfg.out; returns the final test accuracy. */
    static double train(Config cfg, PrintStream out) throws IOException {
        Ops.setThreads(cfg.threads());
        FashionMnist data = TrainingLoop.load(cfg.data(), out);

        Init.manualSeed(cfg.seed());
        TinyViT model = new TinyViT(FashionMnist.CLASSES);
        Optimizer optimizer = switch (cfg.optimizer()) {
            case "adam" -> new Adam(model.namedParameters(), cfg.lr());
            case "sgd" -> new SGD(model.namedParameters(), cfg.lr(), 0.9);
            default -> new AdamW(model.namedParameters(), cfg.lr());
        };
        out.printf(Locale.ROOT, "TinyViT, %d parameters; %s lr %s, batch %d, %d epochs%n", model.numParameters(),
                cfg.optimizer(), cfg.lr(), cfg.batchSize(), cfg.epochs());
        return TrainingLoop.fit(model, optimizer, data,
                new TrainingLoop.Plan(cfg.epochs(), cfg.batchSize(), cfg.seed(), cfg.out(), "vit"), out);
    }
}
