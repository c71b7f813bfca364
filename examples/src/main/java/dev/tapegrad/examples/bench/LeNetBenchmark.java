package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.examples.FixedBatch;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.models.LeNet5;
import dev.tapegrad.nn.optim.SGD;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LeNet-5 training step (zero grads, forward, cross-entropy, backward, SGD momentum 0.9 update) on a
 * fixed FLOAT32 batch of 64 images 1×28×28, as the fixed-batch step that
 * examples/python/lenet.py times. Images per second = 64 / score.
 * Run: java --add-modules jdk.incubator.vector -cp examples/target/tapegrad-examples.jar
 * org.openjdk.jmh.Main LeNetBenchmark -f 1 -wi 3 -i 5
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LeNetBenchmark {
    static final int BATCH = 64;

    private LeNet5 model;
    private SGD optimizer;
    private FixedBatch batch;

    @Setup
    public void setup() {
        Init.manualSeed(0);
        model = new LeNet5(10);
        optimizer = new SGD(model.namedParameters(), 0.01, 0.9);
        batch = FixedBatch.random(BATCH);
    }

    @Benchmark
    public Tensor trainStep() {
        return batch.trainStep(model, optimizer);
    }
}
