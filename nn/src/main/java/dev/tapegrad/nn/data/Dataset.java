package dev.tapegrad.nn.data;

/**
 * A fixed-size, indexable collection of labelled examples whose features all have one shape.
 * {@link DataLoader} copies features straight into batch arrays through {@link #copyFeatures}.
 */
public interface Dataset {
    /** One labelled example; {@code features} in row-major order of {@link #featureShape()}. */
    record Example(float[] features, int label) {}

    int size();

    /** Shape of one example's features, e.g. {1, 28, 28}. */
    int[] featureShape();

    /** The i-th example, 0 <= i < size(). */
    Example get(int i);

    /** Copies example i's features into {@code dst} from {@code offset}; override to skip the copy in get. */
    default void copyFeatures(int i, float[] dst, int offset) {
        float[] f = get(i).features();
        System.arraycopy(f, 0, dst, offset, f.length);
    }

    /** Example i's label; override to skip building the example. */
    default int label(int i) {
        return get(i).label();
    }
}
