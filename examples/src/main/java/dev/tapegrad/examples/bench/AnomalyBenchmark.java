package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.Anomaly;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of anomaly detection on LeNet-5 training: the step of {@link LeNetBenchmark} (batch 64, SGD
 * momentum 0.9) with detection off and on. The budget is 10 % of the step time.
 * Run: java --add-modules jdk.incubator.vector -jar examples/target/tapegrad-examples.jar bench
 * AnomalyBenchmark -f 1 -wi 3 -i 5
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AnomalyBenchmark {
    @Param({"false", "true"})
    public boolean detect;

    private LeNet5 model;
    private SGD optimizer;
    private FixedBatch batch;

    @Setup
    public void setup() {
        Init.manualSeed(0);
        model = new LeNet5(10);
        optimizer = new SGD(model.namedParameters(), 0.01, 0.9);
        batch = FixedBatch.random(LeNetBenchmark.BATCH);
        Anomaly.setEnabled(detect);
    }

    @Benchmark
    public Tensor trainStep() {
        return batch.trainStep(model, optimizer);
    }
}
