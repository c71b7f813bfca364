package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Elementwise;

/** Shared forward of the broadcasting arithmetic ops: dtype rule, NumPy broadcast, one kernel call. */
abstract class Binary extends Op {
    private final Elementwise.Kind kind;

    Binary(Elementwise.Kind kind) {
        this.kind = kind;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        if (a.dtype() == b.dtype() && a.sameShape(b)) {
            return sameShape(ctx, a, b);
        }
        DType dtype = Tensors.common(name(), a, b);
        int[] shape = Shapes.broadcast(name(), a.shape(), b.shape());
        ctx.save(a, b);
        Tensor x = Tensors.as(a, dtype);
        Tensor y = Tensors.as(b, dtype);
        int[] xi = Tensors.broadcastIndex(x, shape);
        int[] yi = Tensors.broadcastIndex(y, shape);
        Tensor out = Tensor.zeros(dtype, shape);
        if (dtype == DType.FLOAT32) {
            Elementwise.binary(kind, x.floatStorage(), xi, y.floatStorage(), yi, out.floatStorage());
        } else {
            Elementwise.binary(kind, x.doubleStorage(), xi, y.doubleStorage(), yi, out.doubleStorage());
        }
        return out;
    }

    /** The common case without broadcasting or conversion: one pass over dense copies (or the storage). */
    private Tensor sameShape(Context ctx, Tensor a, Tensor b) {
        ctx.save(a, b);
        if (a.dtype() == DType.FLOAT32) {
            float[] out = new float[a.numel()];
            Elementwise.binary(kind, a.floatData(), null, b.floatData(), null, out);
            return Tensor.wrapLike(a, out);
        }
        double[] out = new double[a.numel()];
        Elementwise.binary(kind, a.doubleData(), null, b.doubleData(), null, out);
        return Tensor.wrapLike(a, out);
    }
}
