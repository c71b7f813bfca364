package dev.tapegrad.spark;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Training;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.Optimizer;
import dev.tapegrad.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The work of one Spark task on its cached shard, free of Spark types: these functions are what the
 * executors run, and what the tests call directly.
 */
final class ShardTasks {
    private ShardTasks() {}

    /**
     * Exact mode. With the model's parameters set to {@code params}, the gradient of
     * {@code (1/B) Σ_{i ∈ batch ∩ shard} loss_i}, where B is the global batch size: summed over shards
     * it is the gradient of the global batch's mean loss. Examples are taken in the batch's order.
     */
    static ShardResult gradient(Replicas.Replica replica, TrainingSet shard, int p, int partitions,
            FlatTensors params, int[] batch) {
        int[] local = ownPositions(batch, p, partitions);
        if (local.length == 0) {
            return new ShardResult(p, null, null, 0, 0, 0);
        }
        Module model = replica.model;
        model.train();
        params.copyInto(replica.parameterTensors());
        model.zeroGrad();
        TrainingSet.Batch b = shard.gather(local);
        Tensor logits = model.forward(input(b, dtype(model)));
        Tensor meanLoss = Losses.crossEntropy(logits, b.labels());
        double shardMean = meanLoss.item();
        Ops.mul(meanLoss, (double) local.length / batch.length).backward();
        int correct = Training.correct(logits.detach(), b.labels());
        return new ShardResult(p, FlatTensors.of(gradients(model)), null, shardMean * local.length, correct,
                local.length);
    }

    /**
     * Averaging mode: from {@code params} and optimizer {@code state}, up to {@code k} local steps of the
     * replica's own optimizer on local batches of {@code localBatch} examples, in the shard's own shuffled
     * order for {@code epoch}, starting at local step {@code firstStep}; returns the parameters and state after.
     */
    static ShardResult localSteps(Replicas.Replica replica, TrainingSet shard, int p, FlatTensors params,
            FlatTensors state, long seed, int epoch, int firstStep, int k, int localBatch) {
        Module model = replica.model;
        model.train();
        params.copyInto(replica.parameterTensors());
        Optimizer optimizer = replica.optimizer();
        optimizer.loadStateDict(state.toTensors());
        int[] order = new EpochOrder(shard.size(), localSeed(seed, epoch, p)).next();
        int steps = EpochOrder.batches(shard.size(), localBatch);
        double lossSum = 0;
        int correct = 0;
        int count = 0;
        DType dtype = dtype(model);
        for (int s = firstStep; s < Math.min(steps, firstStep + k); s++) {
            TrainingSet.Batch b = shard.gather(EpochOrder.batch(order, s, localBatch));
            optimizer.zeroGrad();
            Tensor logits = model.forward(input(b, dtype));
            Tensor loss = Losses.crossEntropy(logits, b.labels());
            lossSum += loss.item() * b.labels().length;
            loss.backward();
            optimizer.step();
            correct += Training.correct(logits.detach(), b.labels());
            count += b.labels().length;
        }
        return new ShardResult(p, FlatTensors.of(Replicas.parameterTensors(model)),
                FlatTensors.of(optimizer.stateDict()), lossSum, correct, count);
    }

    /** The seed of shard p's shuffle in an epoch of averaging mode. */
    static long localSeed(long seed, int epoch, int p) {
        return seed * 1_000_003L + epoch * 8191L + p;
    }

    /** Local positions, in batch order, of the batch's examples that live in shard p. */
    static int[] ownPositions(int[] batch, int p, int partitions) {
        int[] out = new int[batch.length];
        int n = 0;
        for (int i : batch) {
            if (i % partitions == p) {
                out[n++] = i / partitions;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Every parameter's gradient by name, zeros for a parameter backward did not reach. */
    static Map<String, Tensor> gradients(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.namedParameters().forEach((name, param) -> out.put(name,
                param.grad() != null ? param.grad() : Tensor.zeros(param.dtype(), param.shape())));
        return out;
    }

    static DType dtype(Module model) {
        return model.parameters().isEmpty() ? DType.FLOAT32 : model.parameters().get(0).dtype();
    }

    /** The batch's features as a tensor of the model's dtype. */
    static Tensor input(TrainingSet.Batch b, DType dtype) {
        Tensor x = Tensor.wrap(b.features(), b.shape());
        return dtype == DType.FLOAT32 ? x : Ops.cast(x, dtype);
    }
}
