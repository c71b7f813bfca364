package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * Unfolds the receptive fields of one image and one group into a block of a matrix and folds it back.
 * The block has {@link ConvGeometry#patch()} rows, row {@code (c·kH + ki)·kW + kj} starting at
 * {@code colOff + row·ld}, and {@link ConvGeometry#outPlane()} columns, one per output pixel; taps outside
 * the input are zero. Several images side by side (ld = images · outPlane) make one wide matrix. FLOAT32;
 * {@link Im2colDouble} is generated from this file for FLOAT64.
 *
 * <p>Per tap (row of the block), the output rows whose input row lies outside the input are zeroed with one
 * fill above and one below; the rows in between are copied whole when the tap needs no column clipping and
 * the input rows are contiguous (stride 1, outW = inW), else row by row with their few border zeros written
 * in place, by {@code System.arraycopy} at column stride 1 and by a gather loop otherwise (stride 2 has its
 * own loop, with the constant stride the JIT can unroll). At column stride 2 with a kernel at least 3 wide
 * and rows of 32 or more, the input rows are first split into their even and odd columns with the Vector API
 * ({@link #splits}), so that both unfolding and folding run over consecutive columns.
 *
 * <p>{@link #im2colPanels} writes the block transposed into the packed-B panels of {@link Gemm#sgemmPanels}
 * for the weight gradient.
 */
public final class Im2colFloat {
    private static final boolean SIMD = Kernels.simd();

    /** Per-thread tap tables of one panel for {@link #im2colPanels} (and its gathers' offsets). */
    private static final ThreadLocal<int[]> PANEL_INDEX = ThreadLocal.withInitial(() -> new int[64]);

    /** Shortest row that {@link #col2im} adds with the vector loop (shorter rows would be mostly masked tail). */
    private static final int VECTOR_ROW = 8;

    /** Per-thread stage buffer of {@link #channelsLast}'s transposes. */
    private static final ThreadLocal<float[]> PANEL_BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    /** Per-thread rows split by parity for stride-2 unfolding and folding. */
    private static final ThreadLocal<float[]> SPLIT = ThreadLocal.withInitial(() -> new float[0]);

    private Im2colFloat() {}

    /** col[r][p] = x[c][oh·sH + ki·dH - pH][ow·sW + kj·dW - pW] for the groupIn channels starting at xOff. */
    public static void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld) {
        im2col(g, x, xOff, col, colOff, ld, 0, g.patch());
    }

    /** Rows [rowFrom, rowTo) of the unfolded block only, written from colOff on (row rowFrom first). */
    public static void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld, int rowFrom, int rowTo) {
        int ow = g.outW();
        int plane = g.outPlane();
        int kW = g.kernelW();
        // Tap ki - back reads input row oh·sH + offH(ki) = (oh + shift)·sH + offH(ki - back): its output row oh
        // is the earlier tap's row oh + shift.
        int back = g.strideH() / gcd(g.strideH(), g.dilationH());
        int shift = back * g.dilationH() / g.strideH();
        int taps = g.kernelH() * kW;
        boolean split = splits(g);
        float[] src = x;
        if (split) {
            src = splitRows(g, x, xOff, rowFrom / taps, (rowTo + taps - 1) / taps);
        }
        int row = 0;
        for (int c = 0; c < g.groupIn(); c++) {
            int xc = split ? c * g.inPlane() : xOff + c * g.inPlane();
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int offH = ki * g.dilationH() - g.padH();
                int r0 = g.firstRow(offH);
                int r1 = g.endRow(offH);
                for (int kj = 0; kj < kW; kj++, row++) {
                    if (row < rowFrom || row >= rowTo) {
                        continue;
                    }
                    int offW = kj * g.dilationW() - g.padW();
                    int base = colOff + (row - rowFrom) * ld;
                    Arrays.fill(col, base, base + r0 * ow, 0f);
                    Arrays.fill(col, base + r1 * ow, base + plane, 0f);
                    int lo = r1;
                    int hi = r1;
                    if (ki >= back && row - back * kW >= rowFrom) {
                        int offPrev = offH - back * g.dilationH();
                        lo = Math.max(r0, g.firstRow(offPrev) - shift);
                        hi = Math.max(lo, Math.min(r1, g.endRow(offPrev) - shift));
                        int prev = colOff + (row - back * kW - rowFrom) * ld;
                        System.arraycopy(col, prev + (lo + shift) * ow, col, base + lo * ow, (hi - lo) * ow);
                    }
                    unfoldRows(g, src, xc, offH, offW, split, col, base, r0, lo);
                    unfoldRows(g, src, xc, offH, offW, split, col, base, hi, r1);
                }
            }
        }
    }

    /**
     * Rows [rowFrom, rowTo) of the unfolded block, transposed into panels of width rows: row r at pixel p goes
     * to out[outOff + (i / width)·outPlane·width + p·width + i % width] with i = r - rowFrom. This is the
     * packed B of {@link Gemm#sgemmPanels} for B = colᵀ (outPlane × rows), so the weight gradient's GEMM reads
     * it without a transposing copy. With the Vector API, the pixels whose receptive field lies inside the
     * input are gathered a vector at a time ({@link Im2colSimdFloat}) and only the border goes element by
     * element. Slots of the last panel past rowTo are left unspecified.
     */
    public static void im2colPanels(ConvGeometry g, float[] x, int xOff, int rowFrom, int rowTo, int width, float[] out,
                                    int outOff) {
        boolean gather = SIMD && Im2colSimdFloat.fits(width);
        int ohLo = gather ? interiorFirst(g.padH(), g.strideH()) : 0;
        int ohHi = gather ? interiorEnd(g.inH(), g.padH(), g.kernelH(), g.strideH(), g.dilationH(), g.outH(), ohLo) : 0;
        int owLo = gather ? interiorFirst(g.padW(), g.strideW()) : 0;
        int owHi = gather ? interiorEnd(g.inW(), g.padW(), g.kernelW(), g.strideW(), g.dilationW(), g.outW(), owLo) : 0;
        int[] tap = PANEL_INDEX.get();
        if (tap.length < 3 * width) {
            tap = new int[3 * width];
            PANEL_INDEX.set(tap);
        }
        int panel = g.outPlane() * width;
        for (int p0 = rowFrom; p0 < rowTo; p0 += width) {
            int p1 = Math.min(rowTo, p0 + width);
            int base = outOff + (p0 - rowFrom) / width * panel;
            if (gather) {
                Im2colSimdFloat.interior(g, x, xOff, p0, p1, width, out, base, ohLo, ohHi, owLo, owHi, tap);
            }
            int kW = g.kernelW();
            int taps = g.kernelH() * kW;
            for (int r = p0; r < p1; r++) {
                tap[r - p0] = xOff + r / taps * g.inPlane();
                tap[width + r - p0] = r % taps / kW * g.dilationH() - g.padH();
                tap[2 * width + r - p0] = r % kW * g.dilationW() - g.padW();
            }
            for (int oh = 0; oh < g.outH(); oh++) {
                boolean inner = oh >= ohLo && oh < ohHi;
                for (int ow = 0; ow < g.outW(); ow++) {
                    if (inner && ow == owLo && owLo < owHi) {
                        ow = owHi - 1;
                    } else {
                        panelPixel(g, x, oh, ow, p1 - p0, width, tap, out, base + (oh * g.outW() + ow) * width);
                    }
                }
            }
        }
    }

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

    /**
     * hwc[((ih + padH)·paddedW + iw + padW)·groupIn + c] = x[xOff + c·inPlane + ih·inW + iw] for the channels
     * [c0, c1) (multiples of L) of the group at xOff, channels last, inside a zero border that the caller fills
     * once (only the inside is written). Each input row is transposed L×L lanes at a time
     * ({@link Im2colSimdFloat#transpose}); only call it where {@link #channelsLast(ConvGeometry, int, int)} holds.
     */
    static void channelsLast(ConvGeometry g, float[] x, int xOff, int c0, int c1, float[] hwc) {
        int c = g.groupIn();
        int wp = paddedW(g);
        float[] buf = panelBuffer(Im2colSimdFloat.L * Im2colSimdFloat.L);
        for (int ih = 0; ih < g.inH(); ih++) {
            int s = xOff + c0 * g.inPlane() + ih * g.inW();
            int d = ((ih + g.padH()) * wp + g.padW()) * c + c0;
            int done = Im2colSimdFloat.transpose(x, s, g.inPlane(), c1 - c0, g.inW(), hwc, d, c, buf, 0);
            for (int iw = done; iw < g.inW(); iw++) {
                for (int j = 0; j < c1 - c0; j++) {
                    hwc[d + iw * c + j] = x[s + j * g.inPlane() + iw];
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
     * The panels of {@link #im2colPanels} from the channels-last image, with the rows in the order of
     * {@link #channelsLastRow}: each block of L rows is L channels at one tap, one vector copy per output pixel,
     * so that a range of rows reads few channel blocks; the zero border supplies the padding. Slots of the last
     * panel past rowTo are left unspecified.
     */
    static void channelsLastPanels(ConvGeometry g, float[] hwc, int rowFrom, int rowTo, int width, float[] out,
                                   int outOff) {
        int c = g.groupIn();
        int wp = paddedW(g);
        int l = Im2colSimdFloat.L;
        int[] src = PANEL_INDEX.get();
        if (src.length < width) {
            src = new int[width];
            PANEL_INDEX.set(src);
        }
        int panel = g.outPlane() * width;
        for (int p0 = rowFrom; p0 < rowTo; p0 += width) {
            int p1 = Math.min(rowTo, p0 + width);
            int base = outOff + (p0 - rowFrom) / width * panel;
            int chunks = (p1 - p0 + l - 1) / l;
            int taps = g.kernelH() * g.kernelW();
            for (int j = 0; j < chunks; j++) {
                int r = p0 + j * l;
                int t = r % (taps * l) / l;
                src[j] = (t / g.kernelW() * g.dilationH() * wp + t % g.kernelW() * g.dilationW()) * c + r / (taps * l) * l;
            }
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int pixel = (oh * g.strideH() * wp + ow * g.strideW()) * c;
                    int d = base + (oh * g.outW() + ow) * width;
                    for (int j = 0; j < chunks; j++) {
                        Im2colSimdFloat.copy(hwc, pixel + src[j], out, d + j * l, l);
                    }
                }
            }
        }
    }

    /** The per-thread stage buffer of the transposes, at least n elements. */
    private static float[] panelBuffer(int n) {
        float[] b = Buffers.atLeast(PANEL_BUFFER.get(), n);
        PANEL_BUFFER.set(b);
        return b;
    }

    /** Output pixels whose whole receptive field lies inside the input (those im2colPanels can gather). */
    static int interiorPixels(ConvGeometry g) {
        int ohLo = interiorFirst(g.padH(), g.strideH());
        int owLo = interiorFirst(g.padW(), g.strideW());
        int rows = interiorEnd(g.inH(), g.padH(), g.kernelH(), g.strideH(), g.dilationH(), g.outH(), ohLo) - ohLo;
        int cols = interiorEnd(g.inW(), g.padW(), g.kernelW(), g.strideW(), g.dilationW(), g.outW(), owLo) - owLo;
        return rows * cols;
    }

    /** First output index whose first tap is inside the input along one axis. */
    private static int interiorFirst(int pad, int stride) {
        return Math.ceilDiv(pad, stride);
    }

    /** One past the last output index (at least lo) whose last tap is inside the input along one axis. */
    private static int interiorEnd(int in, int pad, int kernel, int stride, int dilation, int out, int lo) {
        return Math.max(lo, Math.min(out, Math.ceilDiv(in + pad - (kernel - 1) * dilation, stride)));
    }

    /**
     * One pixel's row of a panel, n taps: out[d + j] = x at tap j (channel plane tap[j], row offset
     * tap[width + j], column offset tap[2·width + j]) of pixel (oh, ow), or zero outside the input.
     */
    private static void panelPixel(ConvGeometry g, float[] x, int oh, int ow, int n, int width, int[] tap, float[] out,
                                   int d) {
        int h0 = oh * g.strideH();
        int w0 = ow * g.strideW();
        for (int j = 0; j < n; j++) {
            int ih = h0 + tap[width + j];
            int iw = w0 + tap[2 * width + j];
            boolean inside = ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW();
            out[d + j] = inside ? x[tap[j] + ih * g.inW() + iw] : 0f;
        }
    }

    /**
     * Stride-2 columns read and written through rows split by parity: input row [x0, x1, x2, ...] becomes
     * [x0, x2, ... | x1, x3, ...] (the even half has ceil(inW / 2) elements), so that a tap's columns
     * 2·j + offW are consecutive. Per-thread buffer of a group's channels; channels [c0, c1) are filled.
     */
    private static float[] splitRows(ConvGeometry g, float[] x, int xOff, int c0, int c1) {
        float[] s = split(g.groupIn() * g.inPlane());
        int w = g.inW();
        int even = (w + 1) / 2;
        for (int r = c0 * g.inH(); r < c1 * g.inH(); r++) {
            int xr = xOff + r * w;
            int sr = r * w;
            int i = SIMD ? Im2colSimdFloat.split(x, xr, w / 2, s, sr, sr + even) : 0;
            for (; i < w / 2; i++) {
                s[sr + i] = x[xr + 2 * i];
                s[sr + even + i] = x[xr + 2 * i + 1];
            }
            if (w % 2 != 0) {
                s[sr + even - 1] = x[xr + w - 1];
            }
        }
        return s;
    }

    /** Writes split rows of channels [c0, c1) back into x in their natural order (the inverse of splitRows). */
    private static void mergeRows(ConvGeometry g, float[] s, int c0, int c1, float[] x, int xOff) {
        int w = g.inW();
        int even = (w + 1) / 2;
        for (int r = c0 * g.inH(); r < c1 * g.inH(); r++) {
            int xr = xOff + r * w;
            int sr = r * w;
            int i = SIMD ? Im2colSimdFloat.merge(s, sr, sr + even, w / 2, x, xr) : 0;
            for (; i < w / 2; i++) {
                x[xr + 2 * i] = s[sr + i];
                x[xr + 2 * i + 1] = s[sr + even + i];
            }
            if (w % 2 != 0) {
                x[xr + w - 1] = s[sr + even - 1];
            }
        }
    }

    /**
     * Whether stride-2 columns go through rows split by parity: with the Vector API (which splits and merges
     * rows a vector at a time), rows of at least two vectors, and a kernel at least 3 wide, so that an input
     * element is read (or added to) more than once and the split's extra passes pay.
     */
    private static boolean splits(ConvGeometry g) {
        return SIMD && g.strideW() == 2 && g.kernelW() >= 3 && g.inW() >= 32;
    }

    /** Where column 2·j + offW of a split row lies, less j. */
    private static int splitColumn(ConvGeometry g, int offW) {
        return (offW & 1) == 0 ? Math.floorDiv(offW, 2) : (g.inW() + 1) / 2 + Math.floorDiv(offW, 2);
    }

    /** The per-thread buffer of split rows, at least n elements. */
    private static float[] split(int n) {
        float[] s = Buffers.atLeast(SPLIT.get(), n);
        SPLIT.set(s);
        return s;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Output rows [r0, r1) of the tap at input offsets (offH, offW), channel plane at xc, tap row at base. With
     * split, x holds the rows split by {@link #splitRows} and stride 2 reads them as stride 1.
     */
    private static void unfoldRows(ConvGeometry g, float[] x, int xc, int offH, int offW, boolean split, float[] col,
                                   int base, int r0, int r1) {
        if (r1 <= r0) {
            return;
        }
        int ow = g.outW();
        int sW = g.strideW();
        int srcStep = g.strideH() * g.inW();
        int c0 = g.firstCol(offW);
        int c1 = g.endCol(offW);
        int src = xc + (r0 * g.strideH() + offH) * g.inW() + (split ? splitColumn(g, offW) : offW);
        int dst = base + r0 * ow;
        if (split) {
            copyRows(x, src, srcStep, col, dst, ow, r1 - r0, c0, c1);
        } else if (sW == 1 && srcStep == ow && c0 == 0 && c1 == ow) {
            System.arraycopy(x, src, col, dst, (r1 - r0) * ow);
        } else if (sW == 1) {
            copyRows(x, src, srcStep, col, dst, ow, r1 - r0, c0, c1);
        } else if (sW == 2) {
            gatherRows2(x, src, srcStep, col, dst, ow, r1 - r0, c0, c1);
        } else {
            gatherRows(x, src, srcStep, sW, col, dst, ow, r1 - r0, c0, c1);
        }
    }

    /** rows output rows of ow: zeros at [0, c0) and [c1, ow), x[src + j] at column j in between. */
    private static void copyRows(float[] x, int src, int srcStep, float[] col, int dst, int ow, int rows, int c0, int c1) {
        for (int r = 0; r < rows; r++, src += srcStep, dst += ow) {
            for (int j = 0; j < c0; j++) {
                col[dst + j] = 0f;
            }
            if (c1 > c0) {
                System.arraycopy(x, src + c0, col, dst + c0, c1 - c0);
            }
            for (int j = c1; j < ow; j++) {
                col[dst + j] = 0f;
            }
        }
    }

    /** {@link #copyRows} reading x[src + 2·j] at column j. */
    private static void gatherRows2(float[] x, int src, int srcStep, float[] col, int dst, int ow, int rows, int c0, int c1) {
        for (int r = 0; r < rows; r++, src += srcStep, dst += ow) {
            for (int j = 0; j < c0; j++) {
                col[dst + j] = 0f;
            }
            for (int j = c0; j < c1; j++) {
                col[dst + j] = x[src + 2 * j];
            }
            for (int j = c1; j < ow; j++) {
                col[dst + j] = 0f;
            }
        }
    }

    /** {@link #copyRows} reading x[src + s·j] at column j. */
    private static void gatherRows(float[] x, int src, int srcStep, int s, float[] col, int dst, int ow, int rows, int c0,
                                   int c1) {
        for (int r = 0; r < rows; r++, src += srcStep, dst += ow) {
            for (int j = 0; j < c0; j++) {
                col[dst + j] = 0f;
            }
            for (int j = c0; j < c1; j++) {
                col[dst + j] = x[src + s * j];
            }
            for (int j = c1; j < ow; j++) {
                col[dst + j] = 0f;
            }
        }
    }

    /**
     * x = the fold of col ({@link #col2im} into zeros), overwriting the groupIn channel planes at xOff: with
     * split rows, folded into a zeroed split buffer without splitting x first; each element receives the same
     * additions in the same order, starting from +0, as col2im into a zeroed x.
     */
    static void col2imInto(ConvGeometry g, float[] col, int colOff, int ld, float[] x, int xOff) {
        int n = g.groupIn() * g.inPlane();
        if (splits(g)) {
            float[] split = split(n);
            Arrays.fill(split, 0, n, 0f);
            col2imSplit(g, col, colOff, ld, split);
            mergeRows(g, split, 0, g.groupIn(), x, xOff);
            return;
        }
        Arrays.fill(x, xOff, xOff + n, 0f);
        col2im(g, col, colOff, ld, x, xOff);
    }

    /** The adjoint of {@link #im2col}: adds every column entry into the input pixel it was read from. */
    public static void col2im(ConvGeometry g, float[] col, int colOff, int ld, float[] x, int xOff) {
        if (splits(g)) {
            float[] split = splitRows(g, x, xOff, 0, g.groupIn());
            col2imSplit(g, col, colOff, ld, split);
            mergeRows(g, split, 0, g.groupIn(), x, xOff);
            return;
        }
        int ow = g.outW();
        int s = g.strideW();
        int dstStep = g.strideH() * g.inW();
        boolean contiguous = s == 1 && g.strideH() == 1 && ow == g.inW();
        int row = 0;
        for (int c = 0; c < g.groupIn(); c++) {
            int xc = xOff + c * g.inPlane();
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int offH = ki * g.dilationH() - g.padH();
                int r0 = g.firstRow(offH);
                int r1 = g.endRow(offH);
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int offW = kj * g.dilationW() - g.padW();
                    int c0 = g.firstCol(offW);
                    int c1 = g.endCol(offW);
                    int src = colOff + row * ld + r0 * ow;
                    int dst = xc + (r0 * g.strideH() + offH) * g.inW() + offW;
                    if (contiguous && c0 == 0 && c1 == ow) {
                        TapLoops.add(col, src, x, dst, (r1 - r0) * ow);
                    } else if (s == 1) {
                        for (int oh = r0; oh < r1; oh++, src += ow, dst += dstStep) {
                            TapLoops.add(col, src + c0, x, dst + c0, c1 - c0);
                        }
                    } else if (s == 2) {
                        for (int oh = r0; oh < r1; oh++, src += ow, dst += dstStep) {
                            for (int j = c0; j < c1; j++) {
                                x[dst + 2 * j] += col[src + j];
                            }
                        }
                    } else {
                        for (int oh = r0; oh < r1; oh++, src += ow, dst += dstStep) {
                            for (int j = c0; j < c1; j++) {
                                x[dst + j * s] += col[src + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #col2im} at column stride 2 into rows split by parity ({@link #splitRows}), where a tap's columns
     * are consecutive: each element receives the same additions in the same order as a direct fold.
     */
    private static void col2imSplit(ConvGeometry g, float[] col, int colOff, int ld, float[] split) {
        int ow = g.outW();
        int dstStep = g.strideH() * g.inW();
        int row = 0;
        for (int c = 0; c < g.groupIn(); c++) {
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int offH = ki * g.dilationH() - g.padH();
                int r0 = g.firstRow(offH);
                int r1 = g.endRow(offH);
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int offW = kj * g.dilationW() - g.padW();
                    int c0 = g.firstCol(offW);
                    int c1 = g.endCol(offW);
                    int src = colOff + row * ld + r0 * ow;
                    int dst = c * g.inPlane() + (r0 * g.strideH() + offH) * g.inW() + splitColumn(g, offW);
                    for (int oh = r0; oh < r1; oh++, src += ow, dst += dstStep) {
                        if (c1 - c0 >= VECTOR_ROW) {
                            TapLoops.add(col, src + c0, split, dst + c0, c1 - c0);
                        } else {
                            for (int j = c0; j < c1; j++) {
                                split[dst + j] += col[src + j];
                            }
                        }
                    }
                }
            }
        }
    }
}
