package dev.tapegrad.ops.kernels;

/**
 * FLOAT32 pooling kernels, single pass over NCHW planes: max pooling with argmax (the window's tap number
 * ki·kernelW + kj, -1 for a window with no input pixel, held in the pooled dtype: tap numbers are small
 * whole numbers, exact in either precision, so no index array of another type is ever made or converted),
 * its scatter and gather by argmax, average pooling and its
 * adjoint (the two adjoints add into a zeroed gradient); 2×2 stride-2 windows have their own loops, with
 * {@link PoolFloatSimd} rows when the Vector API is present. Max: strict {@code >} keeps the first maximum
 * in row-major window order; a NaN is taken
 * whenever met (so the last NaN holds the argmax), as PyTorch. The forward passes also read an NCHW view
 * (expanded, transposed, narrowed, channels-last) in place, a cache-sized block of planes at a time. {@link PoolDouble} is generated from this file for FLOAT64.
 */
public final class PoolFloat {
    private PoolFloat() {}

    /** y = max over each window, argmax = the tap where it was found. */
    public static void maxForward(PoolGeometry g, float[] x, float[] y, float[] argmax) {
        maxForward(g, x, y, argmax, Kernels.simd());
    }

    /** As {@link #maxForward(PoolGeometry, float[], float[], float[])}, with or without the SIMD rows. */
    static void maxForward(PoolGeometry g, float[] x, float[] y, float[] argmax, boolean simd) {
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                if (g.isTwoByTwo()) {
                    maxTwoByTwo(g, x, p * g.inPlane(), g.inW(), y, argmax, p * g.outPlane(), simd);
                } else {
                    maxPlane(g, x, p * g.inPlane(), y, argmax, p * g.outPlane());
                }
            }
        });
    }

    /**
     * As {@link #maxForward(PoolGeometry, float[], float[], float[])} on an NCHW view of x: storage src from
     * offset, strides {sN, sC, sH, sW}, {@code channels} planes per image. 2×2 windows over rows of stride 1 (a view
     * narrowed along W or C) are pooled in place, with the rows' stride; other views are copied a block of planes
     * at a time into a small buffer and pooled there. The same values and argmax as for the contiguous copy.
     */
    public static void maxForward(PoolGeometry g, int channels, float[] src, int offset, int[] strides, float[] y,
                                  float[] argmax) {
        boolean simd = Kernels.simd();
        if (g.isTwoByTwo() && strides[3] == 1) {
            forEachRowsPlane(g, channels, offset, strides, (xOff, p) ->
                    maxTwoByTwo(g, src, xOff, strides[2], y, argmax, p * g.outPlane(), simd));
            return;
        }
        forEachViewPlane(g, channels, src, offset, strides, (x, xOff, p) -> {
            if (g.isTwoByTwo()) {
                maxTwoByTwo(g, x, xOff, g.inW(), y, argmax, p * g.outPlane(), simd);
            } else {
                maxPlane(g, x, xOff, y, argmax, p * g.outPlane());
            }
        });
    }

    /** A kernel on input plane p, found in x from xOff. */
    @FunctionalInterface
    private interface PlaneKernel {
        void run(float[] x, int xOff, int p);
    }

    /** A kernel on input plane p, found in the view's storage from xOff with its own row stride. */
    @FunctionalInterface
    private interface RowsKernel {
        void run(int xOff, int p);
    }

    /**
     * Runs kernel on every plane of an NCHW view whose rows have stride 1 (narrowed along W or C), over the
     * threads, in place: 2×2 windows read two rows at a time, so the rows' own stride serves as well as a copy's.
     */
    private static void forEachRowsPlane(PoolGeometry g, int channels, int offset, int[] strides, RowsKernel kernel) {
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                kernel.run(offset + p / channels * strides[0] + p % channels * strides[1], p);
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
    private static void forEachViewPlane(PoolGeometry g, int channels, float[] src, int offset, int[] strides,
                                         PlaneKernel kernel) {
        int plane = g.inPlane();
        int perBlock = Math.max(1, Math.min(channels, VIEW_BLOCK / Math.max(1, plane)));
        int[] blockStrides = {strides[1], strides[2], strides[3]};
        ConvMethod.forEach(g.planes(), (from, to) -> {
            float[] buffer = new float[perBlock * plane];
            for (int p = from; p < to; ) {
                int n = p / channels;
                int c = p % channels;
                int count = Math.min(to - p, Math.min(perBlock, channels - c));
                StridedCopyFloat.copy(src, offset + n * strides[0] + c * strides[1],
                        new int[] {count, g.inH(), g.inW()}, blockStrides, buffer);
                for (int q = 0; q < count; q++) {
                    kernel.run(buffer, q * plane, p + q);
                }
                p += count;
            }
        });
    }

    private static void maxPlane(PoolGeometry g, float[] x, int xOff, float[] y, float[] argmax, int yOff) {
        int inH = g.inH();
        int inW = g.inW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = oh * g.strideH() - g.padH();
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = ow * g.strideW() - g.padW();
                float best = Float.NEGATIVE_INFINITY;
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
                        float v = x[xOff + ih * inW + iw];
                        if (v > best || Float.isNaN(v) || arg < 0) {
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
     * 2×2 windows tiling the plane, without data-dependent branches: the maximum by Math.max, then the
     * first of the four (row-major: taps 0 1 / 2 3) equal to it, whose value is the output (so a -0.0 first
     * keeps its sign, as with the strict comparison). A NaN maximum takes the rare path that finds the last NaN.
     */
    private static void maxTwoByTwo(PoolGeometry g, float[] x, int xOff, int rowStride, float[] y, float[] argmax,
                                    int yOff, boolean simd) {
        int outW = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int r0 = xOff + 2 * oh * rowStride;
            int dst = yOff + oh * outW;
            maxTwoByTwoRow(x, r0, r0 + rowStride, y, dst, argmax, dst, outW, false, simd);
        }
    }

    /**
     * One row of 2×2 windows over the rows from r0 and r1 into y from yDst and argmax from argDst; when transposed
     * the two rows are columns of the pooled plane (stored transposed), so a window reads (a c / b d).
     */
    private static void maxTwoByTwoRow(float[] x, int r0, int r1, float[] y, int yDst, float[] argmax, int argDst,
                                       int outW, boolean transposed, boolean simd) {
        int start = simd ? PoolFloatSimd.maxRow(x, r0, r1, y, yDst, argmax, argDst, outW, transposed) : 0;
        for (int ow = start; ow < outW; ow++) {
            int j = 2 * ow;
            float a = x[r0 + j];
            float b = transposed ? x[r1 + j] : x[r0 + j + 1];
            float c = transposed ? x[r0 + j + 1] : x[r1 + j];
            float d = x[r1 + j + 1];
            float m = Math.max(Math.max(a, b), Math.max(c, d));
            int tap;
            if (m != m) {
                tap = d != d ? 3 : c != c ? 2 : b != b ? 1 : 0;
            } else {
                int k = c == m ? 2 : 3;
                k = b == m ? 1 : k;
                tap = a == m ? 0 : k;
            }
            y[yDst + ow] = tap == 0 ? a : tap == 1 ? b : tap == 2 ? c : d;
            argmax[argDst + ow] = tap;
        }
    }

    /** True when the transposes of pooled planes go through {@link TransposeFloatSimd}. */
    private static final boolean TRANSPOSE_SIMD = Kernels.simd() && TransposeFloatSimd.FITS;

    /**
     * 2×2 max pooling of an NCHW view whose H dim has stride 1 (H and W transposed: each plane stored as its
     * transpose, rows over H strides[3] apart), read in place: each stored plane is pooled a pair of its rows at a
     * time with windows read as (a c / b d), so that ties and NaNs go by the view's taps; y (contiguous NCHW) gets
     * each plane's result transposed back in registers, while argmaxT keeps the stored order ([N, C, OW, OH]
     * row-major, as {@link #maxScatterTransposed} reads it). The same values and argmax as for the contiguous copy.
     */
    public static void maxForwardTransposed(PoolGeometry g, int channels, float[] src, int offset, int[] strides,
                                            float[] y, float[] argmaxT) {
        boolean simd = Kernels.simd();
        int rowStride = strides[3];
        int outH = g.outH();
        ConvMethod.forEach(g.planes(), (from, to) -> {
            float[] t = new float[g.outPlane()];
            for (int p = from; p < to; p++) {
                int xOff = offset + p / channels * strides[0] + p % channels * strides[1];
                int yOff = p * g.outPlane();
                for (int ow = 0; ow < g.outW(); ow++) {
                    int r0 = xOff + 2 * ow * rowStride;
                    maxTwoByTwoRow(src, r0, r0 + rowStride, t, ow * outH, argmaxT, yOff + ow * outH, outH, true, simd);
                }
                transposePlane(t, g.outW(), outH, y, yOff);
            }
        });
    }

    /** 2×2 average pooling of a view whose H dim has stride 1, read in place as {@link #maxForwardTransposed}. */
    public static void avgForwardTransposed(PoolGeometry g, int channels, float[] src, int offset, int[] strides,
                                            float[] y) {
        boolean simd = Kernels.simd();
        int rowStride = strides[3];
        int outH = g.outH();
        ConvMethod.forEach(g.planes(), (from, to) -> {
            float[] t = new float[g.outPlane()];
            for (int p = from; p < to; p++) {
                int xOff = offset + p / channels * strides[0] + p % channels * strides[1];
                for (int ow = 0; ow < g.outW(); ow++) {
                    int r0 = xOff + 2 * ow * rowStride;
                    avgTwoByTwoRow(src, r0, r0 + rowStride, t, ow * outH, outH, true, simd);
                }
                transposePlane(t, g.outW(), outH, y, p * g.outPlane());
            }
        });
    }

    /** y[yOff + c·rows + r] = t[r·cols + c]: a rows × cols plane transposed, 8×8 blocks in registers. */
    private static void transposePlane(float[] t, int rows, int cols, float[] y, int yOff) {
        int r0 = 0;
        if (TRANSPOSE_SIMD) {
            int b = TransposeFloatSimd.B;
            for (; r0 + b <= rows; r0 += b) {
                int c0 = 0;
                for (; c0 + b <= cols; c0 += b) {
                    TransposeFloatSimd.block(t, r0 * cols + c0, cols, y, yOff + c0 * rows + r0, rows);
                }
                for (int r = r0; r < r0 + b; r++) {
                    for (int c = c0; c < cols; c++) {
                        y[yOff + c * rows + r] = t[r * cols + c];
                    }
                }
            }
        }
        for (int r = r0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                y[yOff + c * rows + r] = t[r * cols + c];
            }
        }
    }

    /**
     * gx[the input position of tap argmax[i] of window i] += gy[i] in each plane, into a gx the caller zeroed:
     * the adjoint of {@link #maxGather}.
     */
    public static void maxScatter(PoolGeometry g, float[] gy, float[] argmax, float[] gx) {
        maxScatter(g, gy, argmax, gx, Kernels.simd());
    }

    /** As {@link #maxScatter(PoolGeometry, float[], float[], float[])}, with or without the SIMD rows. */
    static void maxScatter(PoolGeometry g, float[] gy, float[] argmax, float[] gx, boolean simd) {
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                maxScatterPlane(g, gy, argmax, p * g.outPlane(), gx, p * g.inPlane(), g.inW(), simd);
            }
        });
    }

    /**
     * As {@link #maxScatter(PoolGeometry, float[], float[], float[])} into an NCHW view of gx whose rows have
     * stride 1 (the place of a narrowed input's gradient in its zero-padded gradient): storage gx from offset,
     * strides {sN, sC, sH, 1}, {@code channels} planes per image, zeroed by the caller. The same values.
     */
    public static void maxScatter(PoolGeometry g, int channels, float[] gy, float[] argmax, float[] gx, int offset,
                                  int[] strides) {
        boolean simd = Kernels.simd();
        forEachRowsPlane(g, channels, offset, strides, (xOff, p) ->
                maxScatterPlane(g, gy, argmax, p * g.outPlane(), gx, xOff, strides[2], simd));
    }

    /** The scatter of one plane: gy and argmax from yOff, gx from xOff with rows rowStride apart. */
    private static void maxScatterPlane(PoolGeometry g, float[] gy, float[] argmax, int yOff, float[] gx, int xOff,
                                        int rowStride, boolean simd) {
        for (int oh = 0; oh < g.outH(); oh++) {
            int done = 0;
            if (simd && g.isTwoByTwo()) {
                int r0 = xOff + 2 * oh * rowStride;
                done = PoolFloatSimd.maxScatterRow(gy, argmax, yOff + oh * g.outW(), gx, r0, r0 + rowStride, g.outW());
            }
            for (int ow = done; ow < g.outW(); ow++) {
                int i = yOff + oh * g.outW() + ow;
                int tap = (int) argmax[i];
                if (tap >= 0) {
                    gx[xOff + g.tapIndex(oh, ow, tap, rowStride)] += gy[i];
                }
            }
        }
    }

    /**
     * The scatter of a pooling by {@link #maxForwardTransposed}, in the stored order of its input: gyT and argmaxT
     * in [N, C, OW, OH] row-major order, gxT (zeroed by the caller) in [N, C, W, H] row-major order, so that a
     * transposed view of gxT is the input's gradient.
     */
    public static void maxScatterTransposed(PoolGeometry g, float[] gyT, float[] argmaxT, float[] gxT) {
        boolean simd = Kernels.simd();
        int rowStride = g.inH();
        int outH = g.outH();
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int r0 = p * g.inPlane() + 2 * ow * rowStride;
                    int r1 = r0 + rowStride;
                    int src = p * g.outPlane() + ow * outH;
                    int done = simd ? PoolFloatSimd.maxScatterRow(gyT, argmaxT, src, gxT, r0, r1, outH, true) : 0;
                    for (int oh = done; oh < outH; oh++) {
                        int tap = (int) argmaxT[src + oh];
                        // view tap ki·2 + kj sits in stored row kj, column ki
                        gxT[((tap & 1) == 0 ? r0 : r1) + 2 * oh + (tap >> 1)] += gyT[src + oh];
                    }
                }
            }
        });
    }

    /**
     * As {@link #maxScatter(PoolGeometry, float[], float[], float[])} (any windows) into gxT stored with H and W
     * transposed ([N, C, W, H] row-major, zeroed by the caller): the gradient of an input stored so.
     */
    public static void maxScatterIntoTransposed(PoolGeometry g, float[] gy, float[] argmax, float[] gxT) {
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xOff = p * g.inPlane();
                int yOff = p * g.outPlane();
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int i = yOff + oh * g.outW() + ow;
                        int tap = (int) argmax[i];
                        if (tap >= 0) {
                            gxT[xOff + g.tapIndexTransposed(oh, ow, tap)] += gy[i];
                        }
                    }
                }
            }
        });
    }

    /** y[i] = x[the input position of tap argmax[i] of window i] in each plane (0 where argmax is -1). */
    public static void maxGather(PoolGeometry g, float[] x, float[] argmax, float[] y) {
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xOff = p * g.inPlane();
                int yOff = p * g.outPlane();
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int i = yOff + oh * g.outW() + ow;
                        int tap = (int) argmax[i];
                        y[i] = tap >= 0 ? x[xOff + g.tapIndex(oh, ow, tap)] : 0f;
                    }
                }
            }
        });
    }

    /** y = window sum / divisor (see {@link PoolGeometry#avgDivisor}). */
    public static void avgForward(PoolGeometry g, float[] x, float[] y, boolean countIncludePad) {
        avgForward(g, x, y, countIncludePad, Kernels.simd());
    }

    /** As {@link #avgForward(PoolGeometry, float[], float[], boolean)}, with or without the SIMD rows. */
    static void avgForward(PoolGeometry g, float[] x, float[] y, boolean countIncludePad, boolean simd) {
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                if (g.isTwoByTwo()) {
                    avgTwoByTwo(g, x, p * g.inPlane(), g.inW(), y, p * g.outPlane(), simd);
                } else {
                    avgPlane(g, x, p * g.inPlane(), y, p * g.outPlane(), countIncludePad);
                }
            }
        });
    }

    /** As {@link #avgForward(PoolGeometry, float[], float[], boolean)} on an NCHW view (see maxForward's). */
    public static void avgForward(PoolGeometry g, int channels, float[] src, int offset, int[] strides, float[] y,
                                  boolean countIncludePad) {
        boolean simd = Kernels.simd();
        if (g.isTwoByTwo() && strides[3] == 1) {
            forEachRowsPlane(g, channels, offset, strides, (xOff, p) ->
                    avgTwoByTwo(g, src, xOff, strides[2], y, p * g.outPlane(), simd));
            return;
        }
        forEachViewPlane(g, channels, src, offset, strides, (x, xOff, p) -> {
            if (g.isTwoByTwo()) {
                avgTwoByTwo(g, x, xOff, g.inW(), y, p * g.outPlane(), simd);
            } else {
                avgPlane(g, x, xOff, y, p * g.outPlane(), countIncludePad);
            }
        });
    }

    /** 2×2 windows tiling the plane: every divisor is 4 (no padding, so countIncludePad does not matter). */
    private static void avgTwoByTwo(PoolGeometry g, float[] x, int xOff, int rowStride, float[] y, int yOff,
                                    boolean simd) {
        int outW = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int r0 = xOff + 2 * oh * rowStride;
            avgTwoByTwoRow(x, r0, r0 + rowStride, y, yOff + oh * outW, outW, false, simd);
        }
    }

    /** One row of 2×2 averages, (((a + b) + c) + d) / 4; when transposed, windows read (a c / b d). */
    private static void avgTwoByTwoRow(float[] x, int r0, int r1, float[] y, int dst, int outW, boolean transposed,
                                       boolean simd) {
        int start = simd ? PoolFloatSimd.avgRow(x, r0, r1, y, dst, outW, transposed) : 0;
        for (int ow = start; ow < outW; ow++) {
            int j = 2 * ow;
            float b = transposed ? x[r1 + j] : x[r0 + j + 1];
            float c = transposed ? x[r0 + j + 1] : x[r1 + j];
            y[dst + ow] = (x[r0 + j] + b + c + x[r1 + j + 1]) / 4;
        }
    }

    private static void avgPlane(PoolGeometry g, float[] x, int xOff, float[] y, int yOff, boolean countIncludePad) {
        int inW = g.inW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = oh * g.strideH() - g.padH();
            int h1 = Math.min(h0 + g.kernelH(), g.inH());
            h0 = Math.max(h0, 0);
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = ow * g.strideW() - g.padW();
                int w1 = Math.min(w0 + g.kernelW(), inW);
                w0 = Math.max(w0, 0);
                float s = 0f;
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
    public static void avgBackward(PoolGeometry g, float[] gy, float[] gx, boolean countIncludePad) {
        avgBackward(g, gy, gx, countIncludePad, Kernels.simd());
    }

    /** As {@link #avgBackward(PoolGeometry, float[], float[], boolean)}, with or without the SIMD rows. */
    static void avgBackward(PoolGeometry g, float[] gy, float[] gx, boolean countIncludePad, boolean simd) {
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                avgBackwardPlane(g, gy, p * g.outPlane(), gx, p * g.inPlane(), g.inW(), countIncludePad, simd);
            }
        });
    }

    /**
     * As {@link #avgBackward(PoolGeometry, float[], float[], boolean)} into an NCHW view of gx whose rows have
     * stride 1 (see {@link #maxScatter(PoolGeometry, int, float[], float[], float[], int, int[])}), zeroed by the
     * caller. The same values.
     */
    public static void avgBackward(PoolGeometry g, int channels, float[] gy, float[] gx, int offset, int[] strides,
                                   boolean countIncludePad) {
        boolean simd = Kernels.simd();
        forEachRowsPlane(g, channels, offset, strides, (xOff, p) ->
                avgBackwardPlane(g, gy, p * g.outPlane(), gx, xOff, strides[2], countIncludePad, simd));
    }

    /** The adjoint on one plane: gy from yOff, gx from xOff with rows rowStride apart. */
    private static void avgBackwardPlane(PoolGeometry g, float[] gy, int yOff, float[] gx, int xOff, int rowStride,
                                         boolean countIncludePad, boolean simd) {
        if (g.isTwoByTwo()) {
            avgBackwardTwoByTwo(g, gy, yOff, gx, xOff, rowStride, simd);
        } else {
            avgBackwardWindows(g, gy, yOff, gx, xOff, rowStride, countIncludePad);
        }
    }

    /** Windows do not overlap, so each gradient element is written once (uncovered edges stay zero). */
    private static void avgBackwardTwoByTwo(PoolGeometry g, float[] gy, int yOff, float[] gx, int xOff,
                                            int rowStride, boolean simd) {
        int outW = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int r0 = xOff + 2 * oh * rowStride;
            int r1 = r0 + rowStride;
            int src = yOff + oh * outW;
            int start = simd ? PoolFloatSimd.avgBackwardRow(gy, src, gx, r0, r1, outW) : 0;
            for (int ow = start; ow < outW; ow++) {
                float v = gy[src + ow] / 4;
                int j = 2 * ow;
                gx[r0 + j] = v;
                gx[r0 + j + 1] = v;
                gx[r1 + j] = v;
                gx[r1 + j + 1] = v;
            }
        }
    }

    private static void avgBackwardWindows(PoolGeometry g, float[] gy, int yOff, float[] gx, int xOff, int rowStride,
                                           boolean countIncludePad) {
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = oh * g.strideH() - g.padH();
            int h1 = Math.min(h0 + g.kernelH(), g.inH());
            h0 = Math.max(h0, 0);
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = ow * g.strideW() - g.padW();
                int w1 = Math.min(w0 + g.kernelW(), g.inW());
                w0 = Math.max(w0, 0);
                float v = gy[yOff + oh * g.outW() + ow] / g.avgDivisor(oh, ow, countIncludePad);
                for (int ih = h0; ih < h1; ih++) {
                    int row = xOff + ih * rowStride;
                    for (int iw = w0; iw < w1; iw++) {
                        gx[row + iw] += v;
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #avgForwardTransposed} in the stored order of its input: gyT in [N, C, OW, OH]
     * row-major order into gxT (zeroed by the caller) in [N, C, W, H] row-major order.
     */
    public static void avgBackwardTransposed(PoolGeometry g, float[] gyT, float[] gxT) {
        PoolGeometry stored = new PoolGeometry(g.planes(), g.inW(), g.inH(), g.outW(), g.outH(), 2, 2, 2, 2, 0, 0, 1, 1);
        avgBackward(stored, gyT, gxT, true);
    }
}
