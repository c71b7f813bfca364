package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.GeluKernels;

/**
 * gelu's input gradient in one pass: dx = g·(Φ(x) + x·φ(x)) for g and x of one shape. Linear in g, whose
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
        if (g.dtype() == DType.FLOAT32) {
            float[] out = new float[x.numel()];
            GeluKernels.backward(Dense.floats(g), Dense.floats(x), out);
            return Tensor.wrapLike(x, out);
        }
        double[] out = new double[x.numel()];
        GeluKernels.backward(Dense.doubles(g), Dense.doubles(x), out);
        return Tensor.wrapLike(x, out);
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
