package dev.tapegrad.ops.kernels;

/**
 * How a convolution is computed: {@link #GEMM} (im2col and a matrix product, {@link GemmConvFloat}) or
 * {@link #DIRECT} (taps as shifted axpys and dots, {@link DirectConvFloat}). Also holds the per-shape choice
 * and the split of work over threads, shared by both dtypes and the pooling kernels.
 */
public enum ConvMethod {
    DIRECT, GEMM;

    /** A body run on one contiguous chunk [from, to). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Largest im2col height (groupIn·kH·kW) for which DIRECT beats GEMM (measured: 27 direct, 150 GEMM). */
    static final int DIRECT_MAX_PATCH = 32;

    /** DIRECT for one input channel per group (depthwise) or a small patch (first layers), else GEMM. */
    public static ConvMethod choose(ConvGeometry g) {
        return g.groupIn() == 1 || g.patch() <= DIRECT_MAX_PATCH ? DIRECT : GEMM;
    }

    /** Runs body over [0, n), split into contiguous chunks over {@link Parallel}'s threads. */
    static void forEach(int n, Range body) {
        Parallel.forRange(n, 1, body::run);
    }
}
