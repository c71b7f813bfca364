package dev.tapegrad.ops;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.primitive.AdaptiveAvgPool2d;
import dev.tapegrad.ops.primitive.Add;
import dev.tapegrad.ops.primitive.BatchNorm;
import dev.tapegrad.ops.primitive.Cast;
import dev.tapegrad.ops.primitive.Div;
import dev.tapegrad.ops.primitive.Exp;
import dev.tapegrad.ops.primitive.Expand;
import dev.tapegrad.ops.primitive.GatherLabels;
import dev.tapegrad.ops.primitive.Log;
import dev.tapegrad.ops.primitive.LogSoftmax;
import dev.tapegrad.ops.primitive.MatMul;
import dev.tapegrad.ops.primitive.MaxDim;
import dev.tapegrad.ops.primitive.Mul;
import dev.tapegrad.ops.primitive.Neg;
import dev.tapegrad.ops.primitive.Permute;
import dev.tapegrad.ops.primitive.Pow;
import dev.tapegrad.ops.primitive.Relu;
import dev.tapegrad.ops.primitive.Reshape;
import dev.tapegrad.ops.primitive.Sigmoid;
import dev.tapegrad.ops.primitive.Softmax;
import dev.tapegrad.ops.primitive.Softplus;
import dev.tapegrad.ops.primitive.Sqrt;
import dev.tapegrad.ops.primitive.Sub;
import dev.tapegrad.ops.primitive.Sum;
import dev.tapegrad.ops.primitive.Tanh;
import java.util.Arrays;

/**
 * Every differentiable operation, as static functions: the index of what exists. Each is a primitive
 * {@link dev.tapegrad.autograd.Op} (package {@code dev.tapegrad.ops.primitive}, forward and vjp side by side)
 * or a short composite of primitives. All work on FLOAT32 and FLOAT64, differentiate to any order and
 * follow PyTorch's semantics (NumPy broadcasting; a 0-d tensor takes the other input's dtype; otherwise
 * mixed dtypes are an error).
 */
public final class Ops {
    private Ops() {}

    // ------------------------------------------------------------------ arithmetic (broadcasting)

    public static Tensor add(Tensor a, Tensor b) {
        return Add.INSTANCE.apply(a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return Sub.INSTANCE.apply(a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return Mul.INSTANCE.apply(a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return Div.INSTANCE.apply(a, b);
    }

    /** a + s for a constant s, keeping a's dtype. */
    public static Tensor add(Tensor a, double s) {
        return add(a, Tensor.scalar(s));
    }

    /** a · s for a constant s, keeping a's dtype. */
    public static Tensor mul(Tensor a, double s) {
        return mul(a, Tensor.scalar(s));
    }

    // ------------------------------------------------------------------ pointwise

    public static Tensor neg(Tensor x) {
        return Neg.INSTANCE.apply(x);
    }

    public static Tensor exp(Tensor x) {
        return Exp.INSTANCE.apply(x);
    }

    public static Tensor log(Tensor x) {
        return Log.INSTANCE.apply(x);
    }

    public static Tensor sqrt(Tensor x) {
        return Sqrt.INSTANCE.apply(x);
    }

    public static Tensor tanh(Tensor x) {
        return Tanh.INSTANCE.apply(x);
    }

    public static Tensor sigmoid(Tensor x) {
        return Sigmoid.INSTANCE.apply(x);
    }

    public static Tensor relu(Tensor x) {
        return Relu.INSTANCE.apply(x);
    }

    /** x^p for a constant exponent. */
    public static Tensor pow(Tensor x, double exponent) {
        return new Pow(exponent).apply(x);
    }

    /** Converts to {@code dtype}; returns x itself when it already has it. */
    public static Tensor cast(Tensor x, DType dtype) {
        return x.dtype() == dtype ? x : new Cast(dtype).apply(x);
    }

    // ------------------------------------------------------------------ linear algebra

    /** Matrix product of the last two dims, batched with broadcasting over leading dims (2-D at least). */
    public static Tensor matmul(Tensor a, Tensor b) {
        return MatMul.INSTANCE.apply(a, b);
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements, shape (). */
    public static Tensor sum(Tensor x) {
        return new Sum(new int[0], false).apply(x);
    }

    /** Sum over {@code dims} (negative dims count from the end); keepDim keeps them with size 1. */
    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        if (dims.length == 0) {
            return keepDim ? reshape(sum(x), ones(x.rank())) : sum(x);
        }
        return new Sum(dims, keepDim).apply(x);
    }

    /** Mean of all elements, shape (). */
    public static Tensor mean(Tensor x) {
        return mul(sum(x), 1.0 / x.numel());
    }

    /** Mean over {@code dims}. */
    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        int count = 1;
        int[] shape = x.shape();
        for (int d : dims) {
            count *= shape.length == 0 ? 1 : shape[Shapes.dim("mean", d, shape.length)];
        }
        return mul(sum(x, dims, keepDim), 1.0 / (dims.length == 0 ? x.numel() : count));
    }

    /**
     * Maximum along {@code dim}; the gradient goes to the first maximal element (the first NaN: NaN wins), scattered
     * there from the indices the forward pass saved.
     */
    public static Tensor max(Tensor x, int dim, boolean keepDim) {
        return new MaxDim(dim, keepDim).apply(x);
    }

    /**
     * Maximum of all elements (torch.max(x)), a scalar; NaN wins. The gradient is split evenly among the elements
     * equal to it, as in PyTorch.
     */
    public static Tensor max(Tensor x) {
        return new dev.tapegrad.ops.primitive.MaxAll(true).apply(x);
    }

    /**
     * Minimum of all elements (torch.min(x)), a scalar; NaN wins. The gradient is split evenly among the elements
     * equal to it, as in PyTorch.
     */
    public static Tensor min(Tensor x) {
        return new dev.tapegrad.ops.primitive.MaxAll(false).apply(x);
    }

    /**
     * Batch normalisation over dim 1 of x [N, C, *], as PyTorch's {@code F.batch_norm}. Training: the batch's
     * mean and biased variance through the fused {@link BatchNorm} primitive, and, when given, runningMean and
     * runningVar updated in place as (1 - momentum)·running + momentum·batch (the variance unbiased by M/(M-1)
     * over M = numel/C values per channel). Evaluation: the running statistics, y = x·scale + shift per channel.
     * weight and bias [C] may be null (1 and 0).
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("batchNorm: expected input [N, C, ...] of rank 2 or more, got "
                    + Shapes.str(x.shape()));
        }
        int channels = x.size(1);
        int[] perChannel = new int[x.rank()];
        Arrays.fill(perChannel, 1);
        perChannel[1] = channels;
        if (!training) {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("batchNorm: evaluation mode needs runningMean and runningVar");
            }
            Tensor scale = pow(add(runningVar, eps), -0.5);
            if (weight != null) {
                scale = mul(weight, scale);
            }
            Tensor shift = neg(mul(runningMean, scale));
            if (bias != null) {
                shift = add(shift, bias);
            }
            return add(mul(x, reshape(scale, perChannel)), reshape(shift, perChannel));
        }
        BatchNorm op = new BatchNorm(eps);
        Tensor y;
        if (weight == null && bias == null) {
            y = op.apply(x);
        } else {
            Tensor w = weight != null ? weight : Tensor.ones(x.dtype(), channels);
            Tensor b = bias != null ? bias : Tensor.zeros(x.dtype(), channels);
            y = op.apply(x, w, b);
        }
        if (runningMean != null || runningVar != null) {
            updateRunning(op, x.numel() / Math.max(channels, 1), runningMean, runningVar, momentum);
        }
        return y;
    }

    private static void updateRunning(BatchNorm op, int count, Tensor runningMean, Tensor runningVar, double momentum) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            if (runningMean != null) {
                double[] m = op.mean();
                double[] rm = runningMean.toDoubleArray();
                for (int c = 0; c < rm.length; c++) {
                    rm[c] = (1 - momentum) * rm[c] + momentum * m[c];
                }
                runningMean.copyFrom(Tensor.wrap(rm, rm.length));
            }
            if (runningVar != null) {
                double[] v = op.variance();
                double[] rv = runningVar.toDoubleArray();
                double unbias = (double) count / (count - 1);
                for (int c = 0; c < rv.length; c++) {
                    rv[c] = (1 - momentum) * rv[c] + momentum * v[c] * unbias;
                }
                runningVar.copyFrom(Tensor.wrap(rv, rv.length));
            }
        }
    }

    /**
     * Sums {@code g} down to {@code like}'s shape (undoing broadcasting) and casts it to {@code like}'s
     * dtype: the reduction every broadcasting vjp needs.
     */
    public static Tensor sumTo(Tensor g, Tensor like) {
        if (g.dtype() == like.dtype() && g.sameShape(like)) {
            return g;
        }
        return cast(sumTo(g, like.shape()), like.dtype());
    }

    /** Sums {@code g} down to {@code shape}, which must broadcast to g's shape. */
    public static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumTo: cannot reduce " + Shapes.str(gs) + " to larger rank "
                    + Shapes.str(shape));
        }
        int[] dims = new int[gs.length];
        int count = 0;
        for (int d = 0; d < gs.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) {
                dims[count++] = d;
            } else if (shape[d - lead] != gs[d]) {
                throw new IllegalArgumentException("sumTo: " + Shapes.str(shape) + " does not broadcast to "
                        + Shapes.str(gs));
            }
        }
        Tensor s = count == 0 ? g : sum(g, Arrays.copyOf(dims, count), true);
        return reshape(s, shape);
    }

    // ------------------------------------------------------------------ shape (views where possible)

    /** Same elements under a new shape (one -1 inferred): a view of contiguous input, else a copy. */
    public static Tensor reshape(Tensor x, int... shape) {
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        return new Reshape(shape).apply(x);
    }

    /** Swaps two dims (a view). */
    public static Tensor transpose(Tensor x, int d0, int d1) {
        int rank = x.rank();
        int a = Shapes.dim("transpose", d0, rank);
        int b = Shapes.dim("transpose", d1, rank);
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    /** Reorders dims (a view): output dim i is input dim perm[i]. */
    public static Tensor permute(Tensor x, int... perm) {
        return new Permute(perm).apply(x);
    }

    /** Broadcasts to a larger shape (a view with stride 0); -1 keeps a size. */
    public static Tensor expand(Tensor x, int... shape) {
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        return new Expand(shape).apply(x);
    }

    /** Merges all dims from {@code startDim} on into one, like torch.flatten(x, startDim). */
    public static Tensor flatten(Tensor x, int startDim) {
        int[] s = x.shape();
        int d = Shapes.dim("flatten", startDim, s.length);
        int[] out = Arrays.copyOf(s, d + 1);
        out[d] = -1;
        return reshape(x, out);
    }

    // ---- ops for nn

    /** log(1 + e^x), stable for any x; its derivative is sigmoid(x). */
    public static Tensor softplus(Tensor x) {
        return Softplus.INSTANCE.apply(x);
    }

    /**
     * y[i] = x[i, labels[i]] for x [N, C]: the entries a negative log-likelihood picks. A label outside
     * [0, C) is an error naming its index and value.
     */
    public static Tensor gatherLabels(Tensor x, int[] labels) {
        return GatherLabels.gather(x, labels);
    }

    /** The adjoint of {@link #gatherLabels}: x [N] placed at (i, labels[i]) of an [N, classes] zero tensor. */
    public static Tensor scatterLabels(Tensor x, int[] labels, int classes) {
        return GatherLabels.scatter(x, labels, classes);
    }

    /**
     * Average pooling of x [N, C, H, W] (or [C, H, W]) to an outH x outW grid with PyTorch's adaptive
     * windows [floor(i·H/outH), ceil((i+1)·H/outH)).
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        return new AdaptiveAvgPool2d(outH, outW).apply(x);
    }

    // ------------------------------------------------------------------ softmax family

    /** exp(x) normalised along {@code dim}, computed stably. */
    public static Tensor softmax(Tensor x, int dim) {
        return new Softmax(dim).apply(x);
    }

    /** log(softmax(x)) along {@code dim}, fused and stable. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return new LogSoftmax(dim).apply(x);
    }

    private static int[] ones(int rank) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        return s;
    }

    // ---- convolution and pooling
    //
    // Each op comes in three or four forms: every argument as {height, width} pairs (PyTorch's functional
    // signature); every argument, square; the common short forms with PyTorch's defaults for the rest
    // (conv: none, bias, or bias + stride + padding; pooling: kernel, or kernel + stride + padding).

    /**
     * 2-D cross-correlation as torch.nn.functional.conv2d: x [N, C, H, W], w [O, C/groups, kH, kW],
     * bias [O] or null; int[] arguments are {height, width}.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return new dev.tapegrad.ops.primitive.Conv2d(stride, padding, dilation, groups).apply(x, w, bias);
    }

    /** conv2d with the same stride, padding and dilation in both directions. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int dilation, int groups) {
        return conv2d(x, w, bias, pairOf(stride), pairOf(padding), pairOf(dilation), groups);
    }

    /** conv2d with dilation 1 and one group. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
        return conv2d(x, w, bias, stride, padding, 1, 1);
    }

    /** conv2d with stride 1, no padding, dilation 1, one group. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias) {
        return conv2d(x, w, bias, 1, 0, 1, 1);
    }

    /** conv2d without bias, stride 1, no padding, dilation 1, one group: F.conv2d(x, w). */
    public static Tensor conv2d(Tensor x, Tensor w) {
        return conv2d(x, w, null);
    }

    /**
     * 2-D transposed convolution as torch.nn.functional.conv_transpose2d: x [N, Cin, H, W],
     * w [Cin, Cout/groups, kH, kW], bias [Cout] or null; output size (H-1)s - 2p + d(k-1) + outputPadding + 1.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int[] dilation, int groups) {
        return new dev.tapegrad.ops.primitive.ConvTranspose2d(stride, padding, outputPadding, dilation, groups)
                .apply(x, w, bias);
    }

    /** convTranspose2d with the same value in both directions. */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int outputPadding,
                                         int dilation, int groups) {
        return convTranspose2d(x, w, bias, pairOf(stride), pairOf(padding), pairOf(outputPadding), pairOf(dilation),
                groups);
    }

    /** convTranspose2d with no output padding, dilation 1 and one group. */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
        return convTranspose2d(x, w, bias, stride, padding, 0, 1, 1);
    }

    /** convTranspose2d with stride 1 and defaults otherwise. */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias) {
        return convTranspose2d(x, w, bias, 1, 0);
    }

    /**
     * 2-D max pooling as torch.nn.functional.max_pool2d; stride null means the kernel size. A tie sends
     * the gradient to the first maximal element in row-major window order; NaN propagates.
     */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                   boolean ceilMode) {
        return new dev.tapegrad.ops.primitive.MaxPool2d(kernel, stride == null ? kernel : stride, padding, dilation,
                ceilMode).apply(x);
    }

    /** maxPool2d with square windows. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        return maxPool2d(x, pairOf(kernel), pairOf(stride), pairOf(padding), pairOf(dilation), ceilMode);
    }

    /** maxPool2d with dilation 1, floor mode. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return maxPool2d(x, kernel, stride, padding, 1, false);
    }

    /** maxPool2d with stride = kernel (non-overlapping windows). */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, kernel, kernel, 0);
    }

    /**
     * 2-D average pooling as torch.nn.functional.avg_pool2d; stride null means the kernel size. The divisor
     * is the window clipped to the padded input (countIncludePad) or to the input.
     */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                                   boolean countIncludePad) {
        return new dev.tapegrad.ops.primitive.AvgPool2d(kernel, stride == null ? kernel : stride, padding, ceilMode,
                countIncludePad).apply(x);
    }

    /** avgPool2d with square windows. */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding, boolean ceilMode,
                                   boolean countIncludePad) {
        return avgPool2d(x, pairOf(kernel), pairOf(stride), pairOf(padding), ceilMode, countIncludePad);
    }

    /** avgPool2d in floor mode, padding counted in the divisor (PyTorch's defaults). */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return avgPool2d(x, kernel, stride, padding, false, true);
    }

    /** avgPool2d with stride = kernel (non-overlapping windows). */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return avgPool2d(x, kernel, kernel, 0);
    }

    private static int[] pairOf(int v) {
        return new int[] {v, v};
    }

    // ------------------------------------------------------------------ research vocabulary (issue 8)

    /** The exact GELU, x·Φ(x) with Φ the standard normal distribution function (erf form, not tanh). */
    public static Tensor gelu(Tensor x) {
        return dev.tapegrad.ops.primitive.Gelu.INSTANCE.apply(x);
    }

    /** x·sigmoid(x) (swish). */
    public static Tensor silu(Tensor x) {
        return dev.tapegrad.ops.primitive.Silu.INSTANCE.apply(x);
    }

    /**
     * Joins tensors along an existing dim (torch.cat): all dims but {@code dim} must match, and so must the
     * dtypes. A mismatch names the dim and both shapes.
     */
    public static Tensor cat(Tensor[] xs, int dim) {
        return new dev.tapegrad.ops.primitive.Cat(dim, false).apply(xs);
    }

    /** Joins equal-shaped tensors along a new dim {@code dim} in [-(rank+1), rank] (torch.stack). */
    public static Tensor stack(Tensor[] xs, int dim) {
        return new dev.tapegrad.ops.primitive.Cat(dim, true).apply(xs);
    }

    /** x[..., start : start + length, ...] along {@code dim}: a view sharing x's storage (torch.narrow). */
    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        return new dev.tapegrad.ops.primitive.Narrow(dim, start, length).apply(x);
    }

    /** x[..., index, ...] along {@code dim}, which is removed: a view (torch.select; negative index from the end). */
    public static Tensor select(Tensor x, int dim, int index) {
        return new dev.tapegrad.ops.primitive.Select(dim, index).apply(x);
    }

    /**
     * Entries of x at the given positions along {@code dim} (torch.index_select; also an embedding lookup
     * with dim 0). Indices are a plain int[] in [0, size); they may repeat, and their gradients then add up.
     */
    public static Tensor indexSelect(Tensor x, int dim, int[] index) {
        return new dev.tapegrad.ops.primitive.IndexSelect(dim, index).apply(x);
    }

    /**
     * Constant padding as torch.nn.functional.pad: pads = {last dim before, last dim after, second to last
     * before, ...}; a negative pad crops.
     */
    public static Tensor pad(Tensor x, int[] pads, double value) {
        return new dev.tapegrad.ops.primitive.Pad(pads, value).apply(x);
    }

    /**
     * 1-D cross-correlation as torch.nn.functional.conv1d: x [N, C, L], w [O, C/groups, k], bias [O] or null.
     * Runs conv2d's kernels on the views x [N, C, 1, L] and w [O, C/groups, 1, k].
     */
    public static Tensor conv1d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int dilation, int groups) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("conv1d: expected input [N, C, L], got " + Shapes.str(x.shape()));
        }
        if (w.rank() != 3) {
            throw new IllegalArgumentException("conv1d: expected weight [O, C/groups, k], got " + Shapes.str(w.shape())
                    + " (input " + Shapes.str(x.shape()) + ")");
        }
        int[] xs = x.shape();
        int[] ws = w.shape();
        Tensor x4 = reshape(x, xs[0], xs[1], 1, xs[2]);
        Tensor w4 = reshape(w, ws[0], ws[1], 1, ws[2]);
        Tensor y = conv2d(x4, w4, bias, new int[] {1, stride}, new int[] {0, padding}, new int[] {1, dilation}, groups);
        int[] ys = y.shape();
        return reshape(y, ys[0], ys[1], ys[3]);
    }

    /**
     * Layer normalization over the trailing dims {@code normalizedShape} (torch.nn.functional.layer_norm):
     * (x - mean)/√(var + eps)·weight + bias with the biased variance; weight and bias may be null. Fused:
     * one primitive forward and one-pass backward kernels.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return new dev.tapegrad.ops.primitive.LayerNorm(normalizedShape, eps).apply(x, weight, bias);
    }

    /** |x|; the gradient is sign(x), 0 at 0 (PyTorch's choice). */
    public static Tensor abs(Tensor x) {
        return dev.tapegrad.ops.primitive.Abs.INSTANCE.apply(x);
    }

    /**
     * x limited to [min, max] (torch.clamp; pass ±infinity for a one-sided bound; min > max gives max
     * everywhere). The gradient passes where min <= x <= max, bounds included.
     */
    public static Tensor clamp(Tensor x, double min, double max) {
        return new dev.tapegrad.ops.primitive.Clamp(min, max).apply(x);
    }

    /**
     * Elementwise maximum with broadcasting; a tie splits the gradient evenly (and returns a); NaN wins, and where a
     * NaN is involved both inputs take the whole gradient, by PyTorch's formula.
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        return new dev.tapegrad.ops.primitive.Extremum(true).apply(a, b);
    }

    /**
     * Elementwise minimum with broadcasting; a tie splits the gradient evenly (and returns a); NaN wins, and where a
     * NaN is involved both inputs take the whole gradient, by PyTorch's formula.
     */
    public static Tensor minimum(Tensor a, Tensor b) {
        return new dev.tapegrad.ops.primitive.Extremum(false).apply(a, b);
    }

    /**
     * a where condition is nonzero, else b; the three broadcast together. The condition may have any
     * dtype and gets no gradient.
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return dev.tapegrad.ops.primitive.Where.INSTANCE.apply(condition, a, b);
    }

    /** 1 where a > b, else 0 (broadcasting), in the inputs' dtype; no gradient (a constant). */
    public static Tensor gt(Tensor a, Tensor b) {
        return dev.tapegrad.ops.primitive.Comparison.gt(a, b);
    }

    /** 1 where a < b, else 0 (broadcasting), in the inputs' dtype; no gradient (a constant). */
    public static Tensor lt(Tensor a, Tensor b) {
        return dev.tapegrad.ops.primitive.Comparison.lt(a, b);
    }

    /** Minimum along {@code dim}: the gradient goes to the first minimal element; NaN wins. */
    public static Tensor min(Tensor x, int dim, boolean keepDim) {
        return new MaxDim(dim, keepDim, false).apply(x);
    }

    /**
     * Variance over {@code dims} (all dims when empty): Σ(x - mean)²/(N - 1) when unbiased, /N otherwise,
     * N the number of elements reduced (torch.var; N - 1 = 0 gives NaN or infinity as in PyTorch).
     */
    public static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        int[] shape = x.shape();
        long count = 1;
        if (dims.length == 0) {
            count = x.numel();
        } else {
            for (int d : dims) {
                count *= shape.length == 0 ? 1 : shape[Shapes.dim("var", d, shape.length)];
            }
        }
        Tensor centred = sub(x, mean(x, dims, true));
        Tensor squares = sum(mul(centred, centred), dims, keepDim);
        return mul(squares, 1.0 / (count - (unbiased ? 1 : 0)));
    }

    // ------------------------------------------------------------------ threads

    /**
     * Sets how many threads the kernels split work over, the caller included (n ≥ 1; the default is the
     * number of processors). Results do not depend on it. Call it between ops, not from inside one.
     */
    public static void setThreads(int n) {
        dev.tapegrad.ops.kernels.Parallel.setThreads(n);
    }

    /** The number of threads the kernels split work over. */
    public static int threads() {
        return dev.tapegrad.ops.kernels.Parallel.threads();
    }
}
