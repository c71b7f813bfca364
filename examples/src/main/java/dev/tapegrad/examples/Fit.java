package dev.tapegrad.examples;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.SplittableRandom;

/**
 * The smallest end-to-end program: fit y = tanh(x·W + b)·v to noisy data with plain gradient descent,
 * then verify the model's gradients with GradCheck.
 */
public final class Fit {
    private Fit() {}

    public static void main(String[] args) {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 128;
        Tensor x = Tensor.randn(rng, DType.FLOAT64, n, 2);
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            target[i] = Math.sin(x.get(i, 0)) + 0.5 * x.get(i, 1) + 0.01 * rng.nextGaussian();
        }
        Tensor y = Tensor.of(target, n, 1);

        Tensor w = Tensor.randn(rng, DType.FLOAT64, 2, 8).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.FLOAT64, 8).requiresGrad(true);
        Tensor v = Tensor.randn(rng, DType.FLOAT64, 8, 1).requiresGrad(true);
        Tensor[] params = {w, b, v};
        double lr = 0.05;
        for (int step = 0; step <= 500; step++) {
            Tensor loss = loss(x, y, w, b, v);
            loss.backward();
            try (var off = GradMode.noGrad()) {
                for (Tensor p : params) {
                    p.copyFrom(Ops.sub(p, Ops.mul(p.grad(), lr)));
                    p.setGrad(null);
                }
            }
            if (step % 100 == 0) {
                System.out.printf("step %3d  mse %.5f%n", step, loss.item());
            }
        }

        Tensor xs = Tensor.randn(rng, DType.FLOAT64, 4, 2);
        Tensor ys = Tensor.randn(rng, DType.FLOAT64, 4, 1);
        GradCheck.Result check = GradCheck.gradcheck(p -> loss(xs, ys, p[0], p[1], p[2]), params);
        System.out.println(check.report());
        GradCheck.Result check2 = GradCheck.gradgradcheck(p -> loss(xs, ys, p[0], p[1], p[2]), params);
        System.out.println(check2.report());
        if (!check.passed() || !check2.passed()) {
            System.exit(1);
        }
    }

    /** Mean squared error of the one-hidden-layer model. */
    static Tensor loss(Tensor x, Tensor y, Tensor w, Tensor b, Tensor v) {
        Tensor hidden = Ops.tanh(Ops.add(Ops.matmul(x, w), b));
        Tensor err = Ops.sub(Ops.matmul(hidden, v), y);
        return Ops.mean(Ops.mul(err, err));
    }
}
