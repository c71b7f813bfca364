package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.ops.Ops;

/** x·Φ(x) elementwise, Φ the standard normal CDF: the exact form, torch.nn.GELU() with approximate='none'. */
public final class GELU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Ops.gelu(x);
    }

    @Override
    public String toString() {
        return "GELU()";
    }
}
