package dev.tapegrad.nn;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.io.SafeTensors;
import dev.tapegrad.nn.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Model and optimizer state in safetensors files, so weights move between Tapegrad and PyTorch both ways
 * ({@code model.load_state_dict(safetensors.torch.load_file(path))}). Names are the state-dict names;
 * FLOAT32/FLOAT64 tensors are stored as F32/F64 and count buffers (num_batches_tracked) and optimizer
 * step counts as I64, as PyTorch has them. Saving is atomic (temporary file, then rename). Loading a
 * truncated, corrupted or mismatched file throws an {@link IOException} naming the file, the tensor and
 * the problem, and leaves the model or optimizer as it was.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** Writes the model's state dict to {@code file}. */
    public static void saveModel(Path file, Module model) throws IOException {
        Set<String> counts = new java.util.HashSet<>();
        model.namedBuffers().forEach((name, b) -> {
            if (b.isCount()) {
                counts.add(name);
            }
        });
        write(file, model.stateDict(), counts, "model");
    }

    /** Loads a state dict written by {@link #saveModel} or by PyTorch, strictly (every name must match). */
    public static void loadModel(Path file, Module model) throws IOException {
        loadModel(file, model, true);
    }

    /** Loads a state dict; without {@code strict}, missing and unexpected names are skipped and reported. */
    public static Module.LoadResult loadModel(Path file, Module model, boolean strict) throws IOException {
        Map<String, Tensor> state = read(file);
        try {
            return model.loadStateDict(state, strict);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the optimizer's per-parameter state (see {@link Optimizer#stateDict()}). */
    public static void saveOptimizer(Path file, Optimizer optimizer) throws IOException {
        Map<String, Tensor> state = optimizer.stateDict();
        Set<String> counts = new java.util.HashSet<>();
        for (String k : state.keySet()) {
            if (k.endsWith(".step")) {
                counts.add(k);
            }
        }
        write(file, state, counts, "optimizer " + optimizer.getClass().getSimpleName());
    }

    /** Replaces the optimizer's state with the file's. */
    public static void loadOptimizer(Path file, Optimizer optimizer) throws IOException {
        Map<String, Tensor> state = read(file);
        try {
            optimizer.loadStateDict(state);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, Map<String, Tensor> state, Set<String> counts, String what) throws IOException {
        List<SafeTensors.Entry> entries = new ArrayList<>(state.size());
        state.forEach((name, t) -> {
            Object data;
            if (counts.contains(name)) {
                double[] v = t.toDoubleArray();
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    l[i] = (long) v[i];
                }
                data = l;
            } else {
                data = t.dtype() == DType.FLOAT32 ? t.toFloatArray() : t.toDoubleArray();
            }
            entries.add(new SafeTensors.Entry(name, t.shape(), data));
        });
        SafeTensors.write(file, entries, Map.of("format", "pt", "content", what));
    }

    private static Map<String, Tensor> read(Path file) throws IOException {
        SafeTensors.Loaded loaded = SafeTensors.read(file);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (SafeTensors.Entry e : loaded.entries()) {
            Tensor t = switch (e.data()) {
                case float[] f -> Tensor.wrap(f, e.shape());
                case double[] d -> Tensor.wrap(d, e.shape());
                case long[] l -> {
                    double[] d = new double[l.length];
                    for (int i = 0; i < l.length; i++) {
                        d[i] = l[i];
                    }
                    yield Tensor.wrap(d, e.shape());
                }
                default -> throw new IOException(file + ": tensor \"" + e.name() + "\" has unsupported data");
            };
            state.put(e.name(), t);
        }
        return state;
    }
}
