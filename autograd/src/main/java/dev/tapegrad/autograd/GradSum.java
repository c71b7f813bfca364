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
     * acc += g in place, for the engine's own gradient buffers: acc fills its storage from offset 0, contiguous
     * or in another order of its dims (a permuted gradient handed on); g may have any strides. Elementwise, so
     * the sums are those of {@link #forward} whatever the order of the walk.
     */
    static void addInto(Tensor acc, Tensor g) {
        if (!acc.sameShape(g) || acc.dtype() != g.dtype()) {
            throw new IllegalStateException("GradSum: gradients " + acc.dtype() + Shapes.str(acc.shape()) + " and "
                    + g.dtype() + Shapes.str(g.shape()) + " of one tensor differ");
        }
        if (!acc.isDenseView()) {
            throw new IllegalStateException("GradSum: an owned gradient " + Shapes.str(acc.shape()) + " with strides "
                    + Arrays.toString(acc.strides()) + " does not fill its storage");
        }
        int n = acc.numel();
        boolean sameLayout = g.isDenseView() && Arrays.equals(g.strides(), acc.strides());
        if (acc.dtype() == DType.FLOAT32) {
            float[] z = acc.floatStorage();
            float[] y = sameLayout ? g.floatStorage() : acc.isContiguous() ? g.floatData() : inOrderOf(acc, g, new float[n]);
            for (int i = 0; i < n; i++) {
                z[i] += y[i];
            }
        } else {
            double[] z = acc.doubleStorage();
            double[] y = sameLayout ? g.doubleStorage() : acc.isContiguous() ? g.doubleData() : inOrderOf(acc, g, new double[n]);
            for (int i = 0; i < n; i++) {
                z[i] += y[i];
            }
        }
    }

    /** g's values in the memory order of acc (acc's storage position i holds the element tmp[i] has). */
    private static float[] inOrderOf(Tensor acc, Tensor g, float[] tmp) {
        int[] order = memoryOrder(acc);
        StridedCopy.gather(g.floatStorage(), permute(g.shape(), order), permute(g.strides(), order),
                g.storageOffset(), tmp);
        return tmp;
    }

    private static double[] inOrderOf(Tensor acc, Tensor g, double[] tmp) {
        int[] order = memoryOrder(acc);
        StridedCopy.gather(g.doubleStorage(), permute(g.shape(), order), permute(g.strides(), order),
                g.storageOffset(), tmp);
        return tmp;
    }

    /** t's dims from the largest stride to the smallest (size-1 dims first): row-major over them walks its storage. */
    private static int[] memoryOrder(Tensor t) {
        int[] shape = t.shape();
        int[] strides = t.strides();
        int rank = shape.length;
        int[] order = new int[rank];
        for (int d = 0; d < rank; d++) {
            order[d] = d;
        }
        for (int i = 1; i < rank; i++) {      // insertion sort: ranks are small
            int d = order[i];
            int k = i;
            while (k > 0 && before(d, order[k - 1], shape, strides)) {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = d;
        }
        return order;
    }

    private static boolean before(int p, int q, int[] shape, int[] strides) {
        if (shape[p] == 1 || shape[q] == 1) {
            return shape[p] == 1 && shape[q] != 1;
        }
        return strides[p] > strides[q];
    }

    private static int[] permute(int[] values, int[] order) {
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {g, g};
    }
}
