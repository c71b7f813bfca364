package dev.tapegrad.autograd.spi;

/**
 * A copy of a strided view (storage, offset, shape, non-negative strides) into a dense row-major array of the
 * same dtype, faster than the autograd module's own row loops: the ops module provides one (threaded, with
 * in-register transposes), found with {@link java.util.ServiceLoader}, so that the engine's copy of a view
 * gradient (a transposed seed passed through an add into a leaf's {@code grad()}) runs at memory speed.
 * Exported to the ops module only; not part of the public API.
 */
public interface StridedCopier {
    /** dst[i] = src[offset + Σ_d index_d(i) · strides[d]] for i in row-major order over shape. */
    void copy(float[] src, int offset, int[] shape, int[] strides, float[] dst);

    /** FLOAT64 twin of {@link #copy(float[], int, int[], int[], float[])}. */
    void copy(double[] src, int offset, int[] shape, int[] strides, double[] dst);
}
