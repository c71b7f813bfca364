package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;

/** The shared stable (log-)softmax forward, in double, over one dim of any rank. */
final class SoftmaxKernel {
    private SoftmaxKernel() {}

    static Tensor run(String op, Tensor x, int dim, boolean log) {
        int[] shape = x.shape();
        int d = Shapes.dim(op, dim, shape.length);
        int size = shape.length == 0 ? 1 : shape[d];
        int inner = 1;
        for (int k = d + 1; k < shape.length; k++) {
            inner *= shape[k];
        }
        int outer = size * inner == 0 ? 0 : x.numel() / (size * inner);
        double[] v = x.toDoubleArray();
        double[] out = new double[v.length];
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
        Tensor t = Tensor.wrap(out, shape);
        return x.dtype() == DType.FLOAT64 ? t : Tensors.as(t, DType.FLOAT32);
    }
}
