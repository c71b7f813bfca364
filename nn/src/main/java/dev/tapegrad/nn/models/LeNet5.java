package dev.tapegrad.nn.models;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.layers.Conv2d;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.ops.Ops;

/**
 * LeNet-5 for 28×28 grey images, as {@code LeNet5} of the repository's examples/python/lenet.py (and so with
 * the same state-dict names: conv1, conv2, fc1, fc2, fc3): conv 5×5 pad 2 → ReLU → max-pool 2 → conv 5×5 →
 * ReLU → max-pool 2 → 400 → 120 → 84 → classes.
 */
public final class LeNet5 extends Module {
    private final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5, 1, 2));
    private final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
    private final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
    private final Linear fc2 = registerModule("fc2", new Linear(120, 84));
    private final Linear fc3;

    /** A LeNet-5 with {@code classes} outputs, initialised from the current {@code Init} generator. */
    public LeNet5(int classes) {
        fc3 = registerModule("fc3", new Linear(84, classes));
    }

    @Override
    public Tensor forward(Tensor x) {
        x = Ops.maxPool2d(Ops.relu(conv1.forward(x)), 2);
        x = Ops.maxPool2d(Ops.relu(conv2.forward(x)), 2);
        x = Ops.flatten(x, 1);
        x = Ops.relu(fc1.forward(x));
        x = Ops.relu(fc2.forward(x));
        return fc3.forward(x);
    }
}
