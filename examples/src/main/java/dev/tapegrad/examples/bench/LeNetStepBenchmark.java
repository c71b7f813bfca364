package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Sequential;
import dev.tapegrad.nn.layers.Conv2d;
import dev.tapegrad.nn.layers.Flatten;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.MaxPool2d;
import dev.tapegrad.nn.layers.ReLU;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.SGD;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LeNet-5 training step on a fixed FLOAT32 batch of 64 (1, 28, 28) images: zero grads, forward,
 * cross-entropy, backward, SGD (lr 0.01, momentum 0.9), as the lenet5_train_step_one_batch workload of
 * section e of ../shared/bench/torch_reference.py (random pixels here, so no data files are needed).
 * Run: java --add-modules jdk.incubator.vector -cp examples/target/tapegrad-examples.jar
 * org.openjdk.jmh.Main LeNetStepBenchmark -f 1 -wi 3 -i 5
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LeNetStepBenchmark {
    private Sequential model;
    private SGD opt;
    private Tensor x;
    private int[] labels;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rng = new SplittableRandom(0);
        model = new Sequential(
                new Conv2d(1, 6, 5, 1, 2), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(16 * 5 * 5, 120), new ReLU(),
                new Linear(120, 84), new ReLU(),
                new Linear(84, 10));
        opt = new SGD(model.namedParameters(), 0.01, 0.9);
        x = Tensor.rand(rng, DType.FLOAT32, 64, 1, 28, 28);
        labels = new int[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(10);
        }
    }

    @Benchmark
    public double step() {
        opt.zeroGrad();
        Tensor loss = Losses.crossEntropy(model.forward(x), labels);
        loss.backward();
        opt.step();
        return loss.item();
    }
}
