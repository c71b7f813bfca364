package dev.tapegrad.examples;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.cli.Flags;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.optim.SGD;
import java.util.Locale;

/**
 * {@code resnet}: trains {@link SmallResNet} on one fixed FLOAT32 batch (SGD lr 0.01 momentum 0.9, batch 64
 * of 1×28×28) and prints every step's time and the time since the JVM started, then the first-10-steps time
 * from process start and the steady step time (median of the last half). Flags: --steps N (default 40),
 * --batch-size N. PyTorch twin: examples/python/resnet.py.
 */
public final class ResNetSteps {
    private ResNetSteps() {}

    private static final String USAGE = """
            usage: resnet [--steps N] [--batch-size N]
              --steps N       training steps, default 40
              --batch-size N  images per step (1×28×28, FLOAT32), default 64, at least 2 (BatchNorm)
            """;

    public static void main(String[] args) {
        if (Flags.helpAsked(args)) {
            System.out.print(USAGE);
            return;
        }
        int steps;
        int batch;
        try {
            Flags flags = new Flags(args, java.util.Set.of("steps", "batch-size"), java.util.Set.of());
            steps = flags.integer("steps", 40, 1);
            batch = flags.integer("batch-size", 64, 2);
        } catch (IllegalArgumentException e) {
            System.err.println("resnet: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        long start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        Init.manualSeed(0);
        SmallResNet model = new SmallResNet(10);
        SGD opt = new SGD(model.namedParameters(), 0.01, 0.9);
        FixedBatch data = FixedBatch.random(batch);
        double[] ms = new double[steps];
        double firstTen = Double.NaN;
        for (int step = 0; step < steps; step++) {
            long t0 = System.nanoTime();
            Tensor loss = data.trainStep(model, opt);
            ms[step] = (System.nanoTime() - t0) / 1e6;
            double sinceStart = (System.currentTimeMillis() - start) / 1e3;
            if (step == 9) {
                firstTen = sinceStart;
            }
            System.out.printf(Locale.ROOT, "step %3d  %8.2f ms  loss %.4f  %6.2f s since JVM start%n", step, ms[step],
                    loss.item(), sinceStart);
        }
        double[] tail = java.util.Arrays.copyOfRange(ms, steps / 2, steps);
        java.util.Arrays.sort(tail);
        if (steps >= 10) {
            System.out.printf(Locale.ROOT, "first 10 steps from process start: %.2f s%n", firstTen);
        }
        System.out.printf(Locale.ROOT, "steady step (median of the last %d): %.2f ms%n", tail.length,
                tail.length == 0 ? Double.NaN : tail[tail.length / 2]);
    }
}
