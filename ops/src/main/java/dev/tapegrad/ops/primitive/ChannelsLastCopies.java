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

    /**
     * A gradient for the channels-last kernels: window i's gradient of channel c at {@code values[i·step + c]}
     * (a float[] or double[]); step is the channel count, or 0 for one gradient per channel shared by every
     * window.
     */
    record Gradient(Object values, int step) {}

    /**
     * gy [N, C, OH, OW] read in channels-last order: its storage itself when it is stored that way, its C
     * per-channel values when it repeats them over N, OH and OW (an expanded seed: strides 0, not materialized),
     * else one copy into channels-last order (a transpose at memory speed).
     */
    static Gradient gradient(Tensor gy) {
        int[] s = gy.shape();
        int[] st = gy.strides();
        int c = s[1];
        boolean inPlace = MemoryOrder.channelsLast(gy) || Dense.isDense(gy) && (c == 1 || s[2] * s[3] == 1);
        boolean perChannel = !inPlace && gy.numel() > c && (s[0] == 1 || st[0] == 0) && (s[2] == 1 || st[2] == 0)
                && (s[3] == 1 || st[3] == 0);
        int[] lastShape = {s[0], s[2], s[3], c};
        int[] lastStrides = {st[0], st[2], st[3], st[1]};
        if (gy.dtype() == DType.FLOAT32) {
            float[] storage = gy.floatStorage();
            if (inPlace) {
                return new Gradient(storage, c);
            }
            if (perChannel) {
                float[] v = new float[c];
                StridedCopyFloat.copy(storage, gy.storageOffset(), new int[] {c}, new int[] {st[1]}, v);
                return new Gradient(v, 0);
            }
            float[] v = new float[gy.numel()];
            StridedCopyFloat.copy(storage, gy.storageOffset(), lastShape, lastStrides, v);
            return new Gradient(v, c);
        }
        double[] storage = gy.doubleStorage();
        if (inPlace) {
            return new Gradient(storage, c);
        }
        if (perChannel) {
            double[] v = new double[c];
            StridedCopyDouble.copy(storage, gy.storageOffset(), new int[] {c}, new int[] {st[1]}, v);
            return new Gradient(v, 0);
        }
        double[] v = new double[gy.numel()];
        StridedCopyDouble.copy(storage, gy.storageOffset(), lastShape, lastStrides, v);
        return new Gradient(v, c);
    }
}
