package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/** Taped pieces the layer-norm vjps share: x̂ and rstd as differentiable functions of x, and row sums. */
final class LayerNormMath {
    private LayerNormMath() {}

    /** The trailing {@code k} dims as negative dims {-k, ..., -1}. */
    static int[] rowDims(int k) {
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = i - k;
        }
        return dims;
    }

    /** {x̂, rstd} with rstd kept as size-1 dims: taped ops, so they carry x's graph. */
    static Tensor[] normalize(Tensor x, int[] dims, double eps) {
        Tensor centred = Ops.sub(x, Ops.mean(x, dims, true));
        Tensor var = Ops.mean(Ops.mul(centred, centred), dims, true);
        Tensor rstd = Ops.pow(Ops.add(var, eps), -0.5);
        return new Tensor[] {Ops.mul(centred, rstd), rstd};
    }

    /** t summed over its first {@code lead} dims (the rows); t itself when there are none. */
    static Tensor sumRows(Tensor t, int lead) {
        if (lead == 0) {
            return t;
        }
        int[] dims = new int[lead];
        for (int i = 0; i < lead; i++) {
            dims[i] = i;
        }
        return Ops.sum(t, dims, false);
    }
}
