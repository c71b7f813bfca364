package dev.tapegrad.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.optim.AdamW;
import dev.tapegrad.ops.Ops;
import org.junit.jupiter.api.Test;

/** The README's "Prototype a layer" snippet, as written there: gradchecked to second order, then trained. */
class ReadmePrototypeTest {
    static final class SwiGLU extends Module {
        private final int hidden;
        private final Linear w12;
        private final Linear w3;

        SwiGLU(int dim, int hidden) {
            this.hidden = hidden;
            w12 = registerModule("w12", new Linear(dim, 2 * hidden, false));
            w3 = registerModule("w3", new Linear(hidden, dim, false));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = w12.forward(Ops.layerNorm(x, new int[] {x.size(-1)}, null, null, 1e-5));
            Tensor gate = Ops.narrow(h, -1, 0, hidden);
            Tensor up = Ops.narrow(h, -1, hidden, hidden);
            return Ops.add(x, w3.forward(Ops.mul(Ops.silu(gate), up)));
        }
    }

    @Test
    void prototypeSnippetChecksAndTrains() {
        SwiGLU layer = new SwiGLU(8, 16);
        layer.to(DType.FLOAT64);
        Tensor x = Tensor.randn(1, DType.FLOAT64, 4, 3, 8);
        GradCheck.Result first = GradCheck.gradcheck(in -> layer.forward(in[0]), x);
        assertTrue(first.passed(), first.report());
        GradCheck.Result second = GradCheck.gradgradcheck(in -> layer.forward(in[0]), x);
        assertTrue(second.passed(), second.report());

        Tensor target = Tensor.randn(2, DType.FLOAT64, 4, 3, 8);
        AdamW opt = new AdamW(layer.namedParameters(), 1e-2);
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        for (int step = 0; step < 100; step++) {
            opt.zeroGrad();
            Tensor loss = Ops.mean(Ops.pow(Ops.sub(layer.forward(x), target), 2));
            loss.backward();
            opt.step();
            lastLoss = loss.item();
            firstLoss = step == 0 ? lastLoss : firstLoss;
        }
        // the residual alone leaves mean((x - target)²) ≈ 2; the block learns to cut it well down
        assertTrue(lastLoss < 0.5 * firstLoss, "loss " + firstLoss + " -> " + lastLoss);
    }
}
