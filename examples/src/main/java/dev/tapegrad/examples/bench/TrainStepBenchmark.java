package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.examples.FixedBatch;
import dev.tapegrad.examples.SmallResNet;
import dev.tapegrad.nn.Module;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (zero grads, forward, cross-entropy, backward, SGD momentum 0.9 update) on a fixed FLOAT32
 * batch of 64 images 1×28×28, steady state, for {@code model}: {@code lenet} ({@link LeNet5}, the fixed-batch step
 * that examples/python/lenet.py times; images per second = 64 / score) or {@code resnet} (the small ResNet of
 * issue 11, {@link SmallResNet}; PyTorch twin examples/python/resnet.py).
 * Run: ./tapegrad bench TrainStepBenchmark -f 1 -wi 3 -i 5 (one model: -p model=resnet)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainStepBenchmark {
    static final int BATCH = 64;

    @Param({"lenet", "resnet"})
    public String model;

    private Module net;
    private SGD optimizer;
    private FixedBatch batch;

    /** The model a benchmark's {@code model} parameter names, for 10 classes. */
    static Module newModel(String name) {
        return switch (name) {
            case "lenet" -> new LeNet5(10);
            case "resnet" -> new SmallResNet(10);
            default -> throw new IllegalArgumentException("model must be lenet or resnet, got \"" + name + "\"");
        };
    }

    @Setup
    public void setup() {
        Init.manualSeed(0);
        net = newModel(model);
        optimizer = new SGD(net.namedParameters(), 0.01, 0.9);
        batch = FixedBatch.random(BATCH);
    }

    @Benchmark
    public Tensor trainStep() {
        return batch.trainStep(net, optimizer);
    }
}
