package dev.tapegrad.autograd;

import java.util.Arrays;

/**
 * The engine's own op for summing two gradients of one tensor: z = a + b for equal shapes and dtypes.
 * vjp: (g, g). Recorded like any op when a higher-order gradient is being built.
 */
final class GradSum extends Op {

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        if (!Arrays.equals(a.shape(), b.shape()) || a.dtype() != b.dtype()) {
            throw new IllegalStateException("GradSum: gradients " + a.dtype() + Shapes.str(a.shape()) + " and "
                    + b.dtype() + Shapes.str(b.shape()) + " of one tensor differ");
        }
        int n = a.numel();
        if (a.dtype() == DType.FLOAT32) {
            float[] x = a.floatData();
            float[] y = b.floatData();
            float[] z = new float[n];
            for (int i = 0; i < n; i++) {
                z[i] = x[i] + y[i];
            }
            return Tensor.wrap(z, a.shape());
        }
        double[] x = a.doubleData();
        double[] y = b.doubleData();
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = x[i] + y[i];
        }
        return Tensor.wrap(z, a.shape());
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {g, g};
    }
}
