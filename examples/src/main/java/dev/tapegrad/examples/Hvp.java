package dev.tapegrad.examples;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.SplittableRandom;

/**
 * A Hessian-vector product through a small conv net (conv → tanh → max-pool → conv → avg-pool), by
 * reverse-over-reverse differentiation, checked against central differences of the gradient:
 * H·v ≈ (∇L(w + εv) − ∇L(w − εv)) / 2ε. Then a WGAN-GP style gradient penalty ‖∂L/∂x‖² and its gradient
 * with respect to the weights, checked the same way.
 */
public final class Hvp {
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private Hvp() {}

    public static void main(String[] args) {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 2, 8, 8);
        Tensor w1 = Tensor.randn(rng, DType.FLOAT64, 3, 2, 3, 3).requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, DType.FLOAT64, 2, 3, 2, 2).requiresGrad(true);
        Tensor v1 = Tensor.randn(rng, DType.FLOAT64, 3, 2, 3, 3);
        Tensor v2 = Tensor.randn(rng, DType.FLOAT64, 2, 3, 2, 2);

        // H·v = ∇_w (∇_w L · v): the first gradient is recorded (createGraph), then differentiated again.
        Tensor loss = loss(x, w1, w2);
        Tensor[] g = Autograd.grad(loss, new Tensor[] {w1, w2}, true);
        Tensor gv = Ops.add(Ops.sum(Ops.mul(g[0], v1)), Ops.sum(Ops.mul(g[1], v2)));
        Tensor[] hv = Autograd.grad(gv, new Tensor[] {w1, w2}, false);

        double eps = 1e-5;
        Tensor[] plus = gradAt(x, shifted(w1, v1, eps), shifted(w2, v2, eps));
        Tensor[] minus = gradAt(x, shifted(w1, v1, -eps), shifted(w2, v2, -eps));
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < 2; i++) {
            double[] a = hv[i].toDoubleArray();
            double[] p = plus[i].toDoubleArray();
            double[] m = minus[i].toDoubleArray();
            for (int j = 0; j < a.length; j++) {
                double numeric = (p[j] - m[j]) / (2 * eps);
                worst = Math.max(worst, Math.abs(a[j] - numeric));
                scale = Math.max(scale, Math.abs(numeric));
            }
        }
        System.out.printf("Hessian-vector product through conv/tanh/maxpool/conv/avgpool: %d entries,%n",
                w1.numel() + w2.numel());
        System.out.printf("  max |Hv - finite differences| = %.3e (largest entry %.3e)%n", worst, scale);

        // Gradient penalty: P(w) = ‖∂L/∂x‖², differentiated with respect to the weights.
        Tensor xr = x.detach().requiresGrad(true);
        double penaltyError = penaltyCheck(xr, w1, w2, v1, v2, eps);
        System.out.printf("gradient penalty ‖∂L/∂x‖²: max |directional derivative - finite difference| = %.3e%n",
                penaltyError);
        boolean ok = worst <= 1e-6 * Math.max(1, scale) && penaltyError <= 1e-6;
        System.out.println(ok ? "OK: second-order gradients match finite differences" : "MISMATCH");
        if (!ok) {
            System.exit(1);
        }
    }

    static Tensor loss(Tensor x, Tensor w1, Tensor w2) {
        Tensor h = Ops.tanh(Ops.conv2d(x, w1, null, ONE, ONE, ONE, 1));
        h = Ops.maxPool2d(h, new int[] {2, 2}, new int[] {2, 2}, ZERO, ONE, false);
        h = Ops.conv2d(h, w2, null, ONE, ZERO, ONE, 1);
        h = Ops.avgPool2d(h, new int[] {2, 2}, new int[] {1, 1}, ZERO, false, true);
        return Ops.sum(Ops.mul(h, h));
    }

    private static Tensor[] gradAt(Tensor x, Tensor w1, Tensor w2) {
        return Autograd.grad(loss(x, w1, w2), new Tensor[] {w1, w2}, false);
    }

    private static Tensor shifted(Tensor w, Tensor v, double eps) {
        return Ops.add(w.detach(), Ops.mul(v, eps)).requiresGrad(true);
    }

    /** d/dε P(w + εv) at ε = 0, by the tape and by central differences; returns their difference. */
    private static double penaltyCheck(Tensor x, Tensor w1, Tensor w2, Tensor v1, Tensor v2, double eps) {
        Tensor[] gp = Autograd.grad(penalty(x, w1, w2), new Tensor[] {w1, w2}, false);
        double analytic = dot(gp[0], v1) + dot(gp[1], v2);
        double up = penalty(x, shifted(w1, v1, eps), shifted(w2, v2, eps)).item();
        double down = penalty(x, shifted(w1, v1, -eps), shifted(w2, v2, -eps)).item();
        return Math.abs(analytic - (up - down) / (2 * eps));
    }

    private static Tensor penalty(Tensor x, Tensor w1, Tensor w2) {
        Tensor dx = Autograd.grad(loss(x, w1, w2), new Tensor[] {x}, true)[0];
        return Ops.sum(Ops.mul(dx, dx));
    }

    private static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
