package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.BatchNormKernelsDouble;
import dev.tapegrad.ops.kernels.BatchNormKernelsFloat;

/**
 * Batch normalisation with batch statistics over x [N, C, *] (inputs x, or x, weight [C], bias [C]):
 * y = (x - μ_c)·invstd_c·w_c + b_c, μ and σ² (biased) over every dim but C, invstd = 1/√(σ² + eps). The batch
 * mean and biased variance are left in {@link #mean()}/{@link #variance()} for the running statistics.
 *
 * <p>vjp (x̂ = (x - μ)·invstd, M elements per channel): dx = w·invstd·(g - Σg/M - x̂·Σ(g·x̂)/M),
 * dw = Σ g·x̂, db = Σ g. Without a graph to record (plain backward) it is the fused two-pass kernel; under
 * create-graph it is the same formula in taped ops that recompute μ and invstd from x, so gradients of
 * gradients are exact.
 */
public final class BatchNorm extends Op {
    private final double eps;
    private double[] mean;
    private double[] variance;

    public BatchNorm(double eps) {
        this.eps = eps;
    }

    /** The batch mean per channel of the last forward. */
    public double[] mean() {
        return mean.clone();
    }

    /** The biased batch variance per channel of the last forward. */
    public double[] variance() {
        return variance.clone();
    }

    @Override
    public String name() {
        return "batchNorm";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Tensor w = in.length > 1 ? in[1] : null;
        Tensor b = in.length > 2 ? in[2] : null;
        int[] s = x.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException("batchNorm: expected input [N, C, ...] of rank 2 or more, got " + Shapes.str(s));
        }
        int batch = s[0];
        int channels = s[1];
        int plane = channels == 0 || batch == 0 ? 0 : x.numel() / (batch * channels);
        for (Tensor p : new Tensor[] {w, b}) {
            if (p != null && (!p.hasShape(channels) || p.dtype() != x.dtype())) {
                throw new IllegalArgumentException("batchNorm: weight and bias must be " + x.dtype() + "[" + channels
                        + "] for input " + Shapes.str(s) + ", got " + p.dtype() + Shapes.str(p.shape()));
            }
        }
        if ((long) batch * plane <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input "
                    + Shapes.str(s));
        }
        mean = new double[channels];
        variance = new double[channels];
        double[] invstd = new double[channels];
        Tensor y;
        if (x.dtype() == DType.FLOAT32) {
            float[] xv = x.floatData();
            float[] out = new float[xv.length];
            BatchNormKernelsFloat.stats(xv, batch, channels, plane, mean, variance);
            invstd(variance, invstd);
            BatchNormKernelsFloat.normalize(xv, batch, channels, plane, mean, invstd, w == null ? null : w.floatData(),
                    b == null ? null : b.floatData(), out);
            y = Tensor.wrapLike(x, out);
        } else {
            double[] xv = x.doubleData();
            double[] out = new double[xv.length];
            BatchNormKernelsDouble.stats(xv, batch, channels, plane, mean, variance);
            invstd(variance, invstd);
            BatchNormKernelsDouble.normalize(xv, batch, channels, plane, mean, invstd, w == null ? null : w.doubleData(),
                    b == null ? null : b.doubleData(), out);
            y = Tensor.wrapLike(x, out);
        }
        ctx.save(w == null ? new Tensor[] {x} : new Tensor[] {x, w});
        ctx.saveExtra(new double[][] {mean, invstd});
        return y;
    }

    private void invstd(double[] var, double[] out) {
        for (int c = 0; c < var.length; c++) {
            out[c] = 1.0 / Math.sqrt(var[c] + eps);
        }
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor[] saved = ctx.saved();
        Tensor x = saved[0];
        Tensor w = saved.length > 1 ? saved[1] : null;
        Tensor[] grads = GradMode.isEnabled() ? taped(x, w, g) : fused(ctx, x, w, g);
        Tensor[] out = new Tensor[ctx.arity()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ctx.needsInputGrad(i) ? grads[i] : null;
        }
        return out;
    }

    /** The two-pass kernel: dx (when needed), dw = Σ g·x̂, db = Σ g. */
    private static Tensor[] fused(Context ctx, Tensor x, Tensor w, Tensor g) {
        double[][] stats = ctx.extra(double[][].class);
        int[] s = x.shape();
        int batch = s[0];
        int channels = s[1];
        int plane = x.numel() / (batch * channels);
        double[] sumG = new double[channels];
        double[] sumGX = new double[channels];
        Tensor dx = null;
        if (x.dtype() == DType.FLOAT32) {
            float[] out = ctx.needsInputGrad(0) ? new float[x.numel()] : null;
            BatchNormKernelsFloat.backward(g.floatData(), x.floatData(), batch, channels, plane, stats[0], stats[1],
                    w == null ? null : w.floatData(), out, sumG, sumGX);
            dx = out == null ? null : Tensor.wrapLike(x, out);
        } else {
            double[] out = ctx.needsInputGrad(0) ? new double[x.numel()] : null;
            BatchNormKernelsDouble.backward(g.doubleData(), x.doubleData(), batch, channels, plane, stats[0], stats[1],
                    w == null ? null : w.doubleData(), out, sumG, sumGX);
            dx = out == null ? null : Tensor.wrapLike(x, out);
        }
        return new Tensor[] {dx, perChannel(sumGX, x.dtype()), perChannel(sumG, x.dtype())};
    }

    private static Tensor perChannel(double[] v, DType dtype) {
        Tensor t = Tensor.wrap(v, v.length);
        return dtype == DType.FLOAT64 ? t : Tensors.as(t, DType.FLOAT32);
    }

    /** The same gradients in taped ops, statistics recomputed from x so that they are differentiable too. */
    private Tensor[] taped(Tensor x, Tensor w, Tensor g) {
        int rank = x.rank();
        int[] dims = new int[rank - 1];
        dims[0] = 0;
        for (int d = 2; d < rank; d++) {
            dims[d - 1] = d;
        }
        int[] perChannel = new int[rank];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = x.size(1);
        double count = (double) x.numel() / x.size(1);
        Tensor mu = Ops.mean(x, dims, true);
        Tensor xc = Ops.sub(x, mu);
        Tensor invstd = Ops.pow(Ops.add(Ops.mean(Ops.mul(xc, xc), dims, true), eps), -0.5);
        Tensor xhat = Ops.mul(xc, invstd);
        Tensor gw = w == null ? g : Ops.mul(g, Ops.reshape(w, perChannel));
        Tensor sumGw = Ops.sum(gw, dims, true);
        Tensor sumGwX = Ops.sum(Ops.mul(gw, xhat), dims, true);
        Tensor inner = Ops.sub(Ops.sub(gw, Ops.mul(sumGw, 1.0 / count)), Ops.mul(xhat, Ops.mul(sumGwX, 1.0 / count)));
        Tensor dx = Ops.mul(inner, invstd);
        Tensor dw = Ops.reshape(Ops.sum(Ops.mul(g, xhat), dims, false), x.size(1));
        Tensor db = Ops.reshape(Ops.sum(g, dims, false), x.size(1));
        return new Tensor[] {dx, dw, db};
    }
}
