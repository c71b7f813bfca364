package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;

/**
 * A pooling pass over NCHW tensors run by a channels-last kernel: the input (any strides) copied into
 * channels-last order, the kernel run from that array into zeroed channels-last arrays, and those copied back
 * into the NCHW outputs. The copies are transposes at memory speed ({@link StridedCopyFloat}); the pooling
 * kernels visit each window one element at a time in NCHW but a vector of channels at a time channels-last.
 */
final class ChannelsLastCopies {
    private ChannelsLastCopies() {}

    /** A channels-last kernel: reads {@code in}, fills {@code outs} (all float[] or all double[]). */
    @FunctionalInterface
    interface Kernel {
        void run(Object in, Object[] outs);
    }

    /**
     * outs (contiguous NCHW, zeroed, all of one shape) = kernel(in read channels-last): the kernel gets in's values
     * in [N, H, W, C] order and one zeroed array per output to fill in that order.
     */
    static void pool(Tensor in, Kernel kernel, Tensor... outs) {
        int[] s = in.shape();
        int[] st = in.strides();
        int[] lastShape = {s[0], s[2], s[3], s[1]};
        int[] lastStrides = {st[0], st[2], st[3], st[1]};
        int[] o = outs[0].shape();
        int[] outLast = {o[2] * o[3] * o[1], 1, o[3] * o[1], o[1]};
        int size = outs[0].numel();
        if (in.dtype() == DType.FLOAT32) {
            float[] inl = new float[in.numel()];
            StridedCopyFloat.copy(in.floatStorage(), in.storageOffset(), lastShape, lastStrides, inl);
            float[][] outl = new float[outs.length][size];
            kernel.run(inl, outl);
            for (int i = 0; i < outs.length; i++) {
                StridedCopyFloat.copy(outl[i], 0, o, outLast, outs[i].floatStorage());
            }
        } else {
            double[] inl = new double[in.numel()];
            StridedCopyDouble.copy(in.doubleStorage(), in.storageOffset(), lastShape, lastStrides, inl);
            double[][] outl = new double[outs.length][size];
            kernel.run(inl, outl);
            for (int i = 0; i < outs.length; i++) {
                StridedCopyDouble.copy(outl[i], 0, o, outLast, outs[i].doubleStorage());
            }
        }
    }
}
