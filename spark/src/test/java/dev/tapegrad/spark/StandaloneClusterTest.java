package dev.tapegrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.nn.Module;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Training on a real Spark standalone cluster (a Master and two Workers as separate JVMs on 127.0.0.1):
 * the same parameters as single-process (and so local[2]) training, also when an executor is killed in the
 * middle of a step.
 */
@Timeout(480)
class StandaloneClusterTest {
    private static final int STEPS = 12;
    private static final int BATCH = 24;
    private static LocalCluster cluster;
    private static Module reference;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(2, Duration.ofSeconds(60));
        reference = SmallNet.trainLocally(new SmallNet.Factory(DType.FLOAT64, 5), new SmallNet.Sgd(0.05),
                SmallNet.data(120, 9), BATCH, 1, STEPS);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static JavaSparkContext connect() {
        SparkConf conf = new SparkConf().setMaster(cluster.masterUrl).setAppName("tapegrad-cluster-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.memory", "512m").set("spark.executor.extraClassPath", cluster.classPath)
                .set("spark.cores.max", "2");
        try {
            JavaSparkContext sc = SparkContexts.open(conf, Duration.ofSeconds(120));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (sc.sc().statusTracker().getExecutorInfos().length < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(3, sc.sc().statusTracker().getExecutorInfos().length, "driver + 2 executors\n" + cluster.logs());
            return sc;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + cluster.logs(), e);
        }
    }

    private static Module train(JavaSparkContext sc) {
        SparkTrainer.Options opts = new SparkTrainer.Options(SparkTrainer.Mode.EXACT, 2, BATCH, 1, 1);
        try (SparkTrainer t = new SparkTrainer(sc, new SmallNet.Factory(DType.FLOAT64, 5), new SmallNet.Sgd(0.05),
                SmallNet.data(120, 9), opts)) {
            int perEpoch = t.jobsPerEpoch();
            for (int s = 0; s < STEPS; s++) {
                t.runJob(s / perEpoch, s % perEpoch);
            }
            return t.model();
        }
    }

    @Test
    void twoWorkersTrainLikeOneProcess() {
        JavaSparkContext sc = connect();
        try {
            double diff = SmallNet.maxRelativeDifference(train(sc), reference);
            assertTrue(diff < 1e-10, "cluster vs single process: " + diff);
        } finally {
            sc.stop();
        }
    }

    @Test
    void killedExecutorsTasksAreRerunAndTheResultIsUnchanged() {
        JavaSparkContext sc = connect();
        AtomicInteger tasksStarted = new AtomicInteger();
        AtomicInteger failedTasks = new AtomicInteger();
        AtomicInteger executorsRemoved = new AtomicInteger();
        AtomicReference<String> killed = new AtomicReference<>();
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart e) {
                // the shards are cached by the trainer's first job (2 tasks); kill during the 6th step's tasks
                if (tasksStarted.incrementAndGet() == 2 + 5 * 2 + 1 && killed.get() == null) {
                    Optional<ProcessHandle> exec = cluster.executorOf(0);
                    exec.ifPresent(h -> {
                        killed.set("pid " + h.pid());
                        h.destroyForcibly();
                    });
                }
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                if (!e.taskInfo().successful()) {
                    failedTasks.incrementAndGet();
                }
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                executorsRemoved.incrementAndGet();
            }
        });
        try {
            Module trained = train(sc);
            assertTrue(killed.get() != null, "an executor was killed (" + tasksStarted.get() + " tasks started)\n"
                    + cluster.logs());
            assertTrue(executorsRemoved.get() >= 1, "Spark noticed the lost executor");
            double diff = SmallNet.maxRelativeDifference(trained, reference);
            System.out.printf("fault test: killed executor %s; %d failed tasks, %d executors removed; "
                    + "max relative difference to single-process training %.3g%n", killed.get(), failedTasks.get(),
                    executorsRemoved.get(), diff);
            assertTrue(diff < 1e-10, "after the fault vs single process: " + diff);
        } finally {
            sc.stop();
        }
    }
}
