package dev.tapegrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.Optimizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parameter averaging every K local steps, in local[2]. */
@Timeout(120)
class AveragingModeTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkContexts.open("local[2]", "tapegrad-test", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void oneLocalStepOfPlainSgdAveragedIsOneStepOnTheUnionOfTheLocalBatches() {
        TrainingSet set = SmallNet.data(90, 4);
        SmallNet.Factory factory = new SmallNet.Factory(DType.FLOAT64, 2);
        SmallNet.Sgd sgd = new SmallNet.Sgd(0.1, 0);
        int partitions = 3;
        int batch = 24;
        Module averaged;
        try (SparkTrainer t = new SparkTrainer(sc, factory, sgd, set,
                new SparkTrainer.Options(SparkTrainer.Mode.AVERAGE, partitions, batch, 1, 6))) {
            SparkTrainer.Stats s = t.runJob(0, 0);
            assertEquals(batch, s.count());
            averaged = t.model();
        }
        // mean over p of the mean gradient of p's local batch of 8 = the mean gradient over the 24 together
        int local = batch / partitions;
        int[] union = new int[batch];
        for (int p = 0; p < partitions; p++) {
            int shardSize = set.shard(p, partitions).size();
            int[] order = new EpochOrder(shardSize, ShardTasks.localSeed(6, 0, p)).next();
            for (int j = 0; j < local; j++) {
                union[p * local + j] = p + order[j] * partitions;
            }
        }
        Module reference = factory.get();
        Optimizer opt = sgd.apply(reference.namedParameters());
        TrainingSet.Batch b = set.gather(union);
        Losses.crossEntropy(reference.forward(ShardTasks.input(b, DType.FLOAT64)), b.labels()).backward();
        opt.step();
        double diff = SmallNet.maxRelativeDifference(averaged, reference);
        assertTrue(diff < 1e-10, "averaged one-step SGD vs the union step: " + diff);
        assertTrue(SmallNet.maxRelativeDifference(reference, factory.get()) > 1e-3, "the step moved the parameters");
    }

    @Test
    void roundsOfKMomentumStepsAverageParametersAndOptimizerState() {
        TrainingSet set = SmallNet.data(100, 8);
        SmallNet.Factory factory = new SmallNet.Factory(DType.FLOAT64, 3);
        SmallNet.Sgd sgd = new SmallNet.Sgd(0.05, 0.9);
        int partitions = 2;
        int k = 3;
        SparkTrainer.Options opts = new SparkTrainer.Options(SparkTrainer.Mode.AVERAGE, partitions, 20, k, 1);
        Module onSpark;
        int rounds;
        try (SparkTrainer t = new SparkTrainer(sc, factory, sgd, set, opts)) {
            // 50 examples per shard in local batches of 10: 5 local steps, so rounds of 3 + 2 steps
            rounds = t.jobsPerEpoch();
            assertEquals(2, rounds);
            for (int e = 0; e < 2; e++) {
                for (int r = 0; r < rounds; r++) {
                    t.runJob(e, r);
                }
            }
            onSpark = t.model();
        }
        // the same rounds in this process: two replicas from the averaged state, then the mean of both
        Module model = factory.get();
        Optimizer opt = sgd.apply(model.namedParameters());
        for (int e = 0; e < 2; e++) {
            for (int r = 0; r < rounds; r++) {
                FlatTensors params = FlatTensors.of(Replicas.parameterTensors(model));
                FlatTensors state = FlatTensors.of(opt.stateDict());
                List<ShardResult> results = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    results.add(ShardTasks.localSteps(new Replicas.Replica(factory, sgd), set.shard(p, partitions), p,
                            params, state, 1, e, r * k, k, 10));
                }
                FlatTensors meanParams = results.get(0).tensors();
                FlatTensors meanState = results.get(0).optimizerState();
                meanParams.addInPlace(results.get(1).tensors());
                meanState.addInPlace(results.get(1).optimizerState());
                meanParams.scaleInPlace(0.5);
                meanState.scaleInPlace(0.5);
                meanParams.copyInto(Replicas.parameterTensors(model));
                opt.loadStateDict(meanState.toTensors());
            }
        }
        double diff = SmallNet.maxRelativeDifference(onSpark, model);
        assertTrue(diff < 1e-12, "Spark rounds vs the same rounds in process: " + diff);
        Tensor w = onSpark.parameters().get(0).tensor();
        assertTrue(SmallNet.maxRelativeDifference(onSpark, factory.get()) > 1e-2, "training moved " + w);
    }
}
