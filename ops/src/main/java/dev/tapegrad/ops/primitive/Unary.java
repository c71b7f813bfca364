package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Elementwise;
import java.util.function.DoubleUnaryOperator;

/**
 * Shared forward of the pointwise one-input ops: y[i] = f(x[i]) evaluated in double (FLOAT32 rounded once).
 * Saves the input or the output, whichever the derivative is cheaper from.
 */
abstract class Unary extends Op {
    enum Saves { INPUT, OUTPUT, NOTHING }

    private final Saves saves;

    Unary(Saves saves) {
        this.saves = saves;
    }

    /** f applied to one value (named f, not apply, which is {@link Op#apply}). */
    abstract double f(double x);

    /** Pointwise loop; overridden by ops that have a tighter loop than the generic one. */
    void compute(float[] x, float[] out) {
        Elementwise.map(this::f, x, out);
    }

    void compute(double[] x, double[] out) {
        DoubleUnaryOperator f = this::f;
        Elementwise.map(f, x, out);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Tensor out = Tensor.zerosLike(x);
        if (x.dtype() == DType.FLOAT32) {
            compute(x.floatData(), out.floatStorage());
        } else {
            compute(x.doubleData(), out.doubleStorage());
        }
        switch (saves) {
            case INPUT -> ctx.save(x);
            case OUTPUT -> ctx.save(out);
            case NOTHING -> { }
        }
        return out;
    }
}
