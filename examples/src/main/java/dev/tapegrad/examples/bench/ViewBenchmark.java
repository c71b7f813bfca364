package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kernels fed views, next to the contiguous case (FLOAT32). {@code forward} runs the op on an input in the
 * given layout; {@code backward} runs forward on a contiguous input and backward from a gradient in that
 * layout. Layouts of a shape S: {@code contiguous}; {@code expanded}, a [1, ..., 1] tensor expanded to S
 * (all strides 0: the seed of {@code sum(y).backward()}); {@code transposed}, the last two dims swapped
 * in storage; {@code narrowed}, a slice of a last dim 8 wider; {@code narrowedChannels}, a slice of dim 1
 * 16 wider; {@code permuted}, channels-last storage
 * viewed as NCHW (for 2-D: the transpose). Ops: conv (c64to128 3×3 of ConvBenchmark), max pool 2×2 on
 * (32, 64, 32, 32), matmul 512×512 by 512×512, relu on (32, 64, 32, 32), sum over H, W of (32, 64, 32, 32),
 * add of a contiguous (32, 64, 32, 32) tensor, mul by a (64, 1, 1) per-channel scale (broadcast; for {@code
 * scale} a constant one, so that only x needs a gradient) and by the constant 0.5 ({@code constant}).
 * {@code forwardSumBackward} runs {@code sum(op(v)).backward()} with v the layout's view of a leaf that needs a
 * gradient (for mul the scale needs one too: its gradient is a channel sum over the view's layout; for the sum
 * over H, W of channels-last storage, rows of C are added together); {@code forwardSumGrad} is the same through
 * {@code Autograd.grad} (the leaf's gradient returned, not accumulated; the engine hands gradients on as in backward).
 * Target (issue 10): every view within 1.15× of contiguous.
 * Run: java --add-modules jdk.incubator.vector -cp examples/target/tapegrad-examples.jar
 * org.openjdk.jmh.Main ViewBenchmark -f 1 -wi 2 -i 3 -p op=conv
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ViewBenchmark {
    @Param({"conv", "pool", "matmul", "relu", "sum", "add", "mul", "scale", "constant"})
    public String op;

    @Param({"contiguous", "expanded", "transposed", "narrowed", "narrowedChannels", "permuted"})
    public String layout;

    private Tensor x;
    private Tensor xView;
    private Tensor w;
    private Tensor gy;
    private Tensor leaf;
    private Tensor scale;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rng = new SplittableRandom(3);
        int[] shape = switch (op) {
            case "conv" -> new int[] {32, 64, 16, 16};
            case "matmul" -> new int[] {512, 512};
            default -> new int[] {32, 64, 32, 32};
        };
        if (op.equals("conv")) {
            w = Ops.mul(Tensor.randn(rng, DType.FLOAT32, 128, 64, 3, 3), 0.05).detach();
        } else if (op.equals("matmul")) {
            w = Tensor.randn(rng, DType.FLOAT32, 512, 512);
        } else if (op.equals("add")) {
            w = Tensor.randn(rng, DType.FLOAT32, shape);
        } else if (op.equals("mul") || op.equals("scale")) {
            w = Tensor.randn(rng, DType.FLOAT32, 64, 1, 1);
        }
        x = Tensor.randn(rng, DType.FLOAT32, shape).requiresGrad(true);
        xView = view(rng, layout, shape);
        Tensor y;
        try (var off = GradMode.noGrad()) {
            y = apply(x);
        }
        gy = view(rng, layout, y.shape());
        if (op.equals("mul")) {
            scale = w.detach().requiresGrad(true);
        }
        leaf = storage(rng, layout, shape).requiresGrad(true);
    }

    /** A tensor holding the storage of the layout's view of a tensor of the given shape (see {@link #ofLeaf}). */
    static Tensor storage(SplittableRandom rng, String layout, int[] shape) {
        int r = shape.length;
        int[] s = shape.clone();
        switch (layout) {
            case "transposed" -> {
                s[r - 2] = shape[r - 1];
                s[r - 1] = shape[r - 2];
            }
            case "narrowed" -> s[r - 1] += 8;
            case "narrowedChannels" -> s[1] += 16;
            case "permuted" -> {
                if (r == 4) {
                    s = new int[] {shape[0], shape[2], shape[3], shape[1]};
                } else {
                    s[r - 2] = shape[r - 1];
                    s[r - 1] = shape[r - 2];
                }
            }
            case "expanded" -> Arrays.fill(s, 1);
            default -> { }
        }
        return Tensor.randn(rng, DType.FLOAT32, s);
    }

    /** The layout's view of a storage tensor made by {@link #storage}, recorded on the tape. */
    static Tensor ofLeaf(Tensor t, String layout, int[] shape) {
        int r = shape.length;
        return switch (layout) {
            case "transposed" -> Ops.transpose(t, r - 2, r - 1);
            case "narrowed" -> Ops.narrow(t, r - 1, 4, shape[r - 1]);
            case "narrowedChannels" -> Ops.narrow(t, 1, 8, shape[1]);
            case "permuted" -> r == 4 ? Ops.permute(t, 0, 3, 1, 2) : Ops.transpose(t, r - 2, r - 1);
            case "expanded" -> Ops.expand(t, shape);
            default -> t;
        };
    }

    /** Values of the given shape in the given layout (see the class comment). */
    static Tensor view(SplittableRandom rng, String layout, int[] shape) {
        int r = shape.length;
        switch (layout) {
            case "contiguous":
                return Tensor.randn(rng, DType.FLOAT32, shape);
            case "expanded": {
                int[] ones = new int[r];
                Arrays.fill(ones, 1);
                return Ops.expand(Tensor.randn(rng, DType.FLOAT32, ones), shape);
            }
            case "transposed": {
                int[] s = shape.clone();
                s[r - 2] = shape[r - 1];
                s[r - 1] = shape[r - 2];
                return Ops.transpose(Tensor.randn(rng, DType.FLOAT32, s), r - 2, r - 1);
            }
            case "narrowed": {
                int[] s = shape.clone();
                s[r - 1] += 8;
                Tensor big = Tensor.randn(rng, DType.FLOAT32, s);
                return big.asStrided(shape, big.strides(), 4);
            }
            case "narrowedChannels": {
                int[] s = shape.clone();
                s[1] += 16;
                Tensor big = Tensor.randn(rng, DType.FLOAT32, s);
                return big.asStrided(shape, big.strides(), 8 * big.strides()[1]);
            }
            case "permuted": {
                if (r != 4) {
                    return view(rng, "transposed", shape);
                }
                Tensor last = Tensor.randn(rng, DType.FLOAT32, shape[0], shape[2], shape[3], shape[1]);
                return Ops.permute(last, 0, 3, 1, 2);
            }
            default:
                throw new IllegalArgumentException("unknown layout " + layout);
        }
    }

    private Tensor apply(Tensor t) {
        return switch (op) {
            case "conv" -> Ops.conv2d(t, w, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
            case "pool" -> Ops.maxPool2d(t, 2);
            case "matmul" -> Ops.matmul(t, w);
            case "relu" -> Ops.relu(t);
            case "sum" -> Ops.sum(t, new int[] {2, 3}, false);
            case "add" -> Ops.add(t, w);
            case "mul", "scale" -> Ops.mul(t, w);
            case "constant" -> Ops.mul(t, 0.5);
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    @Benchmark
    public Tensor forward() {
        try (var off = GradMode.noGrad()) {
            return apply(xView);
        }
    }

    @Benchmark
    public Tensor forwardSumBackward() {
        leaf.setGrad(null);
        Tensor v = ofLeaf(leaf, layout, x.shape());
        Tensor y;
        if (op.equals("mul")) {
            scale.setGrad(null);
            y = Ops.mul(v, scale);
        } else {
            y = apply(v);
        }
        Ops.sum(y).backward();
        return leaf.grad();
    }

    @Benchmark
    public Tensor forwardSumGrad() {
        Tensor v = ofLeaf(leaf, layout, x.shape());
        Tensor y = op.equals("mul") ? Ops.mul(v, scale) : apply(v);
        return Autograd.grad(Ops.sum(y), new Tensor[] {leaf}, false)[0];
    }

    @Benchmark
    public Tensor backward() {
        x.setGrad(null);
        apply(x).backward(gy);
        return x.grad();
    }

    /** A per-channel (64, 1, 1) divisor that needs a gradient, away from 0 (for the cases below). */
    @State(Scope.Benchmark)
    public static class ChannelScale {
        Tensor scale;

        @Setup(Level.Trial)
        public void setup() {
            scale = Ops.add(Ops.abs(Tensor.randn(new SplittableRandom(5), DType.FLOAT32, 64, 1, 1)), 1.0).detach()
                    .requiresGrad(true);
        }
    }

    /**
     * Sum over C of the layout's view (a reduced dim between kept ones: read in memory order). For a rank-4 op (run
     * with {@code -p op=sum}; the other rank-4 ops give the same figure).
     */
    @Benchmark
    public Tensor sumOverChannels() {
        try (var off = GradMode.noGrad()) {
            return Ops.sum(xView, new int[] {1}, false);
        }
    }

    /**
     * {@code sum(v / scale).backward()} with v the layout's view of a leaf and a (64, 1, 1) scale, both needing
     * gradients (div's seeded gradients formed in v's memory order). For a rank-4 op ({@code -p op=sum}).
     */
    @Benchmark
    public Tensor divByChannelsSumBackward(ChannelScale c) {
        leaf.setGrad(null);
        c.scale.setGrad(null);
        Ops.sum(Ops.div(ofLeaf(leaf, layout, x.shape()), c.scale)).backward();
        return leaf.grad();
    }

    /**
     * {@code sum(scale - v).backward()}, as {@link #divByChannelsSumBackward} (sub's negated seed formed in v's
     * memory order). For a rank-4 op ({@code -p op=sum}).
     */
    @Benchmark
    public Tensor subFromChannelsSumBackward(ChannelScale c) {
        leaf.setGrad(null);
        c.scale.setGrad(null);
        Ops.sum(Ops.sub(c.scale, ofLeaf(leaf, layout, x.shape()))).backward();
        return leaf.grad();
    }

    /** A one-input pointwise op for {@link #unarySumBackward}. */
    @State(Scope.Benchmark)
    public static class Pointwise {
        @Param({"gelu", "tanh", "sigmoid", "silu", "exp", "log", "sqrt", "abs", "neg", "softplus", "clamp", "pow"})
        public String fn;

        Tensor apply(Tensor v) {
            return switch (fn) {
                case "gelu" -> Ops.gelu(v);
                case "tanh" -> Ops.tanh(v);
                case "sigmoid" -> Ops.sigmoid(v);
                case "silu" -> Ops.silu(v);
                case "exp" -> Ops.exp(v);
                case "log" -> Ops.log(v);
                case "sqrt" -> Ops.sqrt(v);
                case "abs" -> Ops.abs(v);
                case "neg" -> Ops.neg(v);
                case "softplus" -> Ops.softplus(v);
                case "clamp" -> Ops.clamp(v, -0.5, 0.5);
                case "pow" -> Ops.pow(v, 3.0);
                default -> throw new IllegalArgumentException("unknown pointwise op " + fn);
            };
        }
    }

    /**
     * {@code sum(f(v)).backward()} with v the layout's view of a leaf and f a one-input pointwise op (for
     * {@code narrowed} and {@code narrowedChannels}, the op's vjp writes the leaf's gradient straight into its place
     * in the padded gradient). For a rank-4 op ({@code -p op=sum}); log and sqrt take the normal values as they are
     * (NaN below 0).
     */
    @Benchmark
    public Tensor unarySumBackward(Pointwise f) {
        leaf.setGrad(null);
        Ops.sum(f.apply(ofLeaf(leaf, layout, x.shape()))).backward();
        return leaf.grad();
    }

    /**
     * Sum over N of the layout's view (reduced dims outside every kept one: the output filled in tiles that stay in
     * cache). For a rank-4 op ({@code -p op=sum}).
     */
    @Benchmark
    public Tensor sumOverBatch() {
        try (var off = GradMode.noGrad()) {
            return Ops.sum(xView, new int[] {0}, false);
        }
    }

    /** Sum of all elements of the layout's view (read in memory order). For a rank-4 op ({@code -p op=sum}). */
    @Benchmark
    public Tensor sumAll() {
        try (var off = GradMode.noGrad()) {
            return Ops.sum(xView);
        }
    }

    /**
     * {@code sum(avgPool2d(v, 2)).backward()} with v the layout's view of a leaf (transposed: read through its stored
     * planes; narrowed: the gradient written into its place in the padded one). For a rank-4 op ({@code -p op=pool}).
     */
    @Benchmark
    public Tensor avgPoolSumBackward() {
        leaf.setGrad(null);
        Ops.sum(Ops.avgPool2d(ofLeaf(leaf, layout, x.shape()), 2)).backward();
        return leaf.grad();
    }

    /** {@code sum(maxPool2d(v, 3, 2, 1)).backward()}, as {@link #avgPoolSumBackward}. For {@code -p op=pool}. */
    @Benchmark
    public Tensor maxPool3x3SumBackward() {
        leaf.setGrad(null);
        Ops.sum(Ops.maxPool2d(ofLeaf(leaf, layout, x.shape()), 3, 2, 1)).backward();
        return leaf.grad();
    }

    /** {@code sum(avgPool2d(v, 3, 2, 1)).backward()}, as {@link #avgPoolSumBackward}. For {@code -p op=pool}. */
    @Benchmark
    public Tensor avgPool3x3SumBackward() {
        leaf.setGrad(null);
        Ops.sum(Ops.avgPool2d(ofLeaf(leaf, layout, x.shape()), 3, 2, 1)).backward();
        return leaf.grad();
    }

    /**
     * {@code sum(adaptiveAvgPool2d(v, 1, 1)).backward()} (a view read in place), as {@link #avgPoolSumBackward}. For
     * {@code -p op=pool}.
     */
    @Benchmark
    public Tensor adaptiveAvgPoolSumBackward() {
        leaf.setGrad(null);
        Ops.sum(Ops.adaptiveAvgPool2d(ofLeaf(leaf, layout, x.shape()), 1, 1)).backward();
        return leaf.grad();
    }
}
