package dev.tapegrad.ops.kernels;

/**
 * The unfolded block of {@link Im2colFloat} written transposed into the packed-B panels of
 * {@link Gemm#sgemmPanels}, for the convolution's weight gradient (B = colᵀ): the pixels whose receptive field
 * lies inside the input are gathered a vector at a time ({@link Im2colSimdFloat#interior}) and the border
 * element by element. FLOAT32; {@link Im2colPanelsDouble} is generated from this file for FLOAT64.
 */
public final class Im2colPanelsFloat {
    private static final boolean SIMD = Kernels.simd();

    /** Per-thread tap tables of one panel for {@link #im2colPanels} (and its gathers' offsets). */
    private static final ThreadLocal<int[]> PANEL_INDEX = ThreadLocal.withInitial(() -> new int[64]);

    private Im2colPanelsFloat() {}

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
}
