package dev.tapegrad.autograd;

/**
 * The engine's own op for summing two gradients of one tensor: z = a + b for equal shapes and dtypes.
 * vjp: (g, g). Recorded like any op when a higher-order gradient is being built.
 */
final class GradSum extends Op {

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        if (!a.sameShape(b) || a.dtype() != b.dtype()) {
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
            return Tensor.wrapLike(a, z);
        }
        double[] x = a.doubleData();
        double[] y = b.doubleData();
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = x[i] + y[i];
        }
        return Tensor.wrapLike(a, z);
    }

    /**
     * acc += g in place, for the engine's own gradient buffers (contiguous from offset 0, made by
     * {@link #forward}); g may have any strides.
     */
    static void addInto(Tensor acc, Tensor g) {
        if (!acc.sameShape(g) || acc.dtype() != g.dtype()) {
            throw new IllegalStateException("GradSum: gradients " + acc.dtype() + Shapes.str(acc.shape()) + " and "
                    + g.dtype() + Shapes.str(g.shape()) + " of one tensor differ");
        }
        int n = acc.numel();
        if (acc.dtype() == DType.FLOAT32) {
            float[] z = acc.floatStorage();
            float[] y = g.floatData();
            for (int i = 0; i < n; i++) {
                z[i] += y[i];
            }
        } else {
            double[] z = acc.doubleStorage();
            double[] y = g.doubleData();
            for (int i = 0; i < n; i++) {
                z[i] += y[i];
            }
        }
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {g, g};
    }
}
