package dev.tapegrad.examples.bench;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.examples.FixedBatch;
import dev.tapegrad.examples.TinyViT;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.io.FashionMnist;
import dev.tapegrad.nn.optim.AdamW;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The vit example's pieces in FLOAT32: {@code block}, one pre-norm transformer block (LayerNorm, 4-head
 * self-attention, LayerNorm, MLP 64 → 128 → GELU → 64) forward and backward on [64, 17, 64], as
 * {@code examples/python/vit.py --bench-block}; {@code vitTrainStep}, one whole training step of the
 * TinyViT on 64 images (images per second = 64 / score).
 * Run: java --add-modules jdk.incubator.vector -cp examples/target/tapegrad-examples.jar
 * org.openjdk.jmh.Main AttentionBenchmark -f 1 -wi 3 -i 5
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AttentionBenchmark {
    static final int BATCH = 64;
    static final int TOKENS = 17;

    private TinyViT.Block block;
    private Tensor tokens;
    private Tensor gradOut;
    private TinyViT model;
    private AdamW optimizer;
    private FixedBatch batch;

    @Setup
    public void setup() {
        Init.manualSeed(0);
        block = new TinyViT.Block(64, 4, 128);
        tokens = Tensor.randn(1, DType.FLOAT32, BATCH, TOKENS, 64).requiresGrad(true);
        gradOut = Tensor.randn(2, DType.FLOAT32, BATCH, TOKENS, 64);
        model = new TinyViT(FashionMnist.CLASSES);
        optimizer = new AdamW(model.namedParameters(), 1e-3);
        batch = FixedBatch.random(BATCH);
    }

    @Benchmark
    public Tensor block() {
        block.zeroGrad();
        tokens.setGrad(null);
        block.forward(tokens).backward(gradOut);
        return tokens.grad();
    }

    @Benchmark
    public Tensor vitTrainStep() {
        return batch.trainStep(model, optimizer);
    }
}
