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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The research-vocabulary ops a tiny ViT leans on, at its shapes (batch 64, 17 tokens, width 64, MLP
 * 128), FLOAT32: gelu on [1088, 128] and layerNorm over 64 on [64, 17, 64], forward and forward+backward
 * (all gradients), and the class-token cat/select pair.
 * Run: java --add-modules jdk.incubator.vector -jar examples/target/tapegrad-examples.jar bench
 * VocabOpsBenchmark -f 1 -wi 2 -i 3
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class VocabOpsBenchmark {
    private Tensor hidden;
    private Tensor gHidden;
    private Tensor tokens;
    private Tensor gTokens;
    private Tensor weight;
    private Tensor bias;
    private Tensor cls;
    private Tensor patches;
    private Tensor gCls;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rng = new SplittableRandom(1);
        hidden = Tensor.randn(rng, DType.FLOAT32, 64 * 17, 128).requiresGrad(true);
        gHidden = Tensor.randn(rng, DType.FLOAT32, 64 * 17, 128);
        tokens = Tensor.randn(rng, DType.FLOAT32, 64, 17, 64).requiresGrad(true);
        gTokens = Tensor.randn(rng, DType.FLOAT32, 64, 17, 64);
        weight = Tensor.randn(rng, DType.FLOAT32, 64).requiresGrad(true);
        bias = Tensor.randn(rng, DType.FLOAT32, 64).requiresGrad(true);
        cls = Tensor.randn(rng, DType.FLOAT32, 64, 1, 64).requiresGrad(true);
        patches = Tensor.randn(rng, DType.FLOAT32, 64, 16, 64).requiresGrad(true);
        gCls = Tensor.randn(rng, DType.FLOAT32, 64, 64);
    }

    @Benchmark
    public Tensor geluForward() {
        try (var off = GradMode.noGrad()) {
            return Ops.gelu(hidden);
        }
    }

    @Benchmark
    public Tensor geluForwardBackward() {
        hidden.setGrad(null);
        Ops.gelu(hidden).backward(gHidden);
        return hidden.grad();
    }

    @Benchmark
    public Tensor layerNormForward() {
        try (var off = GradMode.noGrad()) {
            return Ops.layerNorm(tokens, new int[] {64}, weight, bias, 1e-5);
        }
    }

    @Benchmark
    public Tensor layerNormForwardBackward() {
        tokens.setGrad(null);
        weight.setGrad(null);
        bias.setGrad(null);
        Ops.layerNorm(tokens, new int[] {64}, weight, bias, 1e-5).backward(gTokens);
        return tokens.grad();
    }

    @Benchmark
    public Tensor catSelectForwardBackward() {
        cls.setGrad(null);
        patches.setGrad(null);
        Ops.select(Ops.cat(new Tensor[] {cls, patches}, 1), 1, 0).backward(gCls);
        return patches.grad();
    }
}
