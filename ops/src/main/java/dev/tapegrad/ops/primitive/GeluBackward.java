package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.GeluKernels;
import dev.tapegrad.ops.kernels.ViewRows;

/**
 * gelu's input gradient in one pass: dx = g·(Φ(x) + x·φ(x)) for g and x of one shape, views whose rows are
 * read in place (a narrowed x, the repeated seed of {@code sum(y).backward()}) read row by row without a copy, and
 * during backward written into the place the engine offers ({@link Context#claimOutput}: the gradient of a
 * narrowed or selected input in its zero-padded gradient), the same bits as the dense loop. Linear in g, whose
 * vjp is this op applied to the incoming gradient; the vjp for x is gg·g·φ(x)·(2 - x²), written with taped
 * ops (φ(x) = e^(-x²/2)/√(2π)), so every order exists.
 */
final class GeluBackward extends Op {
    static final GeluBackward INSTANCE = new GeluBackward();
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    private GeluBackward() {}

    @Override
    public String name() {
        return "geluBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        Tensor x = in[1];
        Tensors.sameDType(name(), g, x);
        if (!g.sameShape(x)) {
            throw new IllegalArgumentException("geluBackward: gradient " + dev.tapegrad.autograd.Shapes.str(g.shape())
                    + " and input " + dev.tapegrad.autograd.Shapes.str(x.shape()) + " differ in shape");
        }
        ctx.save(g, x);
        if (Tensors.rowsInPlace(g) && Tensors.rowsInPlace(x)) {
            // the place of dx in the padded gradient of a narrowed input, when the engine offers it
            Tensor into = ctx.offersOutput() ? ctx.claimOutput(g) : null;
            if (into != null) {
                return rows(g, x, into);
            }
            if (!Dense.isDense(g) || !Dense.isDense(x)) {
                return rows(g, x, Tensor.zeros(x.dtype(), x.shape()));
            }
        }
        if (g.dtype() == DType.FLOAT32) {
            float[] out = new float[x.numel()];
            GeluKernels.backward(Dense.floats(g), Dense.floats(x), out);
            return Tensor.wrapLike(x, out);
        }
        double[] out = new double[x.numel()];
        GeluKernels.backward(Dense.doubles(g), Dense.doubles(x), out);
        return Tensor.wrapLike(x, out);
    }

    /**
     * dx written through the strides of {@code into} row by row, g (stride-1 or repeated rows) and x (stride-1
     * rows) read in place: a view input or seed is not copied first, and dx can be a view into a larger array.
     */
    private static Tensor rows(Tensor g, Tensor x, Tensor into) {
        ViewRows.Body body;
        if (g.dtype() == DType.FLOAT32) {
            float[] gv = g.floatStorage();
            float[] xv = x.floatStorage();
            float[] dv = into.floatStorage();
            body = (pg, rg, sg, px, rx, sx, pd, rd, sd, count, n) ->
                    GeluKernels.backwardRows(gv, pg, rg, sg, xv, px, rx, sx, dv, pd, rd, sd, count, n);
        } else {
            double[] gv = g.doubleStorage();
            double[] xv = x.doubleStorage();
            double[] dv = into.doubleStorage();
            body = (pg, rg, sg, px, rx, sx, pd, rd, sd, count, n) ->
                    GeluKernels.backwardRows(gv, pg, rg, sg, xv, px, rx, sx, dv, pd, rd, sd, count, n);
        }
        ViewRows.forEach(x.shape(), g.storageOffset(), g.strides(), x.storageOffset(), x.strides(),
                into.storageOffset(), into.strides(), body);
        return into;
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gg) {
        Tensor g = ctx.saved()[0];
        Tensor x = ctx.saved()[1];
        Tensor[] grads = new Tensor[2];
        if (ctx.needsInputGrad(0)) {
            grads[0] = apply(gg, x);
        }
        if (ctx.needsInputGrad(1)) {
            Tensor x2 = Ops.mul(x, x);
            Tensor pdf = Ops.mul(Ops.exp(Ops.mul(x2, -0.5)), INV_SQRT_2PI);
            Tensor curvature = Ops.mul(pdf, Ops.sub(Tensor.scalar(2.0), x2));
            grads[1] = Ops.mul(Ops.mul(gg, g), curvature);
        }
        return grads;
    }
}
