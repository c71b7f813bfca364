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
 * max and average pooling 2×2 stride 2 on a FLOAT32 (32, 64, 32, 32) input, forward and forward+backward,
 * as examples/python/kernels.py's pooling section.
 * Run: java --add-modules jdk.incubator.vector -cp examples/target/tapegrad-examples.jar
 * org.openjdk.jmh.Main PoolBenchmark -f 1 -wi 2 -i 3
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PoolBenchmark {
    @Param({"max", "avg"})
    public String kind;

    /** FLOAT32 by default; {@code -p dtype=FLOAT32,FLOAT64} compares the generated FLOAT64 kernels. */
    @Param({"FLOAT32"})
    public String dtype;

    private Tensor x;
    private Tensor gy;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rng = new SplittableRandom(1);
        x = Tensor.randn(rng, DType.valueOf(dtype), 32, 64, 32, 32).requiresGrad(true);
        gy = Tensor.randn(rng, DType.valueOf(dtype), 32, 64, 16, 16);
    }

    private Tensor pool(Tensor t) {
        return kind.equals("max") ? Ops.maxPool2d(t, 2) : Ops.avgPool2d(t, 2);
    }

    @Benchmark
    public Tensor forward() {
        try (var off = GradMode.noGrad()) {
            return pool(x);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.setGrad(null);
        pool(x).backward(gy);
        return x.grad();
    }
}
