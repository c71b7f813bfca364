// GENERATED from PoolFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

/**
 * FLOAT64 pooling kernels over NCHW planes: max pooling with argmax (the window's tap number ki·kernelW + kj, -1 for
 * a window with no input pixel, held in the pooled dtype: tap numbers are small whole numbers, exact in either
 * precision, so no index array of another type is ever made or converted), its scatter and gather by argmax,
 * average pooling and its adjoint (the two adjoints add into a zeroed gradient). Max: strict {@code >} keeps the
 * first maximum in row-major window order; a NaN is taken whenever met (so the last NaN holds the argmax), as
 * PyTorch. 2×2 stride-2 windows that tile the plane go through {@link PoolTilesDouble}, a group of planes at a
 * time; views with H and W transposed through {@link PoolTransposedDouble}. The forward passes also read an NCHW view
 * (expanded, transposed, narrowed, channels-last) in place, a cache-sized block of planes at a time. {@link
 * PoolDouble} is generated from this file for FLOAT64.
 */
public final class PoolDouble {
    private PoolDouble() {}

    /**
     * Planes visited together by the 2×2 loops when the planes of a view have gaps between them (narrowed along H):
     * their rows are read as that many streams at once. Read plane after plane, such planes came from memory at
     * about half the speed of back-to-back ones (the prefetchers lose the stream at every gap; a plain read of
     * (2048, 32, 32) planes 40 rows apart, cold: 0.54 against 0.27 ms, 0.31 ms eight at a time); planes that follow
     * one another are visited one at a time, which is fastest for them.
     */
    static final int GAPPED_GROUP = 16;

    /** Strides {sN, sC, sH, sW} of contiguous NCHW planes (one plane per image: sC unused). */
    private static int[] denseStrides(PoolGeometry g) {
        return new int[] {g.inPlane(), 0, g.inW(), 1};
    }

    /** y = max over each window, argmax = the tap where it was found. */
    public static void maxForward(PoolGeometry g, double[] x, double[] y, double[] argmax) {
        maxForward(g, x, y, argmax, Kernels.simd());
    }

    /** As {@link #maxForward(PoolGeometry, double[], double[], double[])}, with or without the SIMD rows. */
    static void maxForward(PoolGeometry g, double[] x, double[] y, double[] argmax, boolean simd) {
        if (g.isTwoByTwo()) {
            forEachGroup(g, 1, 0, denseStrides(g), (offsets, count, p0) ->
                    PoolTilesDouble.maxForward(g, x, offsets, count, g.inW(), p0, y, argmax, simd));
            return;
        }
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                maxPlane(g, x, p * g.inPlane(), y, argmax, p * g.outPlane());
            }
        });
    }

    /**
     * As {@link #maxForward(PoolGeometry, double[], double[], double[])} on an NCHW view of x: storage src from
     * offset, strides {sN, sC, sH, sW}, {@code channels} planes per image. 2×2 windows over rows of stride 1 (a view
     * narrowed along W, C or H) are pooled in place, with the rows' stride; other views are copied a block of planes
     * at a time into a small buffer and pooled there. The same values and argmax as for the contiguous copy.
     */
    public static void maxForward(PoolGeometry g, int channels, double[] src, int offset, int[] strides, double[] y,
                                  double[] argmax) {
        boolean simd = Kernels.simd();
        if (g.isTwoByTwo() && strides[3] == 1) {
            forEachGroup(g, channels, offset, strides, (offsets, count, p0) ->
                    PoolTilesDouble.maxForward(g, src, offsets, count, strides[2], p0, y, argmax, simd));
            return;
        }
        forEachViewPlane(g, channels, src, offset, strides, (x, xOff, p) -> {
            if (g.isTwoByTwo()) {
                PoolTilesDouble.maxForward(g, x, new int[] {xOff}, 1, g.inW(), p, y, argmax, simd);
            } else {
                maxPlane(g, x, xOff, y, argmax, p * g.outPlane());
            }
        });
    }

    /** A kernel on planes p0 to p0 + count - 1, plane p0 + q found from offsets[q]. */
    @FunctionalInterface
    private interface GroupKernel {
        void run(int[] offsets, int count, int p0);
    }

    /** A kernel on input plane p, found in x from xOff. */
    @FunctionalInterface
    private interface PlaneKernel {
        void run(double[] x, int xOff, int p);
    }

    /**
     * Runs kernel over the threads on every plane of an NCHW view (storage from offset, strides {sN, sC, sH, sW},
     * {@code channels} planes per image), in groups of consecutive planes: {@link #GAPPED_GROUP} planes when the
     * planes of an image do not follow one another in memory (sC, or sN for one channel, is not H·sH), else one.
     */
    private static void forEachGroup(PoolGeometry g, int channels, int offset, int[] strides, GroupKernel kernel) {
        int planeStride = channels > 1 ? strides[1] : strides[0];
        int group = planeStride == g.inH() * strides[2] ? 1 : GAPPED_GROUP;
        ConvMethod.forEach(g.planes(), (from, to) -> {
            int[] offsets = new int[group];
            for (int p0 = from; p0 < to; p0 += group) {
                int count = Math.min(group, to - p0);
                for (int q = 0; q < count; q++) {
                    int p = p0 + q;
                    offsets[q] = offset + p / channels * strides[0] + p % channels * strides[1];
                }
                kernel.run(offsets, count, p0);
            }
        });
    }

    /** Input elements per block of planes copied out of a view (a block stays in the core's cache). */
    private static final int VIEW_BLOCK = 1 << 14;

    /**
     * Runs kernel on every plane of an NCHW view, over the threads: the planes of one image are copied a block
     * at a time into a small buffer (one pass over the view, at memory speed) and handed over from there while
     * still in cache.
     */
    private static void forEachViewPlane(PoolGeometry g, int channels, double[] src, int offset, int[] strides,
                                         PlaneKernel kernel) {
        int plane = g.inPlane();
        int perBlock = Math.max(1, Math.min(channels, VIEW_BLOCK / Math.max(1, plane)));
        int[] blockStrides = {strides[1], strides[2], strides[3]};
        ConvMethod.forEach(g.planes(), (from, to) -> {
            double[] buffer = new double[perBlock * plane];
            for (int p = from; p < to; ) {
                int n = p / channels;
                int c = p % channels;
                int count = Math.min(to - p, Math.min(perBlock, channels - c));
                StridedCopyDouble.copy(src, offset + n * strides[0] + c * strides[1],
                        new int[] {count, g.inH(), g.inW()}, blockStrides, buffer);
                for (int q = 0; q < count; q++) {
                    kernel.run(buffer, q * plane, p + q);
                }
                p += count;
            }
        });
    }

    private static void maxPlane(PoolGeometry g, double[] x, int xOff, double[] y, double[] argmax, int yOff) {
        int inH = g.inH();
        int inW = g.inW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = oh * g.strideH() - g.padH();
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = ow * g.strideW() - g.padW();
                double best = Double.NEGATIVE_INFINITY;
                int arg = -1;
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    int ih = h0 + ki * g.dilationH();
                    if (ih < 0 || ih >= inH) {
                        continue;
                    }
                    for (int kj = 0; kj < g.kernelW(); kj++) {
                        int iw = w0 + kj * g.dilationW();
                        if (iw < 0 || iw >= inW) {
                            continue;
                        }
                        double v = x[xOff + ih * inW + iw];
                        if (v > best || Double.isNaN(v) || arg < 0) {
                            best = v;
                            arg = ki * g.kernelW() + kj;
                        }
                    }
                }
                y[yOff + oh * g.outW() + ow] = best;
                argmax[yOff + oh * g.outW() + ow] = arg;
            }
        }
    }

    /**
     * gx[the input position of tap argmax[i] of window i] += gy[i] in each plane, into a gx the caller zeroed:
     * the adjoint of {@link #maxGather}.
     */
    public static void maxScatter(PoolGeometry g, double[] gy, double[] argmax, double[] gx) {
        maxScatter(g, gy, argmax, gx, Kernels.simd());
    }

    /** As {@link #maxScatter(PoolGeometry, double[], double[], double[])}, with or without the SIMD rows. */
    static void maxScatter(PoolGeometry g, double[] gy, double[] argmax, double[] gx, boolean simd) {
        maxScatter(g, 1, gy, argmax, gx, 0, denseStrides(g), simd);
    }

    /**
     * As {@link #maxScatter(PoolGeometry, double[], double[], double[])} into an NCHW view of gx whose rows have
     * stride 1 (the place of a narrowed input's gradient in its zero-padded gradient): storage gx from offset,
     * strides {sN, sC, sH, 1}, {@code channels} planes per image, zeroed by the caller. The same values.
     */
    public static void maxScatter(PoolGeometry g, int channels, double[] gy, double[] argmax, double[] gx, int offset,
                                  int[] strides) {
        maxScatter(g, channels, gy, argmax, gx, offset, strides, Kernels.simd());
    }

    private static void maxScatter(PoolGeometry g, int channels, double[] gy, double[] argmax, double[] gx, int offset,
                                   int[] strides, boolean simd) {
        int rowStride = strides[2];
        if (g.isTwoByTwo()) {
            forEachGroup(g, channels, offset, strides, (offsets, count, p0) ->
                    PoolTilesDouble.maxScatter(g, gy, argmax, p0, gx, offsets, count, rowStride, simd));
            return;
        }
        forEachGroup(g, channels, offset, strides, (offsets, count, p0) -> {
            for (int q = 0; q < count; q++) {
                maxScatterPlane(g, gy, argmax, (p0 + q) * g.outPlane(), gx, offsets[q], rowStride);
            }
        });
    }

    /** The scatter of one plane (any windows): gy and argmax from yOff, gx from xOff with rows rowStride apart. */
    private static void maxScatterPlane(PoolGeometry g, double[] gy, double[] argmax, int yOff, double[] gx, int xOff,
                                        int rowStride) {
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
                int i = yOff + oh * g.outW() + ow;
                int tap = (int) argmax[i];
                if (tap >= 0) {
                    gx[xOff + g.tapIndex(oh, ow, tap, rowStride)] += gy[i];
                }
            }
        }
    }

    /** y[i] = x[the input position of tap argmax[i] of window i] in each plane (0 where argmax is -1). */
    public static void maxGather(PoolGeometry g, double[] x, double[] argmax, double[] y) {
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xOff = p * g.inPlane();
                int yOff = p * g.outPlane();
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int i = yOff + oh * g.outW() + ow;
                        int tap = (int) argmax[i];
                        y[i] = tap >= 0 ? x[xOff + g.tapIndex(oh, ow, tap)] : 0.0;
                    }
                }
            }
        });
    }

    /** y = window sum / divisor (see {@link PoolGeometry#avgDivisor}). */
    public static void avgForward(PoolGeometry g, double[] x, double[] y, boolean countIncludePad) {
        avgForward(g, x, y, countIncludePad, Kernels.simd());
    }

    /** As {@link #avgForward(PoolGeometry, double[], double[], boolean)}, with or without the SIMD rows. */
    static void avgForward(PoolGeometry g, double[] x, double[] y, boolean countIncludePad, boolean simd) {
        if (g.isTwoByTwo()) {
            forEachGroup(g, 1, 0, denseStrides(g), (offsets, count, p0) ->
                    PoolTilesDouble.avgForward(g, x, offsets, count, g.inW(), p0, y, simd));
            return;
        }
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                avgPlane(g, x, p * g.inPlane(), y, p * g.outPlane(), countIncludePad);
            }
        });
    }

    /** As {@link #avgForward(PoolGeometry, double[], double[], boolean)} on an NCHW view (see maxForward's). */
    public static void avgForward(PoolGeometry g, int channels, double[] src, int offset, int[] strides, double[] y,
                                  boolean countIncludePad) {
        boolean simd = Kernels.simd();
        if (g.isTwoByTwo() && strides[3] == 1) {
            forEachGroup(g, channels, offset, strides, (offsets, count, p0) ->
                    PoolTilesDouble.avgForward(g, src, offsets, count, strides[2], p0, y, simd));
            return;
        }
        forEachViewPlane(g, channels, src, offset, strides, (x, xOff, p) -> {
            if (g.isTwoByTwo()) {
                PoolTilesDouble.avgForward(g, x, new int[] {xOff}, 1, g.inW(), p, y, simd);
            } else {
                avgPlane(g, x, xOff, y, p * g.outPlane(), countIncludePad);
            }
        });
    }

    private static void avgPlane(PoolGeometry g, double[] x, int xOff, double[] y, int yOff, boolean countIncludePad) {
        int inW = g.inW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = oh * g.strideH() - g.padH();
            int h1 = Math.min(h0 + g.kernelH(), g.inH());
            h0 = Math.max(h0, 0);
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = ow * g.strideW() - g.padW();
                int w1 = Math.min(w0 + g.kernelW(), inW);
                w0 = Math.max(w0, 0);
                double s = 0.0;
                for (int ih = h0; ih < h1; ih++) {
                    int row = xOff + ih * inW;
                    for (int iw = w0; iw < w1; iw++) {
                        s += x[row + iw];
                    }
                }
                y[yOff + oh * g.outW() + ow] = s / g.avgDivisor(oh, ow, countIncludePad);
            }
        }
    }

    /**
     * gx += the adjoint of {@link #avgForward}, into a gx the caller zeroed: each gy spread evenly
     * (÷ divisor) over its window.
     */
    public static void avgBackward(PoolGeometry g, double[] gy, double[] gx, boolean countIncludePad) {
        avgBackward(g, gy, gx, countIncludePad, Kernels.simd());
    }

    /** As {@link #avgBackward(PoolGeometry, double[], double[], boolean)}, with or without the SIMD rows. */
    static void avgBackward(PoolGeometry g, double[] gy, double[] gx, boolean countIncludePad, boolean simd) {
        avgBackward(g, 1, gy, gx, 0, denseStrides(g), countIncludePad, simd);
    }

    /**
     * As {@link #avgBackward(PoolGeometry, double[], double[], boolean)} into an NCHW view of gx whose rows have
     * stride 1 (see {@link #maxScatter(PoolGeometry, int, double[], double[], double[], int, int[])}), zeroed by the
     * caller. The same values.
     */
    public static void avgBackward(PoolGeometry g, int channels, double[] gy, double[] gx, int offset, int[] strides,
                                   boolean countIncludePad) {
        avgBackward(g, channels, gy, gx, offset, strides, countIncludePad, Kernels.simd());
    }

    private static void avgBackward(PoolGeometry g, int channels, double[] gy, double[] gx, int offset, int[] strides,
                                    boolean countIncludePad, boolean simd) {
        int rowStride = strides[2];
        if (g.isTwoByTwo()) {
            forEachGroup(g, channels, offset, strides, (offsets, count, p0) ->
                    PoolTilesDouble.avgBackward(g, gy, p0, gx, offsets, count, rowStride, simd));
            return;
        }
        forEachGroup(g, channels, offset, strides, (offsets, count, p0) -> {
            for (int q = 0; q < count; q++) {
                avgBackwardWindows(g, gy, (p0 + q) * g.outPlane(), gx, offsets[q], rowStride, countIncludePad);
            }
        });
    }

    private static void avgBackwardWindows(PoolGeometry g, double[] gy, int yOff, double[] gx, int xOff, int rowStride,
                                           boolean countIncludePad) {
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = oh * g.strideH() - g.padH();
            int h1 = Math.min(h0 + g.kernelH(), g.inH());
            h0 = Math.max(h0, 0);
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = ow * g.strideW() - g.padW();
                int w1 = Math.min(w0 + g.kernelW(), g.inW());
                w0 = Math.max(w0, 0);
                double v = gy[yOff + oh * g.outW() + ow] / g.avgDivisor(oh, ow, countIncludePad);
                for (int ih = h0; ih < h1; ih++) {
                    int row = xOff + ih * rowStride;
                    for (int iw = w0; iw < w1; iw++) {
                        gx[row + iw] += v;
                    }
                }
            }
        }
    }
}
