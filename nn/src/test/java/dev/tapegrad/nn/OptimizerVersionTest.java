package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.optim.SGD;
import dev.tapegrad.ops.Ops;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An optimizer step is an in-place write: it bumps the parameter's version, so a retained graph that saved it refuses to backward. */
class OptimizerVersionTest {

    @Test
    void aStepBetweenTwoBackwardsOfARetainedGraphIsCaught() {
        Map<String, Parameter> ps = new LinkedHashMap<>();
        ps.put("w", new Parameter(Tensor.of(new double[] {1, 2}, 2)));
        Tensor w = ps.get("w").tensor();
        Tensor loss = Ops.sum(Ops.mul(w, w));
        loss.backward(null, true);
        SGD sgd = new SGD(ps, 0.1, 0, 0, 0, false);
        int before = w.version();
        sgd.step();
        assertEquals(before + 1, w.version());
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void backwardThenStepThenForwardStaysLegal() {
        Map<String, Parameter> ps = new LinkedHashMap<>();
        ps.put("w", new Parameter(Tensor.of(new double[] {1, 2}, 2)));
        Tensor w = ps.get("w").tensor();
        SGD sgd = new SGD(ps, 0.1, 0, 0, 0, false);
        for (int i = 0; i < 3; i++) {
            sgd.zeroGrad();
            Ops.sum(Ops.mul(w, w)).backward();
            sgd.step();
        }
        assertEquals(1 * Math.pow(0.8, 3), w.get(0), 1e-12);
    }
}
