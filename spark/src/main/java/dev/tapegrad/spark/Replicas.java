package dev.tapegrad.spark;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Parameter;
import dev.tapegrad.nn.optim.Optimizer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model replicas kept on an executor between tasks of one training run, so a task builds its model once
 * per executor thread instead of once per step. Tasks running at the same time on one executor each take
 * their own replica. Only the few most recent runs are kept.
 */
final class Replicas {
    private static final int RUNS_KEPT = 4;
    private static final Map<String, Deque<Replica>> POOLS = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Replica>> eldest) {
            return size() > RUNS_KEPT;
        }
    };

    private Replicas() {}

    /** A model built by the run's factory, with its optimizer built lazily. */
    static final class Replica {
        final Module model;
        private final OptimizerFactory optimizerFactory;
        private Optimizer optimizer;

        Replica(ModelFactory modelFactory, OptimizerFactory optimizerFactory) {
            this.model = modelFactory.get();
            this.optimizerFactory = optimizerFactory;
        }

        Optimizer optimizer() {
            if (optimizer == null) {
                optimizer = optimizerFactory.apply(model.namedParameters());
            }
            return optimizer;
        }

        Map<String, Tensor> parameterTensors() {
            return Replicas.parameterTensors(model);
        }
    }

    /** The parameters' tensors by name (what {@link FlatTensors#copyInto} writes into). */
    static Map<String, Tensor> parameterTensors(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            out.put(e.getKey(), e.getValue().tensor());
        }
        return out;
    }

    static Replica take(String run, ModelFactory modelFactory, OptimizerFactory optimizerFactory) {
        synchronized (POOLS) {
            Deque<Replica> pool = POOLS.get(run);
            if (pool != null && !pool.isEmpty()) {
                return pool.pop();
            }
        }
        return new Replica(modelFactory, optimizerFactory);
    }

    static void give(String run, Replica replica) {
        synchronized (POOLS) {
            POOLS.computeIfAbsent(run, k -> new ArrayDeque<>()).push(replica);
        }
    }
}
