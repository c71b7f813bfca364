package dev.tapegrad.examples;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.Optimizer;
import java.util.SplittableRandom;

/**
 * One fixed FLOAT32 batch of 1×28×28 images with pixels k/255 and labels 0-9, drawn from a seeded generator
 * (the same in every run), and the training step the benchmarks and the {@code resnet} example time on it.
 * The PyTorch twins in examples/python/ time the same step on a batch of their own.
 */
public record FixedBatch(Tensor images, int[] labels) {

    /** {@code size} images and labels from {@code new SplittableRandom(1)}. */
    public static FixedBatch random(int size) {
        SplittableRandom rng = new SplittableRandom(1);
        float[] pixels = new float[size * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rng.nextInt(256) / 255f;
        }
        return new FixedBatch(Tensor.of(pixels, size, 1, 28, 28), rng.ints(size, 0, 10).toArray());
    }

    /** Zero grads, forward, cross-entropy, backward, optimizer step; returns the loss. */
    public Tensor trainStep(Module model, Optimizer optimizer) {
        optimizer.zeroGrad();
        Tensor loss = Losses.crossEntropy(model.forward(images), labels);
        loss.backward();
        optimizer.step();
        return loss;
    }
}
