package dev.tapegrad.nn.data;

import dev.tapegrad.autograd.Shapes;
import java.util.Arrays;

/** Examples held in memory: one flat float[] of features (example after example) and an int[] of labels. */
public final class TensorDataset implements Dataset {
    private final float[] features;
    private final int[] labels;
    private final int[] featureShape;
    private final int stride;

    /** Uses the arrays as given (no copy); {@code features.length} must be labels.length · Π featureShape. */
    public TensorDataset(float[] features, int[] labels, int... featureShape) {
        this.stride = Shapes.numel(featureShape);
        if ((long) stride * labels.length != features.length) {
            throw new IllegalArgumentException("TensorDataset: " + features.length + " feature values do not match "
                    + labels.length + " examples of shape " + Shapes.str(featureShape));
        }
        this.features = features;
        this.labels = labels;
        this.featureShape = featureShape.clone();
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] featureShape() {
        return featureShape.clone();
    }

    @Override
    public Example get(int i) {
        java.util.Objects.checkIndex(i, labels.length);
        return new Example(Arrays.copyOfRange(features, i * stride, (i + 1) * stride), labels[i]);
    }

    @Override
    public void copyFeatures(int i, float[] dst, int offset) {
        System.arraycopy(features, i * stride, dst, offset, stride);
    }

    @Override
    public int label(int i) {
        return labels[i];
    }
}
