package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void gradchecks() {
        Tensor a = Tensor.randn(1, DType.FLOAT64, 3, 4).requiresGrad(true);
        Tensor b = Tensor.randn(2, DType.FLOAT64, 4).requiresGrad(true);
        var r = GradCheck.gradcheck(x -> Ops.tanh(Ops.mul(Ops.add(x[0], x[1]), x[1])), a, b);
        System.out.println(r.report());
        assertTrue(r.passed(), r.report());
        var r2 = GradCheck.gradgradcheck(x -> Ops.logSoftmax(Ops.matmul(x[0], Ops.reshape(x[1], 4, 1)), 0), a, b);
        System.out.println(r2.report());
        assertTrue(r2.passed(), r2.report());
    }

    @Test
    void thirdOrder() {
        Tensor x = Tensor.scalar(0.7).requiresGrad(true);
        Tensor y = Ops.mul(Ops.exp(x), Ops.pow(x, 3));
        Tensor g1 = Autograd.grad(y, new Tensor[] {x}, true)[0];
        Tensor g2 = Autograd.grad(g1, new Tensor[] {x}, true)[0];
        Tensor g3 = Autograd.grad(g2, new Tensor[] {x}, true)[0];
        double v = 0.7;
        double expect = Math.exp(v) * (v * v * v + 9 * v * v + 18 * v + 6);
        assertEquals(expect, g3.item(), 1e-9);
    }

    @Test
    void deepChain() {
        Tensor a = Tensor.of(new float[] {0.999f}, 1).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {0.001f}, 1).requiresGrad(true);
        Tensor y = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
        for (int i = 0; i < 1_000_000; i++) {
            y = Ops.add(Ops.mul(y, a), b);
        }
        Ops.sum(y).backward();
        assertTrue(a.grad() != null && Double.isFinite(a.grad().item()));
    }
}
