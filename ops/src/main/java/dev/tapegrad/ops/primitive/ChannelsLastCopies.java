package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;
import java.util.function.BiConsumer;

/**
 * A pooling pass over NCHW tensors run by a channels-last kernel: the input (any strides) copied into
 * channels-last order, the kernel run from that array into a zeroed channels-last array, and the result copied
 * back into the NCHW output. The copies are transposes at memory speed ({@link StridedCopyFloat}); the pooling
 * kernels visit each window one element at a time in NCHW but a vector of channels at a time channels-last.
 */
final class ChannelsLastCopies {
    private ChannelsLastCopies() {}

    /**
     * out (contiguous NCHW, zeroed) = kernel(in read channels-last), the kernel given a float[] or double[] of in's
     * values in [N, H, W, C] order and a zeroed array of out's size to fill in that order.
     */
    static void pool(Tensor in, Tensor out, BiConsumer<Object, Object> kernel) {
        int[] s = in.shape();
        int[] st = in.strides();
        int[] lastShape = {s[0], s[2], s[3], s[1]};
        int[] lastStrides = {st[0], st[2], st[3], st[1]};
        int[] o = out.shape();
        int[] outLast = {o[2] * o[3] * o[1], 1, o[3] * o[1], o[1]};
        if (in.dtype() == DType.FLOAT32) {
            float[] inl = new float[in.numel()];
            StridedCopyFloat.copy(in.floatStorage(), in.storageOffset(), lastShape, lastStrides, inl);
            float[] outl = new float[out.numel()];
            kernel.accept(inl, outl);
            StridedCopyFloat.copy(outl, 0, o, outLast, out.floatStorage());
        } else {
            double[] inl = new double[in.numel()];
            StridedCopyDouble.copy(in.doubleStorage(), in.storageOffset(), lastShape, lastStrides, inl);
            double[] outl = new double[out.numel()];
            kernel.accept(inl, outl);
            StridedCopyDouble.copy(outl, 0, o, outLast, out.doubleStorage());
        }
    }
}
