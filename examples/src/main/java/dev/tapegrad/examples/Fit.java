package dev.tapegrad.examples;

import dev.tapegrad.autograd.Anomaly;
import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.cli.Flags;
import dev.tapegrad.ops.Ops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The smallest end-to-end program: fit y = tanh(x·W + b)·v to noisy data with plain gradient descent,
 * then verify the model's gradients with GradCheck. {@code fit --dot FILE} also writes the loss's graph as
 * Graphviz DOT (render it with {@code dot -Tsvg FILE -o graph.svg}) and prints what the graph holds.
 */
public final class Fit {
    private Fit() {}

    public static void main(String[] args) throws IOException {
        if (Flags.helpAsked(args)) {
            System.out.println("usage: fit [--dot FILE]");
            return;
        }
        Flags flags;
        try {
            flags = new Flags(args, Set.of("dot"), Set.of());
        } catch (IllegalArgumentException e) {
            System.err.println("fit: " + e.getMessage());
            System.err.println("usage: fit [--dot FILE]");
            System.exit(2);
            return;
        }
        SplittableRandom rng = new SplittableRandom(7);
        int n = 128;
        Tensor x = Tensor.randn(rng, DType.FLOAT64, n, 2);
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            target[i] = Math.sin(x.get(i, 0)) + 0.5 * x.get(i, 1) + 0.01 * rng.nextGaussian();
        }
        Tensor y = Tensor.of(target, n, 1);

        Tensor w = Tensor.randn(rng, DType.FLOAT64, 2, 8).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.FLOAT64, 8).requiresGrad(true);
        Tensor v = Tensor.randn(rng, DType.FLOAT64, 8, 1).requiresGrad(true);
        Tensor[] params = {w, b, v};
        double lr = 0.05;
        for (int step = 0; step <= 500; step++) {
            Tensor loss = loss(x, y, w, b, v);
            loss.backward();
            try (var off = GradMode.noGrad()) {
                for (Tensor p : params) {
                    p.copyFrom(Ops.sub(p, Ops.mul(p.grad(), lr)));
                    p.setGrad(null);
                }
            }
            if (step % 100 == 0) {
                System.out.printf("step %3d  mse %.5f%n", step, loss.item());
            }
        }

        if (flags.has("dot")) {
            writeGraph(Path.of(flags.string("dot", "")), x, y, w, b, v);
        }

        Tensor xs = Tensor.randn(rng, DType.FLOAT64, 4, 2);
        Tensor ys = Tensor.randn(rng, DType.FLOAT64, 4, 1);
        GradCheck.Result check = GradCheck.gradcheck(p -> loss(xs, ys, p[0], p[1], p[2]), params);
        System.out.println(check.report());
        GradCheck.Result check2 = GradCheck.gradgradcheck(p -> loss(xs, ys, p[0], p[1], p[2]), params);
        System.out.println(check2.report());
        if (!check.passed() || !check2.passed()) {
            System.exit(1);
        }
    }

    /** Writes the graph behind a freshly recorded loss as DOT, with call sites, and prints its memory report. */
    private static void writeGraph(Path file, Tensor x, Tensor y, Tensor w, Tensor b, Tensor v) throws IOException {
        Tensor loss;
        try (var detect = Anomaly.detect()) {    // records each op's call site, shown in the graph
            loss = loss(x, y, w, b, v);
        }
        Files.writeString(file, Autograd.toDot(loss));
        System.out.print(Autograd.memoryReport(loss));
        System.out.println("wrote " + file + "; render it with: dot -Tsvg " + file + " -o graph.svg");
    }

    /** Mean squared error of the one-hidden-layer model. */
    static Tensor loss(Tensor x, Tensor y, Tensor w, Tensor b, Tensor v) {
        Tensor hidden = Ops.tanh(Ops.add(Ops.matmul(x, w), b));
        Tensor err = Ops.sub(Ops.matmul(hidden, v), y);
        return Ops.mean(Ops.mul(err, err));
    }
}
