package dev.tapegrad.ops.kernels;

/**
 * How a convolution is computed: {@link #GEMM} (im2col and a matrix product) or {@link #DIRECT} (taps as
 * row-wise axpys). Also holds the per-shape choice and the split of work over threads, shared by both dtypes.
 */
public enum ConvMethod {
    DIRECT, GEMM;

    /** A body run on one contiguous chunk [from, to). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** DIRECT when each group has a single input channel (depthwise), else GEMM. */
    public static ConvMethod choose(ConvGeometry g) {
        return g.groupIn() == 1 ? DIRECT : GEMM;
    }

    static void forEach(int n, Range body) {
        body.run(0, n);
    }

    /** Start of part i of count parts over [0, n). */
    static int bound(int n, int i, int count) {
        return (int) ((long) n * i / count);
    }
}
