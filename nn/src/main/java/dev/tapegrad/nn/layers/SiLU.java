package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.ops.Ops;

/** x·σ(x) elementwise (torch.nn.SiLU, also called swish). */
public final class SiLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Ops.silu(x);
    }

    @Override
    public String toString() {
        return "SiLU()";
    }
}
