package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tape overhead: {@code y = y*a + b} repeated 5,000 times (10,000 recorded ops) on 1-element FLOAT32
 * tensors, then {@code sum(y).backward()}, the workload of examples/python/tape.py.
 *
 * <p>{@code @OperationsPerInvocation(10000)} makes JMH divide the time of one forward+backward by the
 * 10,000 ops, so the reported score is directly microseconds per op (forward and backward together).
 * Run: {@code java --add-modules jdk.incubator.vector -cp examples/target/tapegrad-examples.jar
 * org.openjdk.jmh.Main TapeBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss8m"})
public class TapeBenchmark {
    static final int STEPS = 5_000;
    static final int OPS = 2 * STEPS;

    private Tensor a;
    private Tensor b;
    private Tensor y0;

    @Setup
    public void setup() {
        a = Tensor.of(new float[] {0.999f}, 1).requiresGrad(true);
        b = Tensor.of(new float[] {0.001f}, 1).requiresGrad(true);
        y0 = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
    }

    /** Forward (recording 10,000 ops) plus backward; the score is µs per op. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public Tensor forwardBackward() {
        a.setGrad(null);
        b.setGrad(null);
        y0.setGrad(null);
        Tensor y = y0;
        for (int i = 0; i < STEPS; i++) {
            y = Ops.add(Ops.mul(y, a), b);
        }
        Ops.sum(y).backward();
        return a.grad();
    }

    /** Forward only (recording the tape, no backward); the score is µs per op. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public Tensor forwardOnly() {
        Tensor y = y0;
        for (int i = 0; i < STEPS; i++) {
            y = Ops.add(Ops.mul(y, a), b);
        }
        return Ops.sum(y);
    }
}
