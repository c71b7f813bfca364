package dev.tapegrad.ops.kernels;

import dev.tapegrad.autograd.spi.StridedCopier;

/**
 * The kernels' strided copy ({@link StridedCopyFloat}, {@link StridedCopyDouble}: threaded, in-register
 * transposes) offered to the autograd module, whose {@code Tensor} copies (a leaf's gradient that arrives as
 * a view, {@code contiguous()}, {@code toFloatArray()}) then run at memory speed. Registered as a service in
 * module-info and in META-INF/services.
 */
public final class ViewCopier implements StridedCopier {
    @Override
    public void copy(float[] src, int offset, int[] shape, int[] strides, float[] dst) {
        StridedCopyFloat.copy(src, offset, shape, strides, dst);
    }

    @Override
    public void copy(double[] src, int offset, int[] shape, int[] strides, double[] dst) {
        StridedCopyDouble.copy(src, offset, shape, strides, dst);
    }
}
