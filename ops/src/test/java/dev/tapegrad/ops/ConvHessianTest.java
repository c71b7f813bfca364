package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A Hessian-vector product through conv → tanh → maxPool → conv → avgPool, built by differentiating the
 * taped gradient, against central differences of the gradient itself: (∇f(θ + εv) - ∇f(θ - εv)) / 2ε.
 */
class ConvHessianTest {
    private static final double EPS = 1e-5;

    /** f(x, w1, b1, w2) = Σ r · avgPool(conv(maxPool(tanh(conv(x, w1) + b1)), w2)), with a fixed r. */
    private static Tensor f(Tensor[] t, Tensor r) {
        Tensor h = Ops.conv2d(t[0], t[1], t[2], new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        h = Ops.maxPool2d(Ops.tanh(h), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, true);
        h = Ops.conv2d(h, t[3], null, new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 1}, 2);
        h = Ops.avgPool2d(h, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, false, false);
        return Ops.sum(Ops.mul(h, r));
    }

    private static Tensor[] gradient(Tensor[] theta, Tensor r, boolean createGraph) {
        try (var on = GradMode.enableGrad()) {
            return Autograd.grad(f(theta, r), theta, createGraph);
        }
    }

    private static Tensor[] leaves(Tensor[] values, Tensor[] v, double step) {
        Tensor[] out = new Tensor[values.length];
        for (int i = 0; i < values.length; i++) {
            double[] a = values[i].toDoubleArray();
            double[] d = v[i].toDoubleArray();
            for (int j = 0; j < a.length; j++) {
                a[j] += step * d[j];
            }
            out[i] = Tensor.of(a, values[i].shape()).requiresGrad(true);
        }
        return out;
    }

    @Test
    void hessianVectorProductMatchesFiniteDifferencesOfTheGradient() {
        Tensor[] theta = {
            Tensor.randn(11, DType.FLOAT64, 2, 2, 7, 6),
            Tensor.randn(12, DType.FLOAT64, 4, 2, 3, 3),
            Tensor.randn(13, DType.FLOAT64, 4),
            Tensor.randn(14, DType.FLOAT64, 4, 2, 2, 2)
        };
        Tensor[] v = new Tensor[theta.length];
        for (int i = 0; i < theta.length; i++) {
            v[i] = Tensor.randn(20 + i, DType.FLOAT64, theta[i].shape());
        }
        Tensor[] x = leaves(theta, v, 0);
        Tensor r;
        try (var off = GradMode.noGrad()) {
            r = Tensor.randn(30, DType.FLOAT64, outShape(x));
        }
        Tensor[] g = gradient(x, r, true);
        Tensor gv = null;
        try (var on = GradMode.enableGrad()) {
            for (int i = 0; i < g.length; i++) {
                Tensor term = Ops.sum(Ops.mul(g[i], v[i]));
                gv = gv == null ? term : Ops.add(gv, term);
            }
        }
        Tensor[] hv = Autograd.grad(gv, x, false);
        Tensor[] plus = gradient(leaves(theta, v, EPS), r, false);
        Tensor[] minus = gradient(leaves(theta, v, -EPS), r, false);
        double largest = 0;
        for (int i = 0; i < theta.length; i++) {
            double[] a = hv[i].toDoubleArray();
            double[] p = plus[i].toDoubleArray();
            double[] m = minus[i].toDoubleArray();
            for (int j = 0; j < a.length; j++) {
                double numeric = (p[j] - m[j]) / (2 * EPS);
                assertEquals(numeric, a[j], 1e-6 + 1e-5 * Math.abs(numeric), "input " + i + " element " + j);
                largest = Math.max(largest, Math.abs(a[j]));
            }
        }
        // the product must be non-trivial for the comparison to mean something
        assertTrue(largest > 1e-3, "Hessian-vector product is ~0: " + largest);
    }

    private static int[] outShape(Tensor[] x) {
        Tensor h = Ops.conv2d(x[0], x[1], x[2], new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        h = Ops.maxPool2d(h, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, true);
        h = Ops.conv2d(h, x[3], null, new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 1}, 2);
        return Ops.avgPool2d(h, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, false, false).shape();
    }
}
