package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.ops.Ops;

/** tanh(x) elementwise. */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Ops.tanh(x);
    }
}
