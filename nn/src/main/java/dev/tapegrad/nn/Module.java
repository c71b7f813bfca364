package dev.tapegrad.nn;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A building block of a model: a forward function plus named {@link Parameter}s, {@link Buffer}s and
 * submodules, each kept in registration order. Names nest PyTorch-style ({@code features.0.weight}), so a
 * {@link #stateDict()} lines up with the same model's {@code state_dict()} in PyTorch.
 *
 * <p>Subclasses register what they own in their constructor and implement {@link #forward}. A module is
 * in training mode when made; {@link #eval()} switches it and all its submodules to evaluation mode.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes this module's output for one input batch. */
    public abstract Tensor forward(Tensor input);

    // ---------------------------------------------------------------- registration

    /** Registers a trainable tensor (copied into a leaf that requires grad) under {@code name}. */
    protected final Parameter registerParameter(String name, Tensor initial) {
        checkName(name);
        Parameter p = new Parameter(initial);
        parameters.put(name, p);
        return p;
    }

    /** Registers non-trainable state saved in the state dict (e.g. running statistics). */
    protected final Buffer registerBuffer(String name, Tensor initial) {
        checkName(name);
        Buffer b = new Buffer(initial, false);
        buffers.put(name, b);
        return b;
    }

    /** Registers a whole-number counter buffer (PyTorch int64, e.g. {@code num_batches_tracked}). */
    protected final Buffer registerCountBuffer(String name, long initial) {
        checkName(name);
        Buffer b = new Buffer(Tensor.scalar(initial), true);
        buffers.put(name, b);
        return b;
    }

    /** Registers a submodule; its names are prefixed with {@code name + "."}. Returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, Objects.requireNonNull(module, "module"));
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name \"" + name
                    + "\" (non-empty, no dots)");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": \"" + name + "\" is already registered");
        }
    }

    // ---------------------------------------------------------------- traversal

    /** All parameters of this module and its submodules, in registration order. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters by dotted name, in registration order (own first, then each submodule's). */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    /** Buffers by dotted name, in registration order. */
    public final Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    /** Direct submodules by name, in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Total number of parameter elements. */
    public final long numParameters() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    private void collectParameters(String prefix, Map<String, Parameter> out) {
        parameters.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collectParameters(prefix + k + ".", out));
    }

    private void collectBuffers(String prefix, Map<String, Buffer> out) {
        buffers.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collectBuffers(prefix + k + ".", out));
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((k, v) -> out.put(prefix + k, v.tensor().detach()));
        buffers.forEach((k, v) -> out.put(prefix + k, v.tensor()));
        children.forEach((k, m) -> m.collectState(prefix + k + ".", out));
    }

    // ---------------------------------------------------------------- modes and gradients

    /** Training mode for this module and all submodules; returns this. */
    public final Module train() {
        return train(true);
    }

    /** Sets training ({@code true}) or evaluation mode recursively; returns this. */
    public Module train(boolean on) {
        training = on;
        for (Module m : children.values()) {
            m.train(on);
        }
        return this;
    }

    /** Evaluation mode (dropout off, batch norm on running statistics) recursively; returns this. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Converts every parameter and floating buffer to {@code dtype} (count buffers stay); returns this. */
    public Module to(DType dtype) {
        for (Parameter p : parameters()) {
            if (p.dtype() != dtype) {
                p.set(Ops.cast(p.tensor().detach(), dtype));
            }
        }
        for (Buffer b : namedBuffers().values()) {
            if (!b.isCount() && b.dtype() != dtype) {
                b.set(Ops.cast(b.tensor(), dtype));
            }
        }
        return this;
    }

    /** Throws naming this module unless the input has the dtype of its parameters. */
    protected final void requireDType(Tensor input, DType expected) {
        if (input.dtype() != expected) {
            throw new IllegalArgumentException(this + ": input is " + input.dtype() + " but the parameters are "
                    + expected + "; convert the model with to(" + input.dtype() + ") or the input with Ops.cast");
        }
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Parameters and buffers by dotted name (parameters of a module before its buffers, then its
     * submodules), as in PyTorch. The tensors share storage with the model: copy them to keep a snapshot.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    /** Which names a non-strict load skipped. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /**
     * Copies values into this model's parameters and buffers in place. Every name, shape and dtype is
     * checked first; on any problem nothing is changed and the exception names each offending tensor.
     * With {@code strict}, missing and unexpected names are problems too; otherwise they are skipped and
     * reported. Count buffers accept any dtype holding whole numbers.
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Parameter> params = namedParameters();
        Map<String, Buffer> bufs = namedBuffers();
        List<String> errors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<Runnable> copies = new ArrayList<>();
        params.forEach((name, p) -> {
            Tensor src = state.get(name);
            if (src == null) {
                missing.add(name);
            } else if (check(name, src, p.shape(), p.dtype(), false, errors)) {
                copies.add(() -> p.tensor().copyFrom(src));
            }
        });
        bufs.forEach((name, b) -> {
            Tensor src = state.get(name);
            if (src == null) {
                missing.add(name);
            } else if (check(name, src, b.shape(), b.dtype(), b.isCount(), errors)) {
                copies.add(() -> b.tensor().copyFrom(src));
            }
        });
        for (String key : state.keySet()) {
            if (!params.containsKey(key) && !bufs.containsKey(key)) {
                unexpected.add(key);
            }
        }
        if (strict) {
            for (String m : missing) {
                errors.add("missing \"" + m + "\"");
            }
            for (String u : unexpected) {
                errors.add("unexpected \"" + u + "\"");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName()
                    + ": nothing was loaded; " + String.join("; ", errors));
        }
        for (Runnable c : copies) {
            c.run();
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    private static boolean check(String name, Tensor src, int[] shape, DType dtype, boolean count, List<String> errors) {
        if (!Arrays.equals(src.shape(), shape)) {
            errors.add("\"" + name + "\" has shape " + Shapes.str(src.shape()) + ", expected " + Shapes.str(shape));
            return false;
        }
        if (count) {
            for (double v : src.toDoubleArray()) {
                if (v != Math.rint(v)) {
                    errors.add("\"" + name + "\" is a count but holds " + v);
                    return false;
                }
            }
            return true;
        }
        if (src.dtype() != dtype) {
            errors.add("\"" + name + "\" is " + src.dtype() + ", expected " + dtype);
            return false;
        }
        for (double v : src.toDoubleArray()) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                errors.add("\"" + name + "\" holds a non-finite value (" + v + ")");
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
