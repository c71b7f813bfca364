package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Arithmetic and one-input pointwise ops of a view next to the contiguous case, FLOAT32 (32, 64, 32, 32). Layouts as
 * in {@link ViewBenchmark} ({@code contiguous}, {@code transposed}: H and W swapped in storage, {@code permuted}:
 * channels-last storage, {@code narrowed}: a slice of a W 8 wider). Ops: {@code add}, {@code sub}, {@code mul},
 * {@code div} of the view and a contiguous tensor of its shape (the view first); {@code scale}, a (64, 1, 1)
 * per-channel factor times the view; {@code neg}, {@code abs}, {@code clamp} to [-1, 1]. {@code forward} runs
 * the op on the view; {@code forwardSumBackward} runs {@code sum(op(v)).backward()} with v the layout's view of a
 * leaf that needs a gradient (the other operand needs none), so that the gradient passes through the view op
 * (through {@code narrow} it is written straight into its place in the leaf's zero-padded gradient).
 * Target (issue 10): every view within 1.15× of contiguous.
 * Run: ./tapegrad bench 'ViewArithmeticBenchmark' -f 1 -wi 3 -i 5 -p op=scale
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ViewArithmeticBenchmark {
    @Param({"add", "sub", "mul", "div", "scale", "neg", "abs", "clamp"})
    public String op;

    @Param({"contiguous", "transposed", "permuted", "narrowed"})
    public String layout;

    private static final int[] SHAPE = {32, 64, 32, 32};

    private Tensor xView;
    private Tensor other;
    private Tensor leaf;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rng = new SplittableRandom(5);
        xView = ViewBenchmark.view(rng, layout, SHAPE);
        other = op.equals("scale") ? Tensor.randn(rng, DType.FLOAT32, 64, 1, 1) : Tensor.randn(rng, DType.FLOAT32, SHAPE);
        if (op.equals("div")) {
            other = Ops.add(Ops.abs(other), 0.5).detach();
        }
        leaf = ViewBenchmark.storage(rng, layout, SHAPE).requiresGrad(true);
    }

    private Tensor apply(Tensor v) {
        return switch (op) {
            case "add" -> Ops.add(v, other);
            case "sub" -> Ops.sub(v, other);
            case "mul" -> Ops.mul(v, other);
            case "div" -> Ops.div(v, other);
            case "scale" -> Ops.mul(other, v);
            case "neg" -> Ops.neg(v);
            case "abs" -> Ops.abs(v);
            case "clamp" -> Ops.clamp(v, -1, 1);
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    @Benchmark
    public Tensor forward() {
        try (var off = GradMode.noGrad()) {
            return apply(xView);
        }
    }

    @Benchmark
    public Tensor forwardSumBackward() {
        leaf.setGrad(null);
        Ops.sum(apply(ViewBenchmark.ofLeaf(leaf, layout, SHAPE))).backward();
        return leaf.grad();
    }
}
