package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;

/**
 * The shared stable (log-)softmax forward and softmax's backward over one dim of any rank, on row-major
 * arrays seen as [outer, size, inner] (the dim in the middle). Float arrays are computed in float with
 * exp, sums and logs in double, so FLOAT32 never goes through a double copy of the tensor.
 */
final class SoftmaxKernel {
    private SoftmaxKernel() {}

    /** outer, size, inner of x's shape around {@code dim}. */
    static int[] geometry(String op, int[] shape, int dim) {
        int d = Shapes.dim(op, dim, shape.length);
        int size = shape.length == 0 ? 1 : shape[d];
        int inner = 1;
        for (int k = d + 1; k < shape.length; k++) {
            inner *= shape[k];
        }
        int outer = size * inner == 0 ? 0 : Shapes.numel(shape) / (size * inner);
        return new int[] {outer, size, inner};
    }

    static Tensor run(String op, Tensor x, int dim, boolean log) {
        int[] g = geometry(op, x.shape(), dim);
        if (x.dtype() == DType.FLOAT32) {
            float[] out = new float[x.numel()];
            forward(Dense.floats(x), out, g[0], g[1], g[2], log);
            return Tensor.wrap(out, x.shape());
        }
        double[] out = new double[x.numel()];
        forward(Dense.doubles(x), out, g[0], g[1], g[2], log);
        return Tensor.wrap(out, x.shape());
    }

    /** out = softmax (or log-softmax) of v along the middle axis of [outer, size, inner]. */
    static void forward(float[] v, float[] out, int outer, int size, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * size * inner + i;
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < size; j++) {
                    m = Math.max(m, v[base + j * inner]);
                }
                if (m == Float.NEGATIVE_INFINITY) {
                    m = 0;
                }
                double s = 0;
                for (int j = 0; j < size; j++) {
                    s += Math.exp(v[base + j * inner] - m);
                }
                double logS = Math.log(s);
                for (int j = 0; j < size; j++) {
                    int p = base + j * inner;
                    out[p] = (float) (log ? v[p] - m - logS : Math.exp(v[p] - m) / s);
                }
            }
        }
    }

    /** Double twin of {@link #forward(float[], float[], int, int, int, boolean)}. */
    static void forward(double[] v, double[] out, int outer, int size, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * size * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < size; j++) {
                    m = Math.max(m, v[base + j * inner]);
                }
                if (m == Double.NEGATIVE_INFINITY) {
                    m = 0;
                }
                double s = 0;
                for (int j = 0; j < size; j++) {
                    s += Math.exp(v[base + j * inner] - m);
                }
                double logS = Math.log(s);
                for (int j = 0; j < size; j++) {
                    int p = base + j * inner;
                    out[p] = log ? v[p] - m - logS : Math.exp(v[p] - m) / s;
                }
            }
        }
    }

    /** out = y·(g − Σ g·y) along the middle axis of [outer, size, inner]; the sum accumulates in double. */
    static void backward(float[] g, float[] y, float[] out, int outer, int size, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * size * inner + i;
                double s = 0;
                for (int j = 0; j < size; j++) {
                    s += (double) g[base + j * inner] * y[base + j * inner];
                }
                float sf = (float) s;
                for (int j = 0; j < size; j++) {
                    int p = base + j * inner;
                    out[p] = y[p] * (g[p] - sf);
                }
            }
        }
    }

    /** Double twin of {@link #backward(float[], float[], float[], int, int, int)}. */
    static void backward(double[] g, double[] y, double[] out, int outer, int size, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * size * inner + i;
                double s = 0;
                for (int j = 0; j < size; j++) {
                    s += g[base + j * inner] * y[base + j * inner];
                }
                for (int j = 0; j < size; j++) {
                    int p = base + j * inner;
                    out[p] = y[p] * (g[p] - s);
                }
            }
        }
    }
}
