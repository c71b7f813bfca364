package dev.tapegrad.ops.kernels;

/**
 * How a convolution is computed: {@link #GEMM} (im2col and a matrix product, {@link GemmConvFloat}),
 * {@link #DIRECT} (taps as shifted axpys and dots, {@link DirectConvFloat}) or {@link #WINOGRAD} (F(2×2, 3×3)
 * tiles, {@link WinogradFloat}; for the shapes it does not apply to it computes as GEMM). Also holds the
 * per-shape choice and the split of work over threads, shared by both dtypes and the pooling kernels.
 */
public enum ConvMethod {
    DIRECT, GEMM, WINOGRAD;

    /** A body run on one contiguous chunk [from, to). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Largest im2col height (groupIn·kH·kW) for which DIRECT beats GEMM at any stride (measured: 27 direct). */
    static final int DIRECT_MAX_PATCH = 32;

    /**
     * Largest im2col height for which DIRECT beats GEMM at unit stride, where its taps run over whole padded
     * planes several output channels at a time (measured forward+backward: 150 direct 2× faster, 576 GEMM 1.7×).
     */
    static final int DIRECT_MAX_PATCH_UNIT_STRIDE = 160;

    /**
     * DIRECT for one input channel per group (depthwise) or a small patch (first layers); else WINOGRAD for
     * 3×3 kernels at stride 1 and dilation 1 in one group; else GEMM.
     */
    public static ConvMethod choose(ConvGeometry g) {
        boolean unitStride = g.strideH() == 1 && g.strideW() == 1;
        int maxPatch = unitStride ? DIRECT_MAX_PATCH_UNIT_STRIDE : DIRECT_MAX_PATCH;
        if (g.groupIn() == 1 || g.patch() <= maxPatch) {
            return DIRECT;
        }
        return WinogradFloat.applies(g) ? WINOGRAD : GEMM;
    }

    /** Runs body over [0, n), split into contiguous chunks over {@link Parallel}'s threads. */
    static void forEach(int n, Range body) {
        Parallel.forRange(n, 1, body::run);
    }
}
