package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.layers.Identity;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.ReLU;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ModuleList and Identity: PyTorch's state-dict keys, iteration order, and what they refuse. */
class ContainersTest {
    /** Owns a ModuleList under "layers", as a PyTorch model with self.layers = nn.ModuleList([...]). */
    static final class Stack extends Module {
        final ModuleList layers = registerModule("layers", new ModuleList());

        Stack() {
            layers.add(new Linear(3, 4, true, new SplittableRandom(1))).add(new ReLU())
                    .add(new Linear(4, 2, false, new SplittableRandom(2)));
        }

        @Override
        public Tensor forward(Tensor x) {
            for (Module m : layers) {
                x = m.forward(x);
            }
            return x;
        }
    }

    @Test
    void moduleListKeysMatchPyTorch() {
        Stack s = new Stack();
        // torch: nn.ModuleList([nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2, bias=False)]) under "layers"
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.2.weight"), new ArrayList<>(s.stateDict().keySet()));
        assertEquals(3, s.layers.size());
        int i = 0;
        for (Module m : s.layers) {
            assertSame(s.layers.get(i++), m);
        }
        assertEquals(3, i);
        assertEquals(2, s.forward(Tensor.randn(3, DType.FLOAT32, 5, 3)).size(1));
    }

    @Test
    void moduleListRefusesForwardAndBadIndices() {
        ModuleList l = new ModuleList(new ReLU());
        var e = assertThrows(UnsupportedOperationException.class, () -> l.forward(Tensor.scalar(1)));
        assertEquals("ModuleList has no forward: iterate over its 1 modules and call them", e.getMessage());
        var i = assertThrows(IndexOutOfBoundsException.class, () -> l.get(1));
        assertEquals("ModuleList: index 1 out of range for size 1", i.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> {
            var it = l.iterator();
            it.next();
            it.remove();
        });
    }

    @Test
    void identityReturnsItsInputAndHasNoState() {
        Tensor x = Tensor.randn(4, DType.FLOAT64, 2, 3).requiresGrad(true);
        Identity id = new Identity();
        assertSame(x, id.forward(x));
        assertEquals(0, id.stateDict().size());
    }
}
