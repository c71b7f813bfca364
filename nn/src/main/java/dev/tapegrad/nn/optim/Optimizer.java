package dev.tapegrad.nn.optim;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their gradients. Subclasses hold per-parameter state in named slots
 * (e.g. {@code momentum_buffer}), created on a parameter's first step with its shape and dtype, and say
 * how one parameter's flat arrays are updated; this class walks the parameters (skipping those without
 * a gradient) with recording off and handles the state dict.
 *
 * <p>State dict keys are the parameter's name, a dot and the slot name ({@code fc1.weight.exp_avg}), plus
 * {@code name.step} for optimizers that count steps per parameter.
 */
public abstract class Optimizer {
    private final List<String> names = new ArrayList<>();
    private final List<Parameter> params = new ArrayList<>();
    private final String[] slotNames;
    private final boolean countsSteps;
    /** slots[i][k]: slot k of parameter i, null until its first step. */
    private final Tensor[][] slots;
    private final long[] steps;
    protected double lr;

    protected Optimizer(Map<String, Parameter> parameters, double lr, String[] slotNames, boolean countsSteps) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be >= 0, got " + lr);
        }
        parameters.forEach((n, p) -> {
            names.add(n);
            params.add(p);
        });
        this.lr = lr;
        this.slotNames = slotNames.clone();
        this.countsSteps = countsSteps;
        this.slots = new Tensor[params.size()][slotNames.length];
        this.steps = new long[params.size()];
    }

    /** Names parameters of a plain list by position: "0", "1", ... */
    protected static Map<String, Parameter> indexed(List<Parameter> parameters) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            m.put(Integer.toString(i), parameters.get(i));
        }
        return m;
    }

    public double lr() {
        return lr;
    }

    /** Sets the learning rate used by the next steps (what schedulers call). */
    public void setLr(double lr) {
        this.lr = lr;
    }

    public List<Parameter> parameters() {
        return List.copyOf(params);
    }

    /** Clears the gradients of all parameters this optimizer updates. */
    public void zeroGrad() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                Tensor w = p.tensor();
                Tensor[] s = slots[i];
                boolean first = s.length > 0 && s[0] == null;
                for (int k = 0; k < s.length; k++) {
                    if (s[k] == null) {
                        s[k] = Tensor.zeros(w.dtype(), w.shape());
                    }
                }
                steps[i]++;
                if (w.dtype() == DType.FLOAT32) {
                    update(w.floatStorage(), g.floatData(), floats(s), first, steps[i]);
                } else {
                    update(w.doubleStorage(), g.doubleData(), doubles(s), first, steps[i]);
                }
                w.markModified();   // an in-place write: a graph that saved w can no longer backward
            }
        }
    }

    private static float[][] floats(Tensor[] s) {
        float[][] a = new float[s.length][];
        for (int k = 0; k < s.length; k++) {
            a[k] = s[k].floatStorage();
        }
        return a;
    }

    private static double[][] doubles(Tensor[] s) {
        double[][] a = new double[s.length][];
        for (int k = 0; k < s.length; k++) {
            a[k] = s[k].doubleStorage();
        }
        return a;
    }

    /**
     * Updates one FLOAT32 parameter {@code p} in place from gradient {@code g} and its slots;
     * {@code first} is true on the parameter's first step (slots freshly zeroed), {@code step} counts from 1.
     */
    protected abstract void update(float[] p, float[] g, float[][] slots, boolean first, long step);

    /** As {@link #update(float[], float[], float[][], boolean, long)} for FLOAT64. */
    protected abstract void update(double[] p, double[] g, double[][] slots, boolean first, long step);

    // ---------------------------------------------------------------- state dict

    /** Per-parameter state by key (see the class comment); the tensors share storage with the optimizer. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            if (steps[i] == 0) {
                continue;
            }
            for (int k = 0; k < slotNames.length; k++) {
                out.put(names.get(i) + "." + slotNames[k], slots[i][k]);
            }
            if (countsSteps) {
                out.put(names.get(i) + ".step", Tensor.scalar(steps[i]));
            }
        }
        return out;
    }

    /**
     * Replaces the state with copies of {@code state}'s tensors. Everything is checked first (known keys,
     * each parameter's slots complete, shapes and dtypes as the parameter's); on a problem nothing changes
     * and the exception names the key. Parameters absent from {@code state} start afresh.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        List<String> errors = new ArrayList<>();
        Tensor[][] newSlots = new Tensor[params.size()][slotNames.length];
        long[] newSteps = new long[params.size()];
        int used = 0;
        for (int i = 0; i < params.size(); i++) {
            String n = names.get(i);
            Parameter p = params.get(i);
            int present = 0;
            for (int k = 0; k < slotNames.length; k++) {
                Tensor t = state.get(n + "." + slotNames[k]);
                if (t == null) {
                    continue;
                }
                present++;
                if (!Arrays.equals(t.shape(), p.shape()) || t.dtype() != p.dtype()) {
                    errors.add("\"" + n + "." + slotNames[k] + "\" is " + t.dtype() + Shapes.str(t.shape())
                            + ", expected " + p.dtype() + Shapes.str(p.shape()));
                } else {
                    newSlots[i][k] = t.copy();
                }
            }
            Tensor st = countsSteps ? state.get(n + ".step") : null;
            if (st != null) {
                present++;
                double v = st.numel() == 1 ? st.item() : -1;
                if (v < 1 || v != Math.rint(v)) {
                    errors.add("\"" + n + ".step\" must be one whole number >= 1, got " + Shapes.str(st.shape())
                            + (st.numel() == 1 ? " " + v : ""));
                }
                newSteps[i] = (long) v;
            }
            int expected = slotNames.length + (countsSteps ? 1 : 0);
            if (present != 0 && present != expected) {
                errors.add("state of \"" + n + "\" is incomplete (" + present + " of " + expected + " entries)");
            } else if (present == expected && !countsSteps) {
                newSteps[i] = 1;
            }
            used += present;
        }
        if (used != state.size()) {
            for (String key : state.keySet()) {
                if (!knownKey(key)) {
                    errors.add("unexpected \"" + key + "\"");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: nothing was loaded; "
                    + String.join("; ", errors));
        }
        for (int i = 0; i < params.size(); i++) {
            slots[i] = newSlots[i];
            steps[i] = newSteps[i];
        }
    }

    private boolean knownKey(String key) {
        for (String n : names) {
            for (String s : slotNames) {
                if (key.equals(n + "." + s)) {
                    return true;
                }
            }
            if (countsSteps && key.equals(n + ".step")) {
                return true;
            }
        }
        return false;
    }
}
