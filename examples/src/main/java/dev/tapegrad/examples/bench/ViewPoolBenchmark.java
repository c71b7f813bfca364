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
 * Pooling of views of a FLOAT32 (32, 64, 32, 32) leaf next to the contiguous case (issue 10: every view within
 * 1.15× of it). Layouts: {@code contiguous}; {@code narrowedH}, {@code narrowedW}, {@code narrowedC}, a slice of H,
 * W (8 wider) or C (16 wider) of a larger leaf; {@code transposed}, H and W swapped in storage; {@code channelsLast},
 * [N, H, W, C] storage permuted to NCHW. Pools: {@code max2}, {@code avg2} (2×2 stride 2), {@code max3}, {@code
 * avg3} (3×3 stride 2 pad 1), {@code avg3s1} (3×3 stride 1 pad 1), {@code adaptive1}, {@code adaptive7}
 * (adaptive average to 1×1 and 7×7). {@code forward} pools the view without recording; {@code forwardSumBackward}
 * runs {@code sum(pool(view(leaf))).backward()}.
 * Run: java --add-modules jdk.incubator.vector -jar examples/target/tapegrad-examples.jar bench ViewPoolBenchmark
 * -f 1 -wi 3 -i 5 -p pool=avg2 -p layout=contiguous,narrowedH
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ViewPoolBenchmark {
    private static final int[] SHAPE = {32, 64, 32, 32};

    @Param({"max2", "avg2", "max3", "avg3", "avg3s1", "adaptive1", "adaptive7"})
    public String pool;

    @Param({"contiguous", "narrowedH", "narrowedW", "narrowedC", "transposed", "channelsLast"})
    public String layout;

    private Tensor leaf;

    @Setup(Level.Trial)
    public void setup() {
        int[] s = SHAPE.clone();
        switch (layout) {
            case "narrowedH" -> s[2] += 8;
            case "narrowedW" -> s[3] += 8;
            case "narrowedC" -> s[1] += 16;
            case "transposed" -> s = new int[] {s[0], s[1], s[3], s[2]};
            case "channelsLast" -> s = new int[] {s[0], s[2], s[3], s[1]};
            case "contiguous" -> { }
            default -> throw new IllegalArgumentException("unknown layout " + layout);
        }
        leaf = Tensor.randn(new SplittableRandom(7), DType.FLOAT32, s).requiresGrad(true);
    }

    /** The layout's [32, 64, 32, 32] view of the leaf, recorded on the tape when grad mode is on. */
    private Tensor view() {
        return switch (layout) {
            case "narrowedH" -> Ops.narrow(leaf, 2, 4, SHAPE[2]);
            case "narrowedW" -> Ops.narrow(leaf, 3, 4, SHAPE[3]);
            case "narrowedC" -> Ops.narrow(leaf, 1, 8, SHAPE[1]);
            case "transposed" -> Ops.transpose(leaf, 2, 3);
            case "channelsLast" -> Ops.permute(leaf, 0, 3, 1, 2);
            default -> leaf;
        };
    }

    private Tensor apply(Tensor v) {
        return switch (pool) {
            case "max2" -> Ops.maxPool2d(v, 2);
            case "avg2" -> Ops.avgPool2d(v, 2);
            case "max3" -> Ops.maxPool2d(v, 3, 2, 1);
            case "avg3" -> Ops.avgPool2d(v, 3, 2, 1);
            case "avg3s1" -> Ops.avgPool2d(v, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, false, true);
            case "adaptive1" -> Ops.adaptiveAvgPool2d(v, 1, 1);
            case "adaptive7" -> Ops.adaptiveAvgPool2d(v, 7, 7);
            default -> throw new IllegalArgumentException("unknown pool " + pool);
        };
    }

    @Benchmark
    public Tensor forward() {
        try (var off = GradMode.noGrad()) {
            return apply(view());
        }
    }

    @Benchmark
    public Tensor forwardSumBackward() {
        leaf.setGrad(null);
        Ops.sum(apply(view())).backward();
        return leaf.grad();
    }
}
