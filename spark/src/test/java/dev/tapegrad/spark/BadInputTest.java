package dev.tapegrad.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.nn.Module;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clear errors for an unreachable master, a too small global batch and a model that cannot travel. */
@Timeout(60)
class BadInputTest {
    @Test
    void unreachableMasterFailsWithinTheTimeoutNamingIt() throws Exception {
        int port = LocalCluster.freePort();
        String master = "spark://127.0.0.1:" + port;
        IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
                IllegalStateException.class, () -> SparkContexts.open(master, "t", Duration.ofSeconds(2))));
        assertTrue(e.getMessage().contains("cannot reach the Spark master " + master), e.getMessage());
    }

    @Test
    void malformedMasterUrlIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkContexts.open("spark://nohostport", "t", Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("spark://host:port"), e.getMessage());
    }

    @Test
    void globalBatchSmallerThanThePartitionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkTrainer.Options(SparkTrainer.Mode.EXACT, 4, 3, 1, 0));
        assertTrue(e.getMessage().contains("global batch (3) is smaller than the number of partitions (4)"),
                e.getMessage());
    }

    @Test
    void modelFactoryCapturingAModuleIsRefusedBeforeAnythingRuns() {
        Module built = new SmallNet.Factory(DType.FLOAT32, 1).get();
        ModelFactory capturing = () -> built;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(null,
                capturing, new SmallNet.Sgd(0.1), SmallNet.data(10, 1),
                new SparkTrainer.Options(SparkTrainer.Mode.EXACT, 2, 4, 1, 0)));
        assertTrue(e.getMessage().contains("model factory") && e.getMessage().contains("cannot be serialized")
                && e.getMessage().contains("dev.tapegrad.nn.Sequential"), e.getMessage());
    }

    @Test
    void fewerExamplesThanPartitionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(null,
                new SmallNet.Factory(DType.FLOAT32, 1), new SmallNet.Sgd(0.1), SmallNet.data(3, 1),
                new SparkTrainer.Options(SparkTrainer.Mode.EXACT, 4, 8, 1, 0)));
        assertTrue(e.getMessage().contains("3 examples cannot fill 4 partitions"), e.getMessage());
    }
}
