package dev.tapegrad.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Examples as one flat {@code float[]} of features (row-major, {@code featureShape} per example) and
 * their class labels. Shard {@code p} of {@code P} holds the examples whose index i has {@code i % P == p},
 * at local position {@code i / P}: a fixed split, so every step knows where each example lives.
 */
public record TrainingSet(float[] features, int[] labels, int[] featureShape) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public TrainingSet {
        featureShape = featureShape.clone();
        if (labels.length == 0) {
            throw new IllegalArgumentException("TrainingSet: no examples");
        }
        long row = rowSize(featureShape);
        if (row * labels.length != features.length) {
            throw new IllegalArgumentException("TrainingSet: " + features.length + " feature values do not make "
                    + labels.length + " examples of shape " + Arrays.toString(featureShape));
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Feature values per example. */
    public int rowSize() {
        return (int) rowSize(featureShape);
    }

    /** Shard {@code p} of {@code partitions} (a copy). */
    public TrainingSet shard(int p, int partitions) {
        int n = (size() - p + partitions - 1) / partitions;
        int row = rowSize();
        float[] x = new float[n * row];
        int[] y = new int[n];
        for (int j = 0; j < n; j++) {
            int i = p + j * partitions;
            System.arraycopy(features, i * row, x, j * row, row);
            y[j] = labels[i];
        }
        return new TrainingSet(x, y, featureShape);
    }

    /** The examples at {@code local} positions, stacked into a batch. */
    public Batch gather(int[] local) {
        int row = rowSize();
        float[] x = new float[local.length * row];
        int[] y = new int[local.length];
        for (int j = 0; j < local.length; j++) {
            System.arraycopy(features, local[j] * row, x, j * row, row);
            y[j] = labels[local[j]];
        }
        int[] shape = new int[featureShape.length + 1];
        shape[0] = local.length;
        System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
        return new Batch(x, y, shape);
    }

    /** A stacked batch: features of {@code shape} [n, ...featureShape] and n labels. */
    public record Batch(float[] features, int[] labels, int[] shape) {}

    private static long rowSize(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 1) {
                throw new IllegalArgumentException("TrainingSet: feature shape " + Arrays.toString(shape)
                        + " has a dimension below 1");
            }
            n *= s;
        }
        return n;
    }
}
