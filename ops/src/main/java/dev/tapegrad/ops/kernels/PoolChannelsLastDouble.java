// GENERATED from PoolChannelsLastFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

/**
 * Max and average pooling over channels-last storage: x[((n·inH + h)·inW + w)·C + c], the memory order of an [N, C, H, W]
 * tensor permuted from [N, H, W, C]; the output and argmax are written in the same order,
 * y[((n·outH + oh)·outW + ow)·C + c]. Each window's taps are visited in the row-major order of the NCHW
 * kernels ({@link PoolDouble}), with the same comparisons (strict {@code >} keeps the first maximum, a NaN is
 * taken whenever met), so values and argmax are bit for bit theirs; the scatter adds each window's gradient in
 * the same window order, so its sums are too. The channels of a window are contiguous, so
 * {@link PoolChannelsLastSimdDouble} runs them L lanes at a time when the Vector API is present; the scalar loops
 * here are its reference and do the remaining channels. FLOAT64; Generated from {@link PoolChannelsLastFloat}: edit that file, not this one.
 */
public final class PoolChannelsLastDouble {
    private PoolChannelsLastDouble() {}

    /** y = max over each window, argmax = its tap ki·kernelW + kj (-1 for a window with no input pixel). */
    public static void maxForward(PoolGeometry g, int channels, double[] x, double[] y, double[] argmax) {
        maxForward(g, channels, x, y, argmax, Kernels.simd());
    }

    /** As {@link #maxForward(PoolGeometry, int, double[], double[], double[])}, with or without the SIMD loops. */
    static void maxForward(PoolGeometry g, int channels, double[] x, double[] y, double[] argmax, boolean simd) {
        int batch = g.planes() / channels;
        boolean tiles = g.isTwoByTwo();
        ConvMethod.forEach(batch * g.outH(), (from, to) -> {
            for (int r = from; r < to; r++) {
                int n = r / g.outH();
                int oh = r % g.outH();
                int image = n * g.inPlane() * channels;
                if (tiles) {
                    int first = image + 2 * oh * g.inW() * channels;
                    int o = r * g.outW() * channels;
                    int done = simd ? PoolChannelsLastSimdDouble.maxTileRow(g, channels, x, first, y, argmax, o) : 0;
                    maxTileRow(g, channels, x, first, y, argmax, o, done);
                    continue;
                }
                for (int ow = 0; ow < g.outW(); ow++) {
                    int o = (r * g.outW() + ow) * channels;
                    int done = simd ? PoolChannelsLastSimdDouble.maxWindow(g, channels, x, image, oh, ow, y, argmax, o) : 0;
                    maxWindow(g, channels, x, image, oh, ow, y, argmax, o, done);
                }
            }
        });
    }

    /**
     * Channels [c0, channels) of a row of 2×2 tiles (input rows from first, outputs from o): the taps in the order
     * and with the comparisons of {@link #maxWindow}, without its per-window bounds.
     */
    static void maxTileRow(PoolGeometry g, int channels, double[] x, int first, double[] y, double[] argmax, int o, int c0) {
        int below = g.inW() * channels;
        for (int ow = 0; ow < g.outW(); ow++, o += channels, first += 2 * channels) {
            for (int c = c0; c < channels; c++) {
                int p = first + c;
                double best = x[p];
                int arg = 0;
                double v = x[p + channels];
                if (v > best || Double.isNaN(v)) {
                    best = v;
                    arg = 1;
                }
                v = x[p + below];
                if (v > best || Double.isNaN(v)) {
                    best = v;
                    arg = 2;
                }
                v = x[p + below + channels];
                if (v > best || Double.isNaN(v)) {
                    best = v;
                    arg = 3;
                }
                y[o + c] = best;
                argmax[o + c] = arg;
            }
        }
    }

    /** Channels [c0, channels) of window (oh, ow) of the image at x[image]: outputs at y[o + c]. */
    static void maxWindow(PoolGeometry g, int channels, double[] x, int image, int oh, int ow, double[] y,
                          double[] argmax, int o, int c0) {
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        for (int c = c0; c < channels; c++) {
            double best = Double.NEGATIVE_INFINITY;
            int arg = -1;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int ih = h0 + ki * g.dilationH();
                if (ih < 0 || ih >= g.inH()) {
                    continue;
                }
                for (int kj = 0; kj < g.kernelW(); kj++) {
                    int iw = w0 + kj * g.dilationW();
                    if (iw < 0 || iw >= g.inW()) {
                        continue;
                    }
                    double v = x[image + (ih * g.inW() + iw) * channels + c];
                    if (v > best || Double.isNaN(v) || arg < 0) {
                        best = v;
                        arg = ki * g.kernelW() + kj;
                    }
                }
            }
            y[o + c] = best;
            argmax[o + c] = arg;
        }
    }

    /**
     * gx[the input position of tap argmax[i] of window i] += gy[i], all in channels-last order, into a gx the
     * caller zeroed: the adjoint of gathering by argmax. Images are split over the threads (each writes its own).
     */
    public static void maxScatter(PoolGeometry g, int channels, double[] gy, double[] argmax, double[] gx) {
        maxScatter(g, channels, gy, channels, argmax, gx, Kernels.simd());
    }

    /**
     * As {@link #maxScatter(PoolGeometry, int, double[], double[], double[])} with the gradient of window i at
     * {@code gy[i·gyStep + c]}: gyStep = channels for a channels-last gy, 0 for one gradient per channel shared by
     * every window (an expanded seed, read without materializing it).
     */
    public static void maxScatter(PoolGeometry g, int channels, double[] gy, int gyStep, double[] argmax, double[] gx) {
        maxScatter(g, channels, gy, gyStep, argmax, gx, Kernels.simd());
    }

    /** As {@link #maxScatter(PoolGeometry, int, double[], double[], double[])}, with or without the SIMD loops. */
    static void maxScatter(PoolGeometry g, int channels, double[] gy, double[] argmax, double[] gx, boolean simd) {
        maxScatter(g, channels, gy, channels, argmax, gx, simd);
    }

    /**
     * The scatter with gy's window step ({@link #maxScatter(PoolGeometry, int, double[], int, double[], double[])}),
     * with or without the SIMD loops. 2×2 tiles write each input element of a window once (0 + g at the argmax,
     * +0.0 elsewhere: what adding into zeros gives) instead of adding into it.
     */
    static void maxScatter(PoolGeometry g, int channels, double[] gy, int gyStep, double[] argmax, double[] gx,
                           boolean simd) {
        int batch = g.planes() / channels;
        boolean tiles = g.isTwoByTwo();
        ConvMethod.forEach(batch, (from, to) -> {
            for (int n = from; n < to; n++) {
                int image = n * g.inPlane() * channels;
                for (int oh = 0; oh < g.outH(); oh++) {
                    int row = (n * g.outH() + oh) * g.outW();
                    if (tiles) {
                        int first = image + 2 * oh * g.inW() * channels;
                        int done = simd ? PoolChannelsLastSimdDouble.scatterTileRow(g, channels, gy, row * gyStep, gyStep,
                                argmax, row * channels, gx, first) : 0;
                        scatterTileRow(g, channels, gy, row * gyStep, gyStep, argmax, row * channels, gx, first, done);
                        continue;
                    }
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int window = row + ow;
                        int o = window * channels;
                        int og = window * gyStep;
                        int done = simd ? PoolChannelsLastSimdDouble.scatterWindow(g, channels, gy, og, argmax, o, gx, image, oh, ow) : 0;
                        scatterWindow(g, channels, gy, og, argmax, o, gx, image, oh, ow, done);
                    }
                }
            }
        });
    }

    /**
     * Channels [c0, channels) of a row of 2×2 tiles (windows from o in argmax, og in gy, input rows from first),
     * each input element written once: 0 + g at the argmax (what adding into zeros gives), +0.0 elsewhere.
     */
    static void scatterTileRow(PoolGeometry g, int channels, double[] gy, int og, int gyStep, double[] argmax, int o,
                               double[] gx, int first, int c0) {
        int right = channels;
        int below = g.inW() * channels;
        for (int ow = 0; ow < g.outW(); ow++, o += channels, og += gyStep, first += 2 * channels) {
            for (int c = c0; c < channels; c++) {
                int tap = (int) argmax[o + c];
                double v = 0.0 + gy[og + c];
                int p = first + c;
                gx[p] = tap == 0 ? v : 0.0;
                gx[p + right] = tap == 1 ? v : 0.0;
                gx[p + below] = tap == 2 ? v : 0.0;
                gx[p + below + right] = tap == 3 ? v : 0.0;
            }
        }
    }

    /** Channels [c0, channels) of window (oh, ow): gradients at gy[og + c] added at their argmax taps (o + c). */
    static void scatterWindow(PoolGeometry g, int channels, double[] gy, int og, double[] argmax, int o, double[] gx,
                              int image, int oh, int ow, int c0) {
        for (int c = c0; c < channels; c++) {
            int tap = (int) argmax[o + c];
            if (tap >= 0) {
                gx[image + g.tapIndex(oh, ow, tap) * channels + c] += gy[og + c];
            }
        }
    }

    /**
     * y = window sum / divisor ({@link PoolGeometry#avgDivisor}) in channels-last order, each window's taps added in
     * the row-major order of {@link PoolDouble}'s loops (2×2 tiles as a + b + c + d, others from +0.0), so the same
     * values bit for bit.
     */
    public static void avgForward(PoolGeometry g, int channels, double[] x, double[] y, boolean countIncludePad) {
        avgForward(g, channels, x, y, countIncludePad, Kernels.simd());
    }

    /** As {@link #avgForward(PoolGeometry, int, double[], double[], boolean)}, with or without the SIMD loops. */
    static void avgForward(PoolGeometry g, int channels, double[] x, double[] y, boolean countIncludePad, boolean simd) {
        int batch = g.planes() / channels;
        boolean tiles = g.isTwoByTwo();
        ConvMethod.forEach(batch * g.outH(), (from, to) -> {
            for (int r = from; r < to; r++) {
                int n = r / g.outH();
                int oh = r % g.outH();
                int image = n * g.inPlane() * channels;
                if (tiles) {
                    int first = image + 2 * oh * g.inW() * channels;
                    int o = r * g.outW() * channels;
                    int done = simd ? PoolChannelsLastSimdDouble.avgTileRow(g, channels, x, first, y, o) : 0;
                    avgTileRow(g, channels, x, first, y, o, done);
                    continue;
                }
                for (int ow = 0; ow < g.outW(); ow++) {
                    int o = (r * g.outW() + ow) * channels;
                    int done = simd ? PoolChannelsLastSimdDouble.avgWindow(g, channels, x, image, oh, ow, y, o, countIncludePad) : 0;
                    avgWindow(g, channels, x, image, oh, ow, y, o, done, countIncludePad);
                }
            }
        });
    }

    /** Channels [c0, channels) of a row of 2×2 tiles (input rows from first, outputs from o): (a + b + c + d) / 4. */
    static void avgTileRow(PoolGeometry g, int channels, double[] x, int first, double[] y, int o, int c0) {
        int below = g.inW() * channels;
        for (int ow = 0; ow < g.outW(); ow++, o += channels, first += 2 * channels) {
            for (int c = c0; c < channels; c++) {
                int p = first + c;
                y[o + c] = (x[p] + x[p + channels] + x[p + below] + x[p + below + channels]) / 4;
            }
        }
    }

    /**
     * Channels [c0, channels) of average window (oh, ow) of the image at x[image]: outputs at y[o + c]. Windows
     * other than 2×2 tiles ({@link #avgTileRow} does those).
     */
    static void avgWindow(PoolGeometry g, int channels, double[] x, int image, int oh, int ow, double[] y, int o, int c0,
                          boolean countIncludePad) {
        int h0 = oh * g.strideH() - g.padH();
        int h1 = Math.min(h0 + g.kernelH(), g.inH());
        h0 = Math.max(h0, 0);
        int w0 = ow * g.strideW() - g.padW();
        int w1 = Math.min(w0 + g.kernelW(), g.inW());
        w0 = Math.max(w0, 0);
        int divisor = g.avgDivisor(oh, ow, countIncludePad);
        for (int c = c0; c < channels; c++) {
            double s = 0.0;
            for (int ih = h0; ih < h1; ih++) {
                for (int iw = w0; iw < w1; iw++) {
                    s += x[image + (ih * g.inW() + iw) * channels + c];
                }
            }
            y[o + c] = s / divisor;
        }
    }

    /**
     * gx = the adjoint of {@link #avgForward} in channels-last order, into a gx the caller zeroed: each gy divided by
     * its divisor and added over its window (written, for 2×2 tiles), windows in the order of {@link PoolDouble}'s
     * loops. Images are split over the threads.
     */
    public static void avgBackward(PoolGeometry g, int channels, double[] gy, double[] gx, boolean countIncludePad) {
        avgBackward(g, channels, gy, channels, gx, countIncludePad, Kernels.simd());
    }

    /**
     * As {@link #avgBackward(PoolGeometry, int, double[], double[], boolean)} with the gradient of window i at
     * {@code gy[i·gyStep + c]} (gyStep 0: one gradient per channel for every window, an expanded seed).
     */
    public static void avgBackward(PoolGeometry g, int channels, double[] gy, int gyStep, double[] gx,
                                   boolean countIncludePad) {
        avgBackward(g, channels, gy, gyStep, gx, countIncludePad, Kernels.simd());
    }

    /** As {@link #avgBackward(PoolGeometry, int, double[], double[], boolean)}, with or without the SIMD loops. */
    static void avgBackward(PoolGeometry g, int channels, double[] gy, double[] gx, boolean countIncludePad, boolean simd) {
        avgBackward(g, channels, gy, channels, gx, countIncludePad, simd);
    }

    /** As {@link #avgBackward(PoolGeometry, int, double[], int, double[], boolean)}, with or without the SIMD loops. */
    static void avgBackward(PoolGeometry g, int channels, double[] gy, int gyStep, double[] gx, boolean countIncludePad,
                            boolean simd) {
        int batch = g.planes() / channels;
        boolean tiles = g.isTwoByTwo();
        ConvMethod.forEach(batch, (from, to) -> {
            for (int n = from; n < to; n++) {
                int image = n * g.inPlane() * channels;
                for (int oh = 0; oh < g.outH(); oh++) {
                    int row = (n * g.outH() + oh) * g.outW();
                    if (tiles) {
                        int first = image + 2 * oh * g.inW() * channels;
                        int done = simd ? PoolChannelsLastSimdDouble.avgBackwardTileRow(g, channels, gy, row * gyStep, gyStep,
                                gx, first) : 0;
                        avgBackwardTileRow(g, channels, gy, row * gyStep, gyStep, gx, first, done);
                        continue;
                    }
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int og = (row + ow) * gyStep;
                        int done = simd ? PoolChannelsLastSimdDouble.avgBackwardWindow(g, channels, gy, og, gx, image, oh, ow, countIncludePad) : 0;
                        avgBackwardWindow(g, channels, gy, og, gx, image, oh, ow, done, countIncludePad);
                    }
                }
            }
        });
    }

    /** Channels [c0, channels) of a row of 2×2 tiles (gradients from og, input rows from first): gy / 4 written to all four. */
    static void avgBackwardTileRow(PoolGeometry g, int channels, double[] gy, int og, int gyStep, double[] gx, int first,
                                   int c0) {
        int below = g.inW() * channels;
        for (int ow = 0; ow < g.outW(); ow++, og += gyStep, first += 2 * channels) {
            for (int c = c0; c < channels; c++) {
                double v = gy[og + c] / 4;
                int p = first + c;
                gx[p] = v;
                gx[p + channels] = v;
                gx[p + below] = v;
                gx[p + below + channels] = v;
            }
        }
    }

    /**
     * Channels [c0, channels) of average window (oh, ow): gy[og + c] / divisor added over the window. Windows other
     * than 2×2 tiles ({@link #avgBackwardTileRow} does those).
     */
    static void avgBackwardWindow(PoolGeometry g, int channels, double[] gy, int og, double[] gx, int image, int oh, int ow,
                                  int c0, boolean countIncludePad) {
        int h0 = oh * g.strideH() - g.padH();
        int h1 = Math.min(h0 + g.kernelH(), g.inH());
        h0 = Math.max(h0, 0);
        int w0 = ow * g.strideW() - g.padW();
        int w1 = Math.min(w0 + g.kernelW(), g.inW());
        w0 = Math.max(w0, 0);
        int divisor = g.avgDivisor(oh, ow, countIncludePad);
        for (int c = c0; c < channels; c++) {
            double v = gy[og + c] / divisor;
            for (int ih = h0; ih < h1; ih++) {
                for (int iw = w0; iw < w1; iw++) {
                    gx[image + (ih * g.inW() + iw) * channels + c] += v;
                }
            }
        }
    }
}
