package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.optim.Adam;
import dev.tapegrad.nn.optim.AdamW;
import dev.tapegrad.nn.optim.CosineAnnealingLR;
import dev.tapegrad.nn.optim.GradClip;
import dev.tapegrad.nn.optim.Optimizer;
import dev.tapegrad.nn.optim.SGD;
import dev.tapegrad.nn.optim.StepLR;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Update sequences worked out from the published formulas (PyTorch's docs) for a one-element parameter
 * starting at 1 with gradients 0.5, -0.2, 0.3 set by hand.
 */
class OptimTest {
    private static final double[] GRADS = {0.5, -0.2, 0.3};

    private static Map<String, Parameter> param(double value, DType dtype) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("w", new Parameter(dtype == DType.FLOAT64 ? Tensor.of(new double[] {value}, 1)
                : Tensor.of(new float[] {(float) value}, 1)));
        return m;
    }

    /** Runs the optimizer over the gradients and returns the parameter after each step. */
    private static double[] run(Optimizer opt, Parameter p, double... grads) {
        double[] out = new double[grads.length];
        for (int i = 0; i < grads.length; i++) {
            p.tensor().setGrad(p.dtype() == DType.FLOAT64
                    ? Tensor.of(new double[] {grads[i]}, 1) : Tensor.of(new float[] {(float) grads[i]}, 1));
            opt.step();
            out[i] = p.tensor().item();
        }
        return out;
    }

    private static void assertSeq(double[] expected, double[] actual, double tol) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, "after step " + (i + 1));
        }
    }

    @Test
    void sgdMomentumDampeningWeightDecay() {
        // d = g + 0.01 p; b = d (first), then 0.9 b + 0.9 d; p -= 0.1 b
        // step 1: d = 0.51, b = 0.51, p = 0.949
        // step 2: d = -0.2 + 0.00949 = -0.19051, b = 0.459 - 0.171459 = 0.287541, p = 0.9202459
        // step 3: d = 0.309202459, b = 0.2587869 + 0.2782822131 = 0.5370691131, p = 0.86653898869
        var ps = param(1, DType.FLOAT64);
        SGD sgd = new SGD(ps, 0.1, 0.9, 0.1, 0.01, false);
        assertSeq(new double[] {0.949, 0.9202459, 0.86653898869}, run(sgd, ps.get("w"), GRADS), 1e-14);
        assertEquals(0.5370691131, sgd.stateDict().get("w.momentum_buffer").item(), 1e-14);
    }

    @Test
    void sgdNesterovAndPlain() {
        // Nesterov, g = 1 twice: b = 1, d = 1 + 0.9 = 1.9, p = 0.81; b = 1.9, d = 1 + 1.71 = 2.71, p = 0.539
        var ps = param(1, DType.FLOAT64);
        assertSeq(new double[] {0.81, 0.539}, run(new SGD(ps, 0.1, 0.9, 0, 0, true), ps.get("w"), 1, 1), 1e-15);
        // plain with weight decay 0.1 from 2: p = 2 - 0.1(0.5 + 0.2) = 1.93; 1.93 - 0.1(0.5 + 0.193) = 1.8607
        var qs = param(2, DType.FLOAT64);
        assertSeq(new double[] {1.93, 1.8607}, run(new SGD(qs, 0.1, 0, 0, 0.1, false), qs.get("w"), 0.5, 0.5), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0, 0, 0, true));
    }

    @Test
    void adam() {
        // m = 0.9 m + 0.1 g; v = 0.999 v + 0.001 g²; p -= (lr / (1 - 0.9^t)) m / (√v / √(1 - 0.999^t) + 1e-8)
        // step 1: m = 0.05, v = 0.00025, p = 1 - 1·0.05 / (0.5 + 1e-8) = 0.900000002
        var ps = param(1, DType.FLOAT64);
        Adam adam = new Adam(ps, 0.1);
        assertSeq(new double[] {0.900000002, 0.8654394181165108, 0.8109953836811554}, run(adam, ps.get("w"), GRADS), 1e-13);
        Map<String, Tensor> st = adam.stateDict();
        assertEquals(0.0525, st.get("w.exp_avg").item(), 1e-15);
        assertEquals(0.00037946025, st.get("w.exp_avg_sq").item(), 1e-15);
        assertEquals(3, st.get("w.step").item());
    }

    @Test
    void adamL2AndAdamWDecoupled() {
        // Adam: g += 0.1 p before the moments; step 1 g = 0.6
        var ps = param(1, DType.FLOAT64);
        assertSeq(new double[] {0.9000000016666666, 0.8475190629593703, 0.7791121607663538},
                run(new Adam(ps, 0.1, 0.9, 0.999, 1e-8, 0.1), ps.get("w"), GRADS), 1e-13);
        // AdamW: p *= 1 - 0.1·0.1 first, then the plain Adam step: 0.99 - 0.099999998 = 0.890000002
        var qs = param(1, DType.FLOAT64);
        assertSeq(new double[] {0.890000002, 0.8465394180965108, 0.7836299894801902},
                run(new AdamW(qs, 0.1, 0.9, 0.999, 1e-8, 0.1), qs.get("w"), GRADS), 1e-13);
    }

    @Test
    void float32FollowsFloat64() {
        var d = param(1, DType.FLOAT64);
        var f = param(1, DType.FLOAT32);
        double[] a = run(new AdamW(d, 0.1), d.get("w"), GRADS);
        double[] b = run(new AdamW(f, 0.1), f.get("w"), GRADS);
        assertSeq(a, b, 1e-6);
        var d2 = param(1, DType.FLOAT64);
        var f2 = param(1, DType.FLOAT32);
        assertSeq(run(new SGD(d2, 0.1, 0.9, 0, 1e-3, true), d2.get("w"), GRADS),
                run(new SGD(f2, 0.1, 0.9, 0, 1e-3, true), f2.get("w"), GRADS), 1e-6);
    }

    @Test
    void parametersWithoutGradientAreSkippedAndZeroGradClears() {
        var ps = param(1, DType.FLOAT64);
        SGD sgd = new SGD(ps, 0.1, 0.9);
        sgd.step();
        assertEquals(1.0, ps.get("w").tensor().item());
        assertTrue(sgd.stateDict().isEmpty());
        ps.get("w").tensor().setGrad(Tensor.of(new double[] {1}, 1));
        sgd.zeroGrad();
        assertNull(ps.get("w").grad());
    }

    @Test
    void stateDictRoundTripContinuesIdentically() {
        var a = param(1, DType.FLOAT64);
        Adam first = new Adam(a, 0.1);
        run(first, a.get("w"), 0.5, -0.2);
        Map<String, Tensor> saved = new LinkedHashMap<>();
        first.stateDict().forEach((k, v) -> saved.put(k, v.copy()));
        double expected = run(first, a.get("w"), 0.3)[0];

        var b = param(0.8654394181165108, DType.FLOAT64);
        Adam second = new Adam(b, 0.1);
        second.loadStateDict(saved);
        assertEquals(expected, run(second, b.get("w"), 0.3)[0], 1e-15);

        Map<String, Tensor> bad = new LinkedHashMap<>(saved);
        bad.put("w.exp_avg", Tensor.zeros(DType.FLOAT64, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> second.loadStateDict(bad));
        assertTrue(e.getMessage().contains("\"w.exp_avg\" is FLOAT64[2], expected FLOAT64[1]"), e.getMessage());
        Map<String, Tensor> extra = new LinkedHashMap<>(saved);
        extra.put("v.exp_avg", Tensor.zeros(DType.FLOAT64, 1));
        assertThrows(IllegalArgumentException.class, () -> second.loadStateDict(extra));
        assertEquals(3, second.stateDict().get("w.step").item(), "failed loads changed nothing");
    }

    @Test
    void schedules() {
        var ps = param(1, DType.FLOAT64);
        SGD sgd = new SGD(ps, 0.1);
        StepLR step = new StepLR(sgd, 2, 0.5);
        double[] lrs = new double[5];
        for (int e = 0; e < 5; e++) {
            lrs[e] = sgd.lr();
            step.step();
        }
        assertSeq(new double[] {0.1, 0.1, 0.05, 0.05, 0.025}, lrs, 1e-15);

        SGD sgd2 = new SGD(ps, 1.0);
        CosineAnnealingLR cos = new CosineAnnealingLR(sgd2, 4, 0.1);
        double[] c = new double[5];
        for (int e = 0; e < 5; e++) {
            c[e] = sgd2.lr();
            cos.step();
        }
        // 0.1 + 0.9 (1 + cos(π e / 4)) / 2
        assertSeq(new double[] {1.0, 0.1 + 0.45 * (1 + Math.sqrt(0.5)), 0.55, 0.1 + 0.45 * (1 - Math.sqrt(0.5)), 0.1}, c, 1e-15);
    }

    @Test
    void clipGradNormUsesGlobalNorm() {
        Parameter a = new Parameter(Tensor.zeros(DType.FLOAT64, 2));
        Parameter b = new Parameter(Tensor.zeros(DType.FLOAT32, 1));
        Parameter none = new Parameter(Tensor.zeros(DType.FLOAT64, 1));
        a.tensor().setGrad(Tensor.of(new double[] {3, 0}, 2));
        b.tensor().setGrad(Tensor.of(new float[] {4}, 1));
        double norm = GradClip.clipGradNorm(List.of(a, b, none), 1.0);
        assertEquals(5, norm, 1e-12);
        double coef = 1.0 / (5 + 1e-6);
        assertEquals(3 * coef, a.grad().get(0), 1e-12);
        assertEquals(4 * coef, b.grad().get(0), 1e-6);
        assertEquals(1.0, GradClip.clipGradNorm(List.of(a, b), 10), 1e-5);
        assertEquals(3 * coef, a.grad().get(0), 1e-12, "below the limit nothing changes");
    }
}
