package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.ops.Ops;

/** 1 / (1 + e^-x) elementwise. */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Ops.sigmoid(x);
    }
}
