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
 * Reductions of views of a (32, 64, 32, 32) FLOAT32 tensor next to the contiguous case (issue 10: every view within
 * 1.15× of contiguous). Layouts as in {@link ViewBenchmark}: {@code contiguous}, {@code transposed} (H and W
 * swapped in storage), {@code permuted} (channels-last storage), {@code narrowed} (a slice of a last dim 8 wider),
 * {@code narrowedChannels} (a slice of dim 1 16 wider). Ops: {@code max} and {@code min} of all elements; sum, mean
 * and biased var over C ({@code sumC}, ...), over N, H, W (BatchNorm's: {@code sumNHW}, ...), over W ({@code sumW},
 * ...). {@code forward} runs the op without a graph; {@code forwardSumBackward} runs {@code sum(op(v)).backward()}
 * with v the layout's view of a leaf that needs a gradient.
 * Run: {@code ./tapegrad bench ViewReduceBenchmark -f 1 -wi 3 -i 5 -p op=max}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ViewReduceBenchmark {
    @Param({"max", "min", "sumC", "sumNHW", "sumW", "meanC", "meanNHW", "meanW", "varC", "varNHW", "varW"})
    public String op;

    @Param({"contiguous", "transposed", "narrowed", "narrowedChannels", "permuted"})
    public String layout;

    private static final int[] SHAPE = {32, 64, 32, 32};

    private Tensor xView;
    private Tensor leaf;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rng = new SplittableRandom(3);
        xView = ViewBenchmark.view(rng, layout, SHAPE);
        leaf = ViewBenchmark.storage(rng, layout, SHAPE).requiresGrad(true);
    }

    private Tensor apply(Tensor t) {
        return switch (op) {
            case "max" -> Ops.max(t);
            case "min" -> Ops.min(t);
            case "sumC" -> Ops.sum(t, new int[] {1}, false);
            case "sumNHW" -> Ops.sum(t, new int[] {0, 2, 3}, false);
            case "sumW" -> Ops.sum(t, new int[] {3}, false);
            case "meanC" -> Ops.mean(t, new int[] {1}, false);
            case "meanNHW" -> Ops.mean(t, new int[] {0, 2, 3}, false);
            case "meanW" -> Ops.mean(t, new int[] {3}, false);
            case "varC" -> Ops.var(t, new int[] {1}, false, false);
            case "varNHW" -> Ops.var(t, new int[] {0, 2, 3}, false, false);
            case "varW" -> Ops.var(t, new int[] {3}, false, false);
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
