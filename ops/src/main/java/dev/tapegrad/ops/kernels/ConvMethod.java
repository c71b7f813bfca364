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
     * Fewest input channels per group for which WINOGRAD beats DIRECT on 3×3 stride-1 layers (measured on 2
     * threads, forward and input gradient: 32 channels DIRECT 2× faster, 64 channels WINOGRAD 1.2-1.35×; weight
     * gradient: 32 channels even, 64 channels WINOGRAD 1.1-1.4× ahead of GEMM).
     */
    static final int WINOGRAD_MIN_CHANNELS = 48;

    /**
     * The method for the forward and the input gradient: DIRECT for one input channel per group (depthwise), a
     * small patch (first layers), or a 3×3 stride-1 layer with fewer than {@link #WINOGRAD_MIN_CHANNELS} input
     * channels per group; WINOGRAD for such a layer in one group with more; else GEMM.
     */
    public static ConvMethod choose(ConvGeometry g) {
        boolean unitStride = g.strideH() == 1 && g.strideW() == 1;
        int maxPatch = unitStride ? DIRECT_MAX_PATCH_UNIT_STRIDE : DIRECT_MAX_PATCH;
        if (g.groupIn() == 1 || g.patch() <= maxPatch) {
            return DIRECT;
        }
        if (is3x3UnitStride(g) && g.groupIn() < WINOGRAD_MIN_CHANNELS) {
            return DIRECT;
        }
        return WinogradFloat.applies(g) ? WINOGRAD : GEMM;
    }

    /**
     * Largest im2col height for which DIRECT computes the weight gradient (one dot per tap and channel pair), at
     * any stride: it falls behind GEMM sooner than the forward does (measured on 2 threads: patch 36 DIRECT 3×
     * faster, 72 even, 100 and 150 (5×5 kernels) GEMM 1.9-2× faster).
     */
    static final int DIRECT_MAX_PATCH_WEIGHT_GRADIENT = 80;

    /**
     * The method for the weight gradient: DIRECT for depthwise layers and patches up to
     * {@link #DIRECT_MAX_PATCH_WEIGHT_GRADIENT}; WINOGRAD for 3×3 stride-1 layers in one group with at least
     * {@link #WINOGRAD_MIN_CHANNELS} input channels; else GEMM.
     */
    public static ConvMethod chooseWeightGradient(ConvGeometry g) {
        if (g.groupIn() == 1 || g.patch() <= DIRECT_MAX_PATCH_WEIGHT_GRADIENT) {
            return DIRECT;
        }
        return g.groupIn() >= WINOGRAD_MIN_CHANNELS && WinogradFloat.applies(g) ? WINOGRAD : GEMM;
    }

    private static boolean is3x3UnitStride(ConvGeometry g) {
        return g.kernelH() == 3 && g.kernelW() == 3 && g.strideH() == 1 && g.strideW() == 1
                && g.dilationH() == 1 && g.dilationW() == 1;
    }

    /** Runs body over [0, n), split into contiguous chunks over {@link Parallel}'s threads. */
    static void forEach(int n, Range body) {
        Parallel.forRange(n, 1, body::run);
    }
}
