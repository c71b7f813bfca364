package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;

/**
 * Softmax's input gradient as one primitive: b(g, y) = y·(g − Σ g·y) along a dim, for g and y of one shape.
 * vjp for an incoming u: to g, b(u, y) (the same map: it is self-adjoint in g); to y,
 * u·(g − Σ g·y) − g·Σ u·y. Both are written with taped ops, so softmax stays differentiable to any order.
 */
public final class SoftmaxBackward extends Op {
    private final int dim;

    public SoftmaxBackward(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        Tensor y = in[1];
        Tensors.sameDType("softmax backward", g, y);
        if (!g.sameShape(y)) {
            throw new IllegalArgumentException("softmax backward: gradient " + Shapes.str(g.shape())
                    + " and output " + Shapes.str(y.shape()) + " must have one shape");
        }
        ctx.save(g, y);
        int[] geo = SoftmaxKernel.geometry("softmax backward", y.shape(), dim);
        if (y.dtype() == DType.FLOAT32) {
            float[] out = new float[y.numel()];
            SoftmaxKernel.backward(Dense.floats(g), Dense.floats(y), out, geo[0], geo[1], geo[2]);
            return Tensor.wrap(out, y.shape());
        }
        double[] out = new double[y.numel()];
        SoftmaxKernel.backward(Dense.doubles(g), Dense.doubles(y), out, geo[0], geo[1], geo[2]);
        return Tensor.wrap(out, y.shape());
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor u) {
        Tensor g = ctx.saved()[0];
        Tensor y = ctx.saved()[1];
        Tensor toG = ctx.needsInputGrad(0) ? new SoftmaxBackward(dim).apply(u, y) : null;
        Tensor toY = null;
        if (ctx.needsInputGrad(1)) {
            Tensor gy = Ops.sum(Ops.mul(g, y), new int[] {dim}, true);
            Tensor uy = Ops.sum(Ops.mul(u, y), new int[] {dim}, true);
            toY = Ops.sub(Ops.mul(u, Ops.sub(g, gy)), Ops.mul(g, uy));
        }
        return new Tensor[] {toG, toY};
    }
}
