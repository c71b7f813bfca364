package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.Anomaly;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The cost of anomaly detection on training: the step of {@link TrainStepBenchmark} (batch 64, SGD momentum 0.9)
 * with detection off and on. The budget is 10 % of the step time.
 * Run: ./tapegrad bench AnomalyBenchmark -f 1 -wi 3 -i 5 (LeNet-5 only: -p model=lenet)
 */
public class AnomalyBenchmark extends TrainStepBenchmark {
    @Param({"false", "true"})
    public boolean detect;

    @Setup
    public void detection() {
        Anomaly.setEnabled(detect);
    }
}
