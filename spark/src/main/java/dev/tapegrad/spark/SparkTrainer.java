package dev.tapegrad.spark;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.optim.Optimizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Data-parallel training of a Tapegrad model on Spark, synchronous and deterministic.
 *
 * <p>The training set is split once into {@code partitions} shards (example i in shard i mod P), cached in
 * executor memory (rebuilt from a broadcast of the set if an executor is lost). The driver keeps the model
 * and its optimizer. Two modes:
 * <ul>
 *   <li>{@link Mode#EXACT}: one Spark job per step. Every task computes the gradient of its share of the
 *       global batch's mean loss; the driver sums them in partition order, sets them as the parameters'
 *       gradients and steps its optimizer once. Same result as one process training on the same global
 *       batch (to rounding), and the same bits whatever the task placement or retries.</li>
 *   <li>{@link Mode#AVERAGE}: one job per {@code averageEvery} local steps. Every task takes the driver's
 *       parameters and optimizer state, runs K steps of its own optimizer on local batches of B / P
 *       examples of its shard (its own shuffle per epoch), and the driver averages parameters and optimizer
 *       state (plain mean over partitions, as DL4J's parameter averaging). Fewer jobs and bytes; not
 *       equal to single-process training.</li>
 * </ul>
 * Parameters go to the tasks inside the task closure (Spark broadcasts each stage's closure once per
 * executor); gradients come back as task results. Both as {@link FlatTensors}: 4 bytes a FLOAT32 value.
 */
public final class SparkTrainer implements AutoCloseable {
    /** Exact synchronous gradient summing, or parameter averaging every K local steps. */
    public enum Mode { EXACT, AVERAGE }

    /**
     * @param batchSize global batch size B (>= partitions)
     * @param averageEvery K, local steps between averages (AVERAGE mode; ignored in EXACT)
     * @param seed shuffling seed
     */
    public record Options(Mode mode, int partitions, int batchSize, int averageEvery, long seed) {
        public Options {
            if (partitions < 1) {
                throw new IllegalArgumentException("SparkTrainer: partitions must be >= 1, got " + partitions);
            }
            if (batchSize < partitions) {
                throw new IllegalArgumentException("SparkTrainer: the global batch (" + batchSize
                        + ") is smaller than the number of partitions (" + partitions
                        + "); every partition needs at least one example per step: raise the batch size to >= "
                        + partitions + " or use fewer partitions");
            }
            if (averageEvery < 1) {
                throw new IllegalArgumentException("SparkTrainer: averageEvery must be >= 1, got " + averageEvery);
            }
        }
    }

    /** One step's (exact) or one round's (averaging) figures. */
    public record Stats(double lossSum, int correct, int count, long bytesDown, long bytesUp) {
        public double meanLoss() {
            return lossSum / count;
        }
    }

    private final JavaSparkContext sc;
    private final ModelFactory modelFactory;
    private final OptimizerFactory optimizerFactory;
    private final Options options;
    private final Module model;
    private final Optimizer optimizer;
    private final Broadcast<TrainingSet> data;
    private final JavaRDD<TrainingSet> shards;
    private final int examples;
    private final String run = UUID.randomUUID().toString();
    private final EpochOrder order;
    private int epoch = -1;
    private int[] epochOrder;

    /**
     * Builds the driver's model and optimizer, and partitions and caches {@code set} on the executors.
     * Throws IllegalArgumentException when a factory cannot be serialized or the set has fewer examples
     * than partitions.
     */
    public SparkTrainer(JavaSparkContext sc, ModelFactory modelFactory, OptimizerFactory optimizerFactory,
            TrainingSet set, Options options) {
        requireSerializable("model factory", modelFactory);
        requireSerializable("optimizer factory", optimizerFactory);
        if (set.size() < options.partitions()) {
            throw new IllegalArgumentException("SparkTrainer: " + set.size() + " examples cannot fill "
                    + options.partitions() + " partitions");
        }
        this.sc = sc;
        this.modelFactory = modelFactory;
        this.optimizerFactory = optimizerFactory;
        this.options = options;
        this.model = modelFactory.get();
        this.optimizer = optimizerFactory.apply(model.namedParameters());
        this.examples = set.size();
        this.order = new EpochOrder(set.size(), options.seed());
        this.data = sc.broadcast(set);
        Broadcast<TrainingSet> source = data;
        int partitions = options.partitions();
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        this.shards = sc.parallelize(ids, partitions)
                .map(p -> source.value().shard(p, partitions))
                .persist(StorageLevel.MEMORY_ONLY());
        long cached = shards.count();
        if (cached != partitions) {
            throw new IllegalStateException("SparkTrainer: expected " + partitions + " shards, Spark built " + cached);
        }
    }

    /** The driver's model: its parameters are the trained ones after each step or round. */
    public Module model() {
        return model;
    }

    /** The driver's optimizer (in averaging mode its state is the average of the replicas'). */
    public Optimizer optimizer() {
        return optimizer;
    }

    public Options options() {
        return options;
    }

    /** Jobs per epoch: global batches (exact) or averaging rounds. */
    public int jobsPerEpoch() {
        if (options.mode() == Mode.EXACT) {
            return EpochOrder.batches(examples, options.batchSize());
        }
        int localSteps = EpochOrder.batches(maxShardSize(), localBatch());
        return (localSteps + options.averageEvery() - 1) / options.averageEvery();
    }

    /** Local batch size in averaging mode: B / P. */
    public int localBatch() {
        return options.batchSize() / options.partitions();
    }

    /**
     * Job {@code j} of epoch {@code e} (epochs in order from 0; jobs in order within one): one exact step
     * on global batch j of the epoch's shuffle, or averaging round j.
     */
    public Stats runJob(int e, int j) {
        if (options.mode() == Mode.EXACT) {
            if (e != epoch) {
                if (e != epoch + 1) {
                    throw new IllegalStateException("SparkTrainer: epochs must run in order; after " + epoch
                            + " came " + e);
                }
                epochOrder = order.next();
                epoch = e;
            }
            return step(EpochOrder.batch(epochOrder, j, options.batchSize()));
        }
        return round(e, j);
    }

    /** One exact step on the examples of {@code batch} (global indices): sum shard gradients, step once. */
    public Stats step(int[] batch) {
        if (batch.length < 1) {
            throw new IllegalArgumentException("SparkTrainer.step: empty batch");
        }
        FlatTensors params = FlatTensors.of(Replicas.parameterTensors(model));
        int partitions = options.partitions();
        String id = run;
        ModelFactory mf = modelFactory;
        OptimizerFactory of = optimizerFactory;
        List<ShardResult> results = shards.mapPartitionsWithIndex((p, it) -> {
            TrainingSet shard = it.next();
            Replicas.Replica replica = Replicas.take(id, mf, of);
            try {
                return List.of(ShardTasks.gradient(replica, shard, p, partitions, params, batch)).iterator();
            } finally {
                Replicas.give(id, replica);
            }
        }, true).collect();
        FlatTensors sum = null;
        double lossSum = 0;
        int correct = 0;
        int count = 0;
        long up = 0;
        for (ShardResult r : results) {
            lossSum += r.lossSum();
            correct += r.correct();
            count += r.count();
            up += r.tensors() == null ? 0 : r.tensors().payloadBytes();
            if (r.tensors() == null) {
                continue;
            }
            if (sum == null) {
                sum = r.tensors();
            } else {
                sum.addInPlace(r.tensors());
            }
        }
        Map<String, Tensor> grads = sum.toTensors();
        model.namedParameters().forEach((name, param) -> param.tensor().setGrad(grads.get(name)));
        optimizer.step();
        optimizer.zeroGrad();
        return new Stats(lossSum, correct, count, partitions * (params.payloadBytes() + 4L * batch.length), up);
    }

    /** Averaging round {@code r} of epoch {@code e}: K local steps on every shard, then the mean. */
    public Stats round(int e, int r) {
        FlatTensors params = FlatTensors.of(Replicas.parameterTensors(model));
        FlatTensors state = FlatTensors.of(optimizer.stateDict());
        String id = run;
        ModelFactory mf = modelFactory;
        OptimizerFactory of = optimizerFactory;
        long seed = options.seed();
        int k = options.averageEvery();
        int localBatch = localBatch();
        List<ShardResult> results = shards.mapPartitionsWithIndex((p, it) -> {
            TrainingSet shard = it.next();
            Replicas.Replica replica = Replicas.take(id, mf, of);
            try {
                return List.of(ShardTasks.localSteps(replica, shard, p, params, state, seed, e, r * k, k,
                        localBatch)).iterator();
            } finally {
                Replicas.give(id, replica);
            }
        }, true).collect();
        FlatTensors paramSum = null;
        FlatTensors stateSum = null;
        double lossSum = 0;
        int correct = 0;
        int count = 0;
        long up = 0;
        for (ShardResult res : results) {
            lossSum += res.lossSum();
            correct += res.correct();
            count += res.count();
            up += res.tensors().payloadBytes() + res.optimizerState().payloadBytes();
            if (paramSum == null) {
                paramSum = res.tensors();
                stateSum = res.optimizerState();
            } else {
                paramSum.addInPlace(res.tensors());
                stateSum.addInPlace(res.optimizerState());
            }
        }
        paramSum.scaleInPlace(1.0 / results.size());
        stateSum.scaleInPlace(1.0 / results.size());
        paramSum.copyInto(Replicas.parameterTensors(model));
        optimizer.loadStateDict(stateSum.toTensors());
        long down = (long) options.partitions() * (params.payloadBytes() + state.payloadBytes());
        return new Stats(lossSum, correct, count, down, up);
    }

    private int maxShardSize() {
        return (examples + options.partitions() - 1) / options.partitions();
    }

    /** Frees the cached shards and the broadcast data set (the context stays open). */
    @Override
    public void close() {
        shards.unpersist(false);
        data.destroy();
    }

    /** Throws a clear IllegalArgumentException when {@code o} cannot be Java-serialized. */
    static void requireSerializable(String what, Object o) {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(o);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("SparkTrainer: the " + what + " (" + o.getClass().getName()
                    + ") cannot be serialized to reach the executors: it holds a " + e.getMessage()
                    + ", which is not Serializable; build the model inside the factory instead of capturing it",
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException("SparkTrainer: the " + what + " (" + o.getClass().getName()
                    + ") cannot be serialized to reach the executors: " + e, e);
        }
    }
}
