package dev.tapegrad.ops.kernels;

/**
 * How a convolution is computed: {@link #GEMM} (im2col and a matrix product, {@link GemmConvFloat}),
 * {@link #DIRECT} (taps as shifted axpys and dots, {@link DirectConvFloat}), {@link #WINOGRAD} (F(2×2, 3×3)
 * tiles, {@link WinogradFloat}), {@link #WINOGRAD4} (F(4×4, 3×3) tiles, {@link Winograd4Float}; for the shapes
 * the Winograd methods do not apply to they compute as GEMM) or {@link #DEPTHWISE} (one channel per group,
 * {@link DepthwiseConvFloat}; other shapes compute as DIRECT). Also holds the per-shape choice and the split of
 * work over threads, shared by both dtypes and the pooling kernels.
 */
public enum ConvMethod {
    DIRECT, GEMM, WINOGRAD,
    /**
     * F(4×4, 3×3) for the forward, the input gradient and the weight gradient: 36 multiplies per 16 outputs and
     * channel pair where {@link #WINOGRAD} takes 64, but FLOAT32 forward and input gradients about 15 times less
     * accurate than WINOGRAD's or GEMM's, the error growing with the channels summed. Measured against float64
     * over N(0, 1) inputs and gradients and kaiming-normal weights, max over elements of |error| / (|exact| +
     * mean |exact|), forward / input gradient (GEMM and WINOGRAD 1e-6 to 6e-6 alike): 64 channels at 14×14 batch 2
     * 1.8e-5 / 2.3e-5, at 56×56 batch 8 4.1e-5 / 5.2e-5; 64→128 at 16×16 batch 32 3.0e-5 / 3.9e-5; 128 channels
     * 3.8e-5 / 2.9e-5; 256 4.8e-5 / 5.3e-5; 512 7.7e-5 / 8.6e-5. Relative to each element alone, over the
     * elements above 1% of the largest: up to 4.8e-4 at 64 channels, 7.4e-4 at 256 and 9.4e-4 at 512 (GEMM up to
     * 7e-5), against the conformance tolerance of 2e-3. The weight gradient sums over tiles, not channels, each
     * slice of 256 tiles in FLOAT32 and the slices in double (see Winograd4WeightFloat.WEIGHT_SLICE), so its error does
     * not grow with the batch or the plane; measured as above, WINOGRAD4 / WINOGRAD / GEMM, floored metric and
     * element by element: 64 channels at 14×14 batch 2 1.1e-5 / 2.3e-6 / 1.3e-6 and 1.4e-4 / 3.6e-5 / 1.4e-5; at
     * 56×56 batch 8 2.5e-5 / 1.5e-5 / 1.3e-5 and 4.5e-4 / 2.2e-4 / 1.8e-4, batch 32 2.4e-5 / 2.8e-5 / 2.2e-5 and
     * 3.4e-4 / 4.8e-4 / 3.4e-4; 64→128 at 16×16 batch 32 3.3e-5 / 1.0e-5 / 7.2e-6 and 4.4e-4 / 1.2e-4 / 8.8e-5;
     * 128 channels at 28×28 batch 4 4.1e-5 / 7.0e-6 / 4.7e-6 and 4.2e-4 / 7.7e-5 / 7.4e-5.
     */
    WINOGRAD4,
    /**
     * Depthwise layers (one input and one output channel per group, {@link DepthwiseGeometry#applies}). At unit stride
     * every plane correlated with its channel's kernel where it lies, vectors along the rows, 3×3 kernels
     * register-blocked over four output rows; the forward and the input gradient with the rounding of DIRECT's forward
     * (the same fused multiply-adds in the same order). Measured on the Zen 5 host, 64 channels at 32×32 batch 32, 3×3
     * padding 1, min of 160 calls, three runs alternating with DIRECT on a loaded machine, forward / input gradient /
     * weight gradient ms: 1 thread CPU time DIRECT 1.28-1.39 / 1.28-1.35 / 1.63-1.76, DEPTHWISE 0.64-0.87 / 0.65-0.88 /
     * 0.58-0.79; 2 threads wall DIRECT 0.80-0.88 / 0.88-0.90 / 1.15-1.27, DEPTHWISE 0.28-0.47 / 0.28-0.43 / 0.29-0.38.
     * Chosen only with the Vector API: its scalar loops (the reference of the vector kernels, reading every tap through
     * a bounds check) take 26.9 / 27.2 / 20.6 ms there, DIRECT's padded planes 14.3 / 14.3 / 11.9. Strided layers read
     * each input plane through a copy split into column phases ({@link DepthwiseStridedFloat}; within rounding of
     * DIRECT, whose strided taps add in another order). 64 channels 32×32 → 16×16 batch 32, 3×3 stride 2 padding 1, min
     * of 40 calls, three runs alternating with DIRECT (load 11-13), forward / input gradient / weight gradient ms: 1
     * thread CPU time DIRECT 3.39-3.43 / 3.42-3.44 / 5.03-5.09, DEPTHWISE 1.48-1.50 / 2.35-2.69 / 1.49-1.51; 2 threads
     * wall DIRECT 1.65-1.78 / 1.56-1.67 / 2.48-2.49, DEPTHWISE 0.71-0.73 / 1.17-1.21 / 0.72.
     */
    DEPTHWISE;

    /** A body run on one contiguous chunk [from, to). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /**
     * Largest im2col height for which DIRECT beats GEMM at unit stride, where its taps run over whole padded
     * planes several output channels at a time (measured forward+backward: 150 direct 2× faster, 576 GEMM 1.7×).
     */
    static final int DIRECT_MAX_PATCH_UNIT_STRIDE = 160;

    /**
     * Fewest input channels per group for which WINOGRAD beats DIRECT on 3×3 stride-1 layers (measured on 2
     * threads, forward and input gradient: 32 channels DIRECT 2× faster, 64 channels WINOGRAD 1.2-1.35×). Still so
     * with the Vector API tile transforms (1 thread, CPU ms, forward / input gradient, DIRECT vs WINOGRAD vs GEMM):
     * 16→16 at 28×28 batch 64 2.4 / 2.7 vs 3.7 / 3.8 vs 4.6 / 4.9, 24→24 at 14×14 2.0 / 2.2 vs 2.8 / 2.8,
     * 32→32 at 14×14 2.5 / 2.8 vs 2.9 / 2.8 vs 4.0 / 3.8; 64→64 at 7×7 3.1 / 5.3 vs 2.9 / 2.9 vs 4.9 / 4.0.
     */
    static final int WINOGRAD_MIN_CHANNELS = 48;

    /**
     * Fewest input channels per group for which WINOGRAD4 beats DIRECT on 3×3 stride-1 layers where it applies
     * (see {@link #choose}). Measured on the Zen 5 host, min of 31 calls after warm-up, forward / input gradient
     * ms, DIRECT vs WINOGRAD4, 1 thread CPU time and 2 threads wall: 32→32 at 14×14 batch 64 3.17 / 3.36 vs
     * 2.11 / 2.28 and 1.60 / 1.74 vs 1.32 / 1.40; at 28×28 batch 32 6.03 / 6.17 vs 3.70 / 3.82 and 2.92 / 3.00 vs
     * 2.03 / 2.03; at 56×56 batch 16 12.0 / 12.1 vs 6.7 / 6.7 and 6.4 / 6.6 vs 3.4 / 3.4; but 24→24 at 14×14
     * 1.75 / 1.88 vs 1.54 / 1.64 and 0.87 / 0.97 vs 0.82 / 0.88 (within the noise), and 16→16 at 28×28 3.46 / 3.51
     * vs 3.49 / 3.68 and 1.53 / 1.59 vs 1.63 / 1.70.
     */
    static final int WINOGRAD4_MIN_CHANNELS = 32;

    /**
     * Fewest input channels per group for which WINOGRAD computes the weight gradient of 3×3 stride-1 layers
     * (measured on 1 thread, CPU time, batch 64: 32 channels at 14×14 WINOGRAD 1.15× ahead of GEMM and 2.4× of
     * DIRECT; 16 channels at 28×28 DIRECT ahead, WINOGRAD 1.2× behind GEMM). Lowered from 32 to 24 with the
     * Vector API tile transforms (CPU ms, min of 8, load 2.7, DIRECT vs WINOGRAD vs GEMM): 24 channels at 28×28
     * 17.6 vs 12.2 vs 13.8, at 14×14 8.1 vs 4.2 vs 4.3; 32 at 14×14 9.8 vs 4.0 vs 4.7; 64 at 7×7 30 vs 3.5 vs 4.1;
     * but 16 at 28×28 5.5 vs 7.4 vs 6.9 and at 14×14 3.8 vs 3.0 vs 2.9 (WINOGRAD still behind GEMM).
     */
    static final int WINOGRAD_MIN_CHANNELS_WEIGHT_GRADIENT = 24;

    /**
     * Most channels (input or output, so summed by the forward or by the input gradient) for which WINOGRAD4
     * computes a 3×3 stride-1 layer: its FLOAT32 error grows with the channels summed (see {@link #WINOGRAD4}), and
     * up to 256 it stays 2.7 times below the conformance tolerance element by element; wider layers take WINOGRAD.
     */
    static final int WINOGRAD4_MAX_CHANNELS = 256;

    /**
     * Fewest output rows and columns for which WINOGRAD4 computes a 3×3 stride-1 layer: a plane of 1 or 2 rows
     * (or columns) still costs it whole 4×4 tiles, more multiplies than WINOGRAD's 2×2 tiles.
     */
    static final int WINOGRAD4_MIN_SIZE = 3;

    /**
     * The method for the forward and the input gradient: with the Vector API, DEPTHWISE for one input and one
     * output channel per group at any stride ({@link DepthwiseGeometry#applies}); DIRECT for other layers with one
     * input channel per group (depthwise),
     * or at unit stride a small patch (first layers) or a 3×3 layer with fewer than
     * {@link #WINOGRAD4_MIN_CHANNELS} input channels per group where WINOGRAD4 applies, else fewer than
     * {@link #WINOGRAD_MIN_CHANNELS}; for such a layer in one group with more, WINOGRAD4
     * up to {@link #WINOGRAD4_MAX_CHANNELS} channels in and out and planes from {@link #WINOGRAD4_MIN_SIZE}, else
     * WINOGRAD; else GEMM. Strided layers with several channels per group take GEMM whatever their patch: DIRECT
     * runs them row by row (measured on 1 thread, CPU time, batch 64: 1×1 stride-2 shortcuts 16→32 and 32→64 GEMM
     * 11-22× faster, a 3-channel 3×3 stride-2 stem 7× faster). WINOGRAD4 against WINOGRAD and GEMM (1 thread,
     * CPU ms, forward / input gradient, min of 15 interleaved, load 9-10): 64→128 at 16×16 batch 32 6.8 / 8.4 vs
     * 7.7 / 8.5 vs 10.7 / 10.8; 64→64 at 56×56 batch 8 10.4 / 10.3 vs 11.6 / 11.3 vs 17.6 / 14.6; 64→64 at 7×7
     * batch 64 2.2 / 2.1 vs 2.5 / 2.4 vs 4.0 / 3.5; 128→128 at 28×28 batch 16 14.5 / 14.4 vs 18.4 / 18.0 vs
     * 24.4 / 24.8; 256→256 at 14×14 batch 8 10.4 / 10.8 vs 14.5 / 14.2 vs 14.6 / 14.2.
     */
    public static ConvMethod choose(ConvGeometry g) {
        if (Kernels.simd() && DepthwiseGeometry.applies(g)) {
            return DEPTHWISE;
        }
        boolean unitStride = g.strideH() == 1 && g.strideW() == 1;
        if (g.groupIn() == 1 || unitStride && g.patch() <= DIRECT_MAX_PATCH_UNIT_STRIDE) {
            return DIRECT;
        }
        boolean winograd4 = WinogradFloat.applies(g) && fitsWinograd4(g);
        int minChannels = winograd4 ? WINOGRAD4_MIN_CHANNELS : WINOGRAD_MIN_CHANNELS;
        if (is3x3UnitStride(g) && g.groupIn() < minChannels) {
            return DIRECT;
        }
        if (!WinogradFloat.applies(g)) {
            return GEMM;
        }
        return winograd4 ? WINOGRAD4 : WINOGRAD;
    }

    /** Channels up to {@link #WINOGRAD4_MAX_CHANNELS} and planes from {@link #WINOGRAD4_MIN_SIZE}. */
    private static boolean fitsWinograd4(ConvGeometry g) {
        boolean narrow = Math.max(g.inChannels(), g.outChannels()) <= WINOGRAD4_MAX_CHANNELS;
        boolean big = Math.min(Math.min(g.outH(), g.outW()), Math.min(g.inH(), g.inW())) >= WINOGRAD4_MIN_SIZE;
        return narrow && big;
    }

    /**
     * Largest im2col height for which DIRECT computes the weight gradient (one dot per tap and channel pair), at
     * any stride, without the Vector API: it falls behind GEMM sooner than the forward does (measured on 2
     * threads: patch 36 DIRECT 3× faster, 72 even, 100 and 150 (5×5 kernels) GEMM 1.9-2× faster).
     */
    static final int DIRECT_MAX_PATCH_WEIGHT_GRADIENT = 80;

    /**
     * Most output channels per group for which GEMM computes the weight gradient over shifted phase planes
     * ({@link WeightPlanesFloat}) instead of im2col, whatever the patch (strided layers: see
     * {@link #PLANES_STRIDED_MAX_IN_CHANNELS}); wider layers take the planes only at unit stride with a patch up to
     * {@link #DIRECT_MAX_PATCH_WEIGHT_GRADIENT}. Measured on the Zen 5 host, 1 thread CPU ms, min of 40-60 calls
     * alternating with the other method in one JVM (two class loaders), batch 64 unless noted, planes vs the
     * method chosen without them: 16→16 3×3 at 28×28 2.52 vs im2col 3.52; 32→32 3×3 at 14×14 2.52 vs WINOGRAD
     * 3.74 (WINOGRAD4 3.0-4.1); 1×1 stride-2 16→32 0.35 vs 0.48; LeNet's 6→16 5×5 0.50 vs 0.80; 1→16 3×3 stem
     * 0.28 vs DIRECT 0.49; 1→6 5×5 0.23 vs DIRECT 0.39. But with 64 output channels (on 7×7 planes, where a row
     * of 7 pixels widened to 9 fills vectors of 16 badly): 32→64 3×3 stride 2 from 14×14 2.63 vs 1.10; 64→64 3×3
     * at 7×7 3.60 vs WINOGRAD4 2.42; 1×1 stride-2 32→64 0.41 vs 0.27.
     */
    static final int PLANES_MAX_OUT_CHANNELS = 32;

    /**
     * Most input channels per group for which a strided layer with a kernel larger than 1×1 computes its weight
     * gradient over phase planes (below {@link #PLANES_MAX_OUT_CHANNELS} output channels); with more, im2col and
     * GEMM are faster. 1 thread CPU ms / 2 threads wall ms, planes
     * vs im2col, measured as above: 16→32 3×3 stride 2 from 28×28 2.94 / 1.55 vs 2.07 / 1.35; 32→32 3×3 stride 2
     * from 28×28 batch 32 2.10 / 1.09 vs 1.37 / 1.10; but RGB stems 3→16 3×3 stride 2 at 56×56 batch 8 0.127 vs
     * 0.196 and 3→32 7×7 stride 2 at 64×64 batch 16 1.62 vs 3.22. The bound lies between 3 and 16.
     */
    static final int PLANES_STRIDED_MAX_IN_CHANNELS = 8;

    /**
     * Whether the weight gradient of g computes over shifted phase planes (GEMM's kernel for it when the Vector
     * API is present, see {@link #PLANES_MAX_OUT_CHANNELS}): one group's output channels up to that many (at
     * stride above 1 with a kernel larger than 1×1, only up to {@link #PLANES_STRIDED_MAX_IN_CHANNELS} input
     * channels), or a unit-stride layer with a small patch; never depthwise layers (one output channel per tile of
     * four).
     */
    static boolean planesWeightGradient(ConvGeometry g) {
        boolean unitStride = g.strideH() == 1 && g.strideW() == 1;
        boolean depthwise = g.groupIn() == 1 && g.groups() > 1;
        boolean pointwise = g.kernelH() == 1 && g.kernelW() == 1;
        boolean fewInputs = unitStride || pointwise || g.groupIn() <= PLANES_STRIDED_MAX_IN_CHANNELS;
        boolean narrow = g.groupOut() <= PLANES_MAX_OUT_CHANNELS && fewInputs;
        boolean smallPatch = unitStride && g.patch() <= DIRECT_MAX_PATCH_WEIGHT_GRADIENT;
        return Kernels.simd() && !depthwise && (narrow || smallPatch);
    }

    /**
     * The method for the weight gradient: with the Vector API, DEPTHWISE where it computes the forward, WINOGRAD4
     * where {@link #winograd4ChannelsLast}
     * holds, then GEMM (over phase planes) where
     * {@link #planesWeightGradient} holds. Else DIRECT for depthwise layers and, at unit stride, patches of
     * kernels larger than 1×1 up to {@link #DIRECT_MAX_PATCH_WEIGHT_GRADIENT}; WINOGRAD for 3×3 stride-1 layers
     * in one group with at least {@link #WINOGRAD_MIN_CHANNELS_WEIGHT_GRADIENT} input channels (WINOGRAD4 where it
     * computes the forward); else GEMM
     * (measured on 1 thread, CPU time, batch 64: strided layers GEMM 10-15× faster than DIRECT, 1×1 stride-1
     * 1.6-1.8×).
     */
    public static ConvMethod chooseWeightGradient(ConvGeometry g) {
        if (Kernels.simd() && DepthwiseGeometry.applies(g)) {
            return DEPTHWISE;
        }
        if (winograd4ChannelsLast(g)) {
            return WINOGRAD4;
        }
        if (planesWeightGradient(g)) {
            return GEMM;
        }
        boolean unitStride = g.strideH() == 1 && g.strideW() == 1;
        boolean pointwise = g.kernelH() == 1 && g.kernelW() == 1;
        if (g.groupIn() == 1 || unitStride && !pointwise && g.patch() <= DIRECT_MAX_PATCH_WEIGHT_GRADIENT) {
            return DIRECT;
        }
        return g.groupIn() >= WINOGRAD_MIN_CHANNELS_WEIGHT_GRADIENT && WinogradFloat.applies(g) ? winograd(g) : GEMM;
    }

    /**
     * Fewest input channels for which the weight gradient of a 3×3 stride-1 layer takes WINOGRAD4's channels-last
     * path (see {@link #winograd4ChannelsLast}) ahead of the phase planes.
     */
    static final int WINOGRAD4_CHANNELS_LAST_MIN_CHANNELS = 16;

    /**
     * Whether the weight gradient of g is WINOGRAD4's through channels-last tiles (Winograd4WeightSimdFloat), ahead
     * of GEMM's phase planes ({@link #planesWeightGradient}): with the Vector API, a 3×3 stride-1 layer in one group
     * where WINOGRAD4 fits ({@link #WINOGRAD4_MAX_CHANNELS}, {@link #WINOGRAD4_MIN_SIZE}), from
     * {@link #WINOGRAD4_CHANNELS_LAST_MIN_CHANNELS} input channels, both channel counts whole vectors. Its FLOAT32
     * error is WINOGRAD4's (see {@link #WINOGRAD4}). Measured on the Zen 5 host, 1 thread CPU ms, min of 40 calls
     * alternating in one JVM, batch 64, phase planes vs WINOGRAD4: 16→16 at 28×28 1.9-2.1 vs 1.47; 32→32 at
     * 14×14 2.2-2.5 vs 1.25-1.45.
     */
    public static boolean winograd4ChannelsLast(ConvGeometry g) {
        return Kernels.simd() && WinogradFloat.applies(g) && fitsWinograd4(g)
                && g.inChannels() >= WINOGRAD4_CHANNELS_LAST_MIN_CHANNELS
                && Winograd4WeightFloat.channelsLast(g.inChannels(), g.outChannels());
    }

    /**
     * The Winograd method for the weight gradient of a 3×3 stride-1 layer: WINOGRAD4 where it computes the
     * forward, else WINOGRAD. WINOGRAD vs WINOGRAD4, min of 40 alternating in one JVM on a loaded machine (load
     * 11-14), 1 thread CPU ms / 2 threads wall ms: 64→128 at 16×16 batch 32 8.34 vs 7.41 / 8.91 vs 5.02; 64→64
     * at 56×56 batch 8 16.2 vs 14.9 / 11.0 vs 7.8 (WINOGRAD's 16 GEMMs per chunk scale poorly over 2 threads).
     */
    private static ConvMethod winograd(ConvGeometry g) {
        return choose(g) == WINOGRAD4 ? WINOGRAD4 : WINOGRAD;
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
