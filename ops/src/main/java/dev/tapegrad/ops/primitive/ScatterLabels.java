package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * The adjoint of {@link GatherLabels}: y[i, labels[i]] = x[i] in an [N, C] tensor of zeros, for x of
 * shape [N]. vjp: gatherLabels(g, labels).
 */
public final class ScatterLabels extends Op {
    private final int[] labels;
    private final int classes;

    public ScatterLabels(int[] labels, int classes) {
        this.labels = labels.clone();
        this.classes = classes;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (x.rank() != 1) {
            throw new IllegalArgumentException("scatterLabels: expected input [N], got " + Shapes.str(x.shape()));
        }
        int n = x.size(0);
        GatherLabels.checkLabels("scatterLabels", labels, n, classes);
        Tensor out = Tensor.zeros(x.dtype(), n, classes);
        if (x.dtype() == DType.FLOAT32) {
            float[] src = Dense.floats(x);
            float[] dst = out.floatStorage();
            for (int i = 0; i < n; i++) {
                dst[i * classes + labels[i]] = src[i];
            }
        } else {
            double[] src = Dense.doubles(x);
            double[] dst = out.doubleStorage();
            for (int i = 0; i < n; i++) {
                dst[i * classes + labels[i]] = src[i];
            }
        }
        return out;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        return new Tensor[] {Ops.gatherLabels(g, labels)};
    }
}
