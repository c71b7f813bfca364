package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
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
 * conv2d FLOAT32 on the seven CONV_SHAPES of examples/python/kernels.py (same names), forward and
 * forward+backward with gradients of input, weight and bias, as that script times PyTorch; and
 * forward+backward seeded by {@code sum(y).backward()}, whose expanded seed must cost no more than 1.15×.
 * Run: java --add-modules jdk.incubator.vector -cp examples/target/tapegrad-examples.jar
 * org.openjdk.jmh.Main ConvBenchmark -f 1 -wi 2 -i 3
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ConvBenchmark {
    /** name, N, Cin, Cout, H, W, k, stride, pad, groups: as CONV_SHAPES in examples/python/kernels.py. */
    @Param({
        "c3to64_32x32_k3s1p1",
        "c64to128_16x16_k3s1p1",
        "lenet_conv1_c1to6_28x28_k5s1p2",
        "lenet_conv2_c6to16_14x14_k5s1p0",
        "resnet_c64to64_56x56_k3s1p1",
        "strided_c64to128_32x32_k3s2p1",
        "depthwise_c64to64_g64_32x32_k3s1p1"
    })
    public String shape;

    /** FLOAT32 by default; {@code -p dtype=FLOAT32,FLOAT64} compares the generated FLOAT64 kernels. */
    @Param({"FLOAT32"})
    public String dtype;

    private Tensor x;
    private Tensor w;
    private Tensor b;
    private Tensor gy;
    private int stride;
    private int pad;
    private int groups;

    static int[] spec(String name) {
        return switch (name) {
            case "c3to64_32x32_k3s1p1" -> new int[] {32, 3, 64, 32, 32, 3, 1, 1, 1};
            case "c64to128_16x16_k3s1p1" -> new int[] {32, 64, 128, 16, 16, 3, 1, 1, 1};
            case "lenet_conv1_c1to6_28x28_k5s1p2" -> new int[] {64, 1, 6, 28, 28, 5, 1, 2, 1};
            case "lenet_conv2_c6to16_14x14_k5s1p0" -> new int[] {64, 6, 16, 14, 14, 5, 1, 0, 1};
            case "resnet_c64to64_56x56_k3s1p1" -> new int[] {8, 64, 64, 56, 56, 3, 1, 1, 1};
            case "strided_c64to128_32x32_k3s2p1" -> new int[] {32, 64, 128, 32, 32, 3, 2, 1, 1};
            case "depthwise_c64to64_g64_32x32_k3s1p1" -> new int[] {32, 64, 64, 32, 32, 3, 1, 1, 64};
            default -> throw new IllegalArgumentException("unknown conv shape " + name);
        };
    }

    @Setup(Level.Trial)
    public void setup() {
        int[] s = spec(shape);
        SplittableRandom rng = new SplittableRandom(0);
        DType dt = DType.valueOf(dtype);
        stride = s[6];
        pad = s[7];
        groups = s[8];
        x = Tensor.randn(rng, dt, s[0], s[1], s[3], s[4]).requiresGrad(true);
        w = Ops.mul(Tensor.randn(rng, dt, s[2], s[1] / groups, s[5], s[5]), 0.1).detach().requiresGrad(true);
        b = Tensor.randn(rng, dt, s[2]).requiresGrad(true);
        int ho = (s[3] + 2 * pad - s[5]) / stride + 1;
        int wo = (s[4] + 2 * pad - s[5]) / stride + 1;
        gy = Tensor.randn(rng, dt, s[0], s[2], ho, wo);
    }

    @Benchmark
    public Tensor forward() {
        try (var off = GradMode.noGrad()) {
            return Ops.conv2d(x, w, b, stride, pad, 1, groups);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.setGrad(null);
        w.setGrad(null);
        b.setGrad(null);
        Tensor y = Ops.conv2d(x, w, b, stride, pad, 1, groups);
        y.backward(gy);
        return w.grad();
    }

    /** As {@link #forwardBackward}, seeded the common way: {@code sum(y).backward()} (an expanded seed). */
    @Benchmark
    public Tensor forwardSumBackward() {
        x.setGrad(null);
        w.setGrad(null);
        b.setGrad(null);
        Ops.sum(Ops.conv2d(x, w, b, stride, pad, 1, groups)).backward();
        return w.grad();
    }
}
