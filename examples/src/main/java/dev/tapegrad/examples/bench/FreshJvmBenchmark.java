package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.examples.FixedBatch;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.optim.SGD;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a user's short program meets: the first {@code steps} training steps of a model (LeNet-5 or the small
 * ResNet, batch 64 of 1×28×28, SGD momentum 0.9) in a fresh JVM, no warm-up: single-shot time over several
 * forks (each fork is a new JVM; model construction is outside the timing, JIT compilation is inside).
 * The score per fork shows the spread between runs, which steady-state benchmarks hide.
 * Run: java --add-modules jdk.incubator.vector -cp examples/target/tapegrad-examples.jar org.openjdk.jmh.Main
 * FreshJvmBenchmark (defaults: 5 forks, 1 shot each).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FreshJvmBenchmark {
    @Param({"lenet", "resnet"})
    public String model;

    @Param({"10", "100"})
    public int steps;

    private Module net;
    private SGD optimizer;
    private FixedBatch batch;

    @Setup
    public void setup() {
        Init.manualSeed(0);
        net = TrainStepBenchmark.newModel(model);
        optimizer = new SGD(net.namedParameters(), 0.01, 0.9);
        batch = FixedBatch.random(TrainStepBenchmark.BATCH);
    }

    /** The first {@code steps} steps, one after the other, with the JVM's default (growing) heap. */
    @Benchmark
    public double firstSteps() {
        return run();
    }

    /**
     * The same in a fixed, pre-touched 1 GB heap: on these VMs every first touch of a page costs a fault of
     * ~15 µs, and while G1 grows the default heap (towards a quarter of the RAM) each step's ~20 MB of fresh
     * tensors can land on untouched pages (~5,000 faults, 70-100 ms of CPU per LeNet step instead of 7).
     */
    @Benchmark
    @Fork(value = 5, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
    public double firstStepsPreTouchedHeap() {
        return run();
    }

    /**
     * The same with the default heap in transparent huge pages, as the {@code ./tapegrad} launcher starts its JVMs
     * where the kernel offers them: a first touch then faults in 2 MB, not 4 KB.
     */
    @Benchmark
    @Fork(value = 5, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseTransparentHugePages"})
    public double firstStepsHugePages() {
        return run();
    }

    private double run() {
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            Tensor loss = batch.trainStep(net, optimizer);
            sum += loss.item();
        }
        return sum;
    }
}
