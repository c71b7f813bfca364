package dev.tapegrad.ops.kernels;

/**
 * The weight gradient's panels from a channels-last image: the groupIn channel planes of an image transposed
 * into a zero-bordered image with the channels last in blocks of L ({@link #channelsLast(ConvGeometry, float[], int, int, int,
 * float[])}), whose panels ({@link #channelsLastPanels}) are then vector copies of L channels at one tap, with
 * the patch rows in the order of {@link #channelsLastRow}. FLOAT32; {@link Im2colChannelsLastDouble} is
 * generated from this file for FLOAT64.
 */
final class Im2colChannelsLastFloat {
    private static final boolean SIMD = Kernels.simd();

    /** Per-thread source offsets of one panel's channel blocks for {@link #channelsLastPanels}. */
    private static final ThreadLocal<int[]> PANEL_INDEX = ThreadLocal.withInitial(() -> new int[64]);

    /** Per-thread stage buffer of {@link #channelsLast}'s transposes. */
    private static final ThreadLocal<float[]> PANEL_BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    private Im2colChannelsLastFloat() {}

    /**
     * Whether {@link #channelsLastPanels} applies: with the Vector API, groupIn a multiple of the lane count L
     * (a block of L channels of one tap is L consecutive elements of a channels-last pixel), panels of whole
     * vectors, and rowFrom a multiple of L; and whether it pays: a kernel of several taps at least as large as
     * the stride, so that every input element the transpose moves is read by the panels (a 1×1 stride-2
     * kernel reads a quarter of them: 1 thread, CPU ms, 32→64 from 16×16 batch 64, 0.44 by gathers, 0.59
     * channels last).
     */
    static boolean channelsLast(ConvGeometry g, int width, int rowFrom) {
        return SIMD && Im2colSimdFloat.channelBlocks(g.groupIn()) && Im2colSimdFloat.fits(width)
                && rowFrom % Im2colSimdFloat.L == 0 && g.kernelH() * g.kernelW() > 1
                && g.kernelH() >= g.strideH() && g.kernelW() >= g.strideW();
    }

    /** Padded rows of the channels-last image: every row a tap of an output pixel reads. */
    private static int paddedH(ConvGeometry g) {
        return Math.max(g.padH() + g.inH(), (g.outH() - 1) * g.strideH() + (g.kernelH() - 1) * g.dilationH() + 1);
    }

    /** Padded columns of the channels-last image. */
    private static int paddedW(ConvGeometry g) {
        return Math.max(g.padW() + g.inW(), (g.outW() - 1) * g.strideW() + (g.kernelW() - 1) * g.dilationW() + 1);
    }

    /** Elements of the padded channels-last image of one group ({@link #channelsLast(ConvGeometry, float[], int, float[])}). */
    static int channelsLastSize(ConvGeometry g) {
        return paddedH(g) * paddedW(g) * g.groupIn();
    }

    /** Elements of one block of L channels in the padded channels-last image. */
    private static int blockSize(ConvGeometry g) {
        return paddedH(g) * paddedW(g) * Im2colSimdFloat.L;
    }

    /**
     * hwc[c / L·blockSize + ((ih + padH)·paddedW + iw + padW)·L + c % L] = x[xOff + c·inPlane + ih·inW + iw] for
     * the channels [c0, c1) (multiples of L) of the group at xOff: channels last in blocks of L channels (each
     * block a padded image of its own, whose pixels are one vector each), inside a zero border that the caller
     * fills once (only the inside is written). Each input row of a block is transposed L×L lanes at a time
     * ({@link Im2colSimdFloat#transpose}); only call it where {@link #channelsLast(ConvGeometry, int, int)} holds.
     * A whole image's channels per pixel would put the vectors a panel reads a page or more apart: blocks keep
     * them within a few pages (1 thread, CPU ms, the weight gradient's GEMMs of 3×3 stride-2 64→128 from 32×32,
     * batch 32, read in place by {@link ImplicitGemmSimdFloat}: 6.7 with 64 channels per pixel, 5.9 by blocks).
     */
    static void channelsLast(ConvGeometry g, float[] x, int xOff, int c0, int c1, float[] hwc) {
        int l = Im2colSimdFloat.L;
        int wp = paddedW(g);
        float[] buf = panelBuffer(l * l);
        for (int cb = c0; cb < c1; cb += l) {
            int block = cb / l * blockSize(g);
            for (int ih = 0; ih < g.inH(); ih++) {
                int s = xOff + cb * g.inPlane() + ih * g.inW();
                int d = block + ((ih + g.padH()) * wp + g.padW()) * l;
                int done = Im2colSimdFloat.transpose(x, s, g.inPlane(), l, g.inW(), hwc, d, l, buf, 0);
                for (int iw = done; iw < g.inW(); iw++) {
                    for (int j = 0; j < l; j++) {
                        hwc[d + iw * l + j] = x[s + j * g.inPlane() + iw];
                    }
                }
            }
        }
    }

    /** The channels [c0, c1) that rows [rowFrom, rowTo) of {@link #channelsLastPanels} read. */
    static int channelsLastFirst(ConvGeometry g, int rowFrom) {
        return rowFrom / (g.kernelH() * g.kernelW() * Im2colSimdFloat.L) * Im2colSimdFloat.L;
    }

    /** One past the last channel that rows before rowTo of {@link #channelsLastPanels} read. */
    static int channelsLastEnd(ConvGeometry g, int rowTo) {
        int block = g.kernelH() * g.kernelW() * Im2colSimdFloat.L;
        return Math.min(g.groupIn(), Math.ceilDiv(rowTo, block) * Im2colSimdFloat.L);
    }

    /**
     * The im2col row (channel c, tap t: c·kH·kW + t) of row r of {@link #channelsLastPanels}, whose rows run
     * over blocks of L channels, taps within a block, channels within a tap: r = (c / L·kH·kW + t)·L + c % L.
     */
    static int channelsLastRow(ConvGeometry g, int r) {
        int l = Im2colSimdFloat.L;
        int taps = g.kernelH() * g.kernelW();
        int rem = r % (taps * l);
        return (r / (taps * l) * l + rem % l) * taps + rem / l;
    }

    /**
     * The panels of {@link Im2colPanelsFloat#im2colPanels} from the channels-last image, with the rows in the order of
     * {@link #channelsLastRow}: each block of L rows is L channels at one tap, one vector copy per output pixel,
     * so that a range of rows reads few channel blocks; the zero border supplies the padding. Slots of the last
     * panel past rowTo are left unspecified.
     */
    static void channelsLastPanels(ConvGeometry g, float[] hwc, int rowFrom, int rowTo, int width, float[] out,
                                   int outOff) {
        int l = Im2colSimdFloat.L;
        int wp = paddedW(g);
        int[] src = PANEL_INDEX.get();
        if (src.length < width) {
            src = new int[width];
            PANEL_INDEX.set(src);
        }
        int panel = g.outPlane() * width;
        for (int p0 = rowFrom; p0 < rowTo; p0 += width) {
            int p1 = Math.min(rowTo, p0 + width);
            int base = outOff + (p0 - rowFrom) / width * panel;
            int chunks = vectorOffsets(g, p0, p1, src);
            Im2colSimdFloat.channelsLastPanel(g, hwc, wp * l, g.strideW() * l, src, chunks, width, out, base);
        }
    }

    /**
     * Where each block of L rows of {@link #channelsLastPanels} from rowFrom on (up to rowTo) reads, relative to
     * an output pixel's first tap (see {@link #pixelOffsets}): src[j] for rows rowFrom + j·L. Returns the count.
     */
    static int vectorOffsets(ConvGeometry g, int rowFrom, int rowTo, int[] src) {
        int wp = paddedW(g);
        int l = Im2colSimdFloat.L;
        int taps = g.kernelH() * g.kernelW();
        int chunks = (rowTo - rowFrom + l - 1) / l;
        for (int j = 0; j < chunks; j++) {
            int r = rowFrom + j * l;
            int t = r % (taps * l) / l;
            src[j] = r / (taps * l) * blockSize(g) + (t / g.kernelW() * g.dilationH() * wp + t % g.kernelW() * g.dilationW()) * l;
        }
        return chunks;
    }

    /**
     * off[oh·outW + ow] = where output pixel (oh, ow)'s first tap lies in the channels-last image, so that row r
     * of {@link #channelsLastPanels} at that pixel is hwc[off[pixel] + src[r / L] + r % L] ({@link #vectorOffsets}).
     */
    static void pixelOffsets(ConvGeometry g, int[] off) {
        int rowStep = paddedW(g) * Im2colSimdFloat.L * g.strideH();
        int pixelStep = Im2colSimdFloat.L * g.strideW();
        for (int oh = 0, p = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++, p++) {
                off[p] = oh * rowStep + ow * pixelStep;
            }
        }
    }

    /** The per-thread stage buffer of the transposes, at least n elements. */
    private static float[] panelBuffer(int n) {
        float[] b = Buffers.atLeast(PANEL_BUFFER.get(), n);
        PANEL_BUFFER.set(b);
        return b;
    }
}
