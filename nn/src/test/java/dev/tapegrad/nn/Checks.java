package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.function.Function;

/** Shared assertions for the nn tests. */
public final class Checks {
    private Checks() {}

    /** Gradient check in FLOAT64 (GradCheck promotes its inputs). */
    public static void gradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        var r = GradCheck.gradcheck(f, inputs);
        assertTrue(r.passed(), r.report());
    }

    public static void gradgradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        var r = GradCheck.gradgradcheck(f, inputs);
        assertTrue(r.passed(), r.report());
    }

    /**
     * Checks a module's gradients in FLOAT64: w.r.t. the input with GradCheck, and w.r.t. every parameter by
     * central differences on its storage against what backward accumulates. The output is contracted with a
     * fixed random tensor so every output element matters.
     */
    public static void moduleGradcheck(Module m, Tensor input) {
        m.to(DType.FLOAT64);
        Tensor x = Tensor.of(input.toDoubleArray(), input.shape());
        Tensor r;
        try (var off = GradMode.noGrad()) {
            r = Tensor.randn(99, DType.FLOAT64, m.forward(x).shape());
        }
        Function<Tensor[], Tensor> f = a -> Ops.sum(Ops.mul(m.forward(a[0]), r));
        gradcheck(f, x);
        if (m.parameters().isEmpty()) {
            return;
        }
        m.zeroGrad();
        f.apply(new Tensor[] {x}).backward();
        double eps = 1e-6;
        m.namedParameters().forEach((name, p) -> {
            double[] w = p.tensor().doubleStorage();
            double[] analytic = p.grad().toDoubleArray();
            for (int i = 0; i < w.length; i++) {
                double keep = w[i];
                w[i] = keep + eps;
                double up = loss(f, x);
                w[i] = keep - eps;
                double down = loss(f, x);
                w[i] = keep;
                double numeric = (up - down) / (2 * eps);
                assertTrue(Math.abs(numeric - analytic[i]) <= 1e-5 + 1e-3 * Math.abs(numeric),
                        name + "[" + i + "]: analytic " + analytic[i] + ", numeric " + numeric);
            }
        });
    }

    private static double loss(Function<Tensor[], Tensor> f, Tensor x) {
        try (var off = GradMode.noGrad()) {
            return f.apply(new Tensor[] {x}).item();
        }
    }

    public static void close(double[] expected, Tensor actual, double tol) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, "element count");
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], tol, "element " + i);
        }
    }
}
