package dev.tapegrad.nn;

import dev.tapegrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Holds submodules in a list, registered as {@code "0"}, {@code "1"}, ... (so their state-dict keys are
 * {@code 0.weight}, ... as in torch.nn.ModuleList). It has no forward of its own: the owner decides how the
 * modules are called, e.g. a loop over the blocks of a transformer.
 */
public final class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> modules = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module; returns this. */
    public ModuleList add(Module module) {
        registerModule(Integer.toString(modules.size()), module);
        modules.add(module);
        return this;
    }

    public Module get(int i) {
        if (i < 0 || i >= modules.size()) {
            throw new IndexOutOfBoundsException("ModuleList: index " + i + " out of range for size " + modules.size());
        }
        return modules.get(i);
    }

    public int size() {
        return modules.size();
    }

    @Override
    public Iterator<Module> iterator() {
        return Collections.unmodifiableList(modules).iterator();
    }

    /** Always throws: a ModuleList is a container, as in PyTorch; call its modules instead. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleList has no forward: iterate over its " + modules.size()
                + " modules and call them");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ModuleList(");
        for (int i = 0; i < modules.size(); i++) {
            sb.append("\n  (").append(i).append("): ").append(modules.get(i));
        }
        return sb.append(modules.isEmpty() ? ")" : "\n)").toString();
    }
}
