package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.primitive.SoftmaxBackward;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * softmax's fused backward (SoftmaxBackward) against the unfused formula y·(g − Σ g·y), in both dtypes,
 * and softmax to third order (gradgradcheck of the fused backward itself) over drawn shapes and dims, negative included.
 */
class SoftmaxBackwardTest {
    @Property(tries = 25)
    void fusedGradientEqualsTheFormula(@ForAll @IntRange(min = 1, max = 4) int a, @ForAll @IntRange(min = 1, max = 5) int b,
            @ForAll @IntRange(min = 1, max = 6) int c, @ForAll @IntRange(min = -3, max = 2) int dim,
            @ForAll boolean float32) {
        DType dt = float32 ? DType.FLOAT32 : DType.FLOAT64;
        Tensor x = Ops.mul(Tensor.randn(1, dt, a, b, c), Tensor.scalar(3.0)).detach().requiresGrad(true);
        Tensor g = Tensor.randn(2, dt, a, b, c);
        Tensor y = Ops.softmax(x, dim);
        Tensor fused = Autograd.grad(Ops.sum(Ops.mul(y, g)), new Tensor[] {x}, false)[0];
        Tensor yd = y.detach();
        Tensor formula = Ops.mul(yd, Ops.sub(g, Ops.sum(Ops.mul(g, yd), new int[] {dim}, true)));
        double[] e = formula.toDoubleArray();
        double[] got = fused.toDoubleArray();
        double tol = float32 ? 1e-6 : 1e-14;
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], got[i], tol, "element " + i);
        }
    }

    @Property(tries = 10)
    void softmaxIsDifferentiableToThirdOrder(@ForAll @IntRange(min = 1, max = 3) int a,
            @ForAll @IntRange(min = 1, max = 4) int b, @ForAll @IntRange(min = -2, max = 1) int dim) {
        Tensor x = Tensor.randn(3, DType.FLOAT64, a, b);
        Tensor r = Tensor.randn(4, DType.FLOAT64, a, b);
        var second = GradCheck.gradgradcheck(in -> Ops.softmax(in[0], dim), x);
        assertTrue(second.passed(), second.report());
        // the fused backward as a function of (g, y), checked to second order: softmax to third order
        var third = GradCheck.gradgradcheck(in -> new SoftmaxBackward(dim).apply(in[0], in[1]), r,
                Ops.softmax(x, dim).detach());
        assertTrue(third.passed(), third.report());
    }

    @Property(tries = 10)
    void floatSoftmaxMatchesDouble(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 3) int rows) {
        Tensor x = Ops.mul(Tensor.randn(5, DType.FLOAT64, rows, n), Tensor.scalar(10.0));
        double[] d = Ops.softmax(x, -1).toDoubleArray();
        double[] f = Ops.softmax(Ops.cast(x, DType.FLOAT32), -1).toDoubleArray();
        for (int i = 0; i < d.length; i++) {
            assertEquals(d[i], f[i], 1e-6, "element " + i);
        }
    }
}
