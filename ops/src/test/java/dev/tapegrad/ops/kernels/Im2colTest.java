package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Im2colFloat/Im2colDouble against a naive per-element unfold and fold over drawn geometries (stride 1–3,
 * padding 0–2, dilation 1–2, kernel 1–5, input sizes 1–12), including a block inside a wider matrix (colOff,
 * ld &gt; outPlane) whose other entries must stay untouched, and partial row ranges. Both are copies and
 * additions in a fixed order, so results are compared bit for bit.
 */
class Im2colTest {
    private static final float SENTINEL = -7.25f;

    /** The drawn geometry, or null when the output would be empty. */
    private static ConvGeometry geometry(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh,
                                         int dw) {
        int oh = Math.floorDiv(h + 2 * ph - dh * (kh - 1) - 1, sh) + 1;
        int ow = Math.floorDiv(w + 2 * pw - dw * (kw - 1) - 1, sw) + 1;
        Assume.that(oh >= 1 && ow >= 1);
        return new ConvGeometry(1, c, h, w, 1, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw, 1);
    }

    /** Naive col[(row - rowFrom)·ld + colOff + p] for rows [rowFrom, rowTo), in doubles (exact for floats). */
    private static void naiveIm2col(ConvGeometry g, double[] x, int xOff, double[] col, int colOff, int ld, int rowFrom,
                                    int rowTo) {
        for (int row = rowFrom; row < rowTo; row++) {
            int c = row / (g.kernelH() * g.kernelW());
            int ki = row / g.kernelW() % g.kernelH();
            int kj = row % g.kernelW();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int ih = oh * g.strideH() + ki * g.dilationH() - g.padH();
                    int iw = ow * g.strideW() + kj * g.dilationW() - g.padW();
                    boolean inside = ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW();
                    col[colOff + (row - rowFrom) * ld + oh * g.outW() + ow] =
                            inside ? x[xOff + (c * g.inH() + ih) * g.inW() + iw] : 0;
                }
            }
        }
    }

    /** Naive fold: every column entry added into its input pixel, row by row in order. */
    private static void naiveCol2im(ConvGeometry g, double[] col, int colOff, int ld, double[] x, int xOff, boolean f32) {
        for (int row = 0; row < g.patch(); row++) {
            int c = row / (g.kernelH() * g.kernelW());
            int ki = row / g.kernelW() % g.kernelH();
            int kj = row % g.kernelW();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int ih = oh * g.strideH() + ki * g.dilationH() - g.padH();
                    int iw = ow * g.strideW() + kj * g.dilationW() - g.padW();
                    if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                        int i = xOff + (c * g.inH() + ih) * g.inW() + iw;
                        double v = x[i] + col[colOff + row * ld + oh * g.outW() + ow];
                        x[i] = f32 ? (float) v : v;
                    }
                }
            }
        }
    }

    private static double[] random(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian());
        }
        return a;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    @Property(tries = 400)
    void im2colAndCol2imMatchNaive(@ForAll @IntRange(min = 1, max = 3) int c,
                                   @ForAll @IntRange(min = 1, max = 12) int h, @ForAll @IntRange(min = 1, max = 12) int w,
                                   @ForAll @IntRange(min = 1, max = 5) int kh, @ForAll @IntRange(min = 1, max = 5) int kw,
                                   @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
                                   @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
                                   @ForAll @IntRange(min = 1, max = 2) int dh, @ForAll @IntRange(min = 1, max = 2) int dw,
                                   @ForAll @IntRange(min = 0, max = 3) int before, @ForAll @IntRange(min = 0, max = 2) int after,
                                   @ForAll @IntRange(min = 0, max = 1000) int seed) {
        checkUnfoldAndFold(geometry(c, h, w, kh, kw, sh, sw, ph, pw, dh, dw), before, after, seed);
    }

    /**
     * Rows of at least two vectors at column stride 2 with a kernel 3 or more wide, where unfolding and folding
     * go through rows split by parity (with the Vector API): odd and even widths, padding and dilation, and 3-wide
     * kernel rows padded by 1 whose three taps fold in one pass (Im2colSimdFloat.addThreeTaps).
     */
    @org.junit.jupiter.api.Test
    void strideTwoOnWideRows() {
        int[][] shapes = {
            {2, 5, 32, 3, 3, 2, 2, 1, 1, 1, 1}, {1, 4, 37, 3, 3, 1, 2, 0, 1, 1, 1}, {2, 3, 67, 2, 5, 2, 2, 1, 2, 1, 2},
            {3, 6, 64, 3, 4, 2, 2, 1, 0, 1, 1}, {1, 2, 33, 1, 3, 1, 2, 0, 0, 1, 1},
            {2, 6, 70, 3, 3, 2, 2, 1, 1, 1, 1}, {2, 5, 32, 3, 5, 2, 2, 1, 2, 1, 1}, {1, 4, 96, 3, 3, 2, 2, 0, 1, 1, 1},
            // 3-wide kernel rows padded by 1, folded three taps at a time: odd widths, one or more whole vectors
            {2, 5, 33, 3, 3, 2, 2, 1, 1, 1, 1}, {1, 3, 47, 3, 3, 2, 2, 1, 1, 1, 1}, {2, 4, 64, 3, 3, 2, 2, 1, 1, 1, 1},
            {1, 3, 65, 2, 3, 3, 2, 0, 1, 1, 1}, {1, 3, 34, 3, 3, 2, 2, 2, 1, 2, 1},
        };
        int seed = 0;
        for (int[] s : shapes) {
            ConvGeometry g = geometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
            checkUnfoldAndFold(g, 1, 1, seed++);
            checkUnfoldAndFold(g, 0, 0, seed++);
        }
    }

    private static void checkUnfoldAndFold(ConvGeometry g, int before, int after, int seed) {
        int c = g.inChannels();
        Random r = new Random(seed);
        int plane = g.outPlane();
        int colOff = before * plane + 1;
        int ld = (before + 1 + after) * plane + 1;
        int xOff = 3 * r.nextInt(2);
        double[] x = random(r, xOff + c * g.inPlane() + 2);
        int patch = g.patch();
        int rowFrom = r.nextInt(patch);
        int rowTo = rowFrom + 1 + r.nextInt(patch - rowFrom);
        int colSize = colOff + patch * ld;

        double[] expect = new double[colSize];
        java.util.Arrays.fill(expect, SENTINEL);
        naiveIm2col(g, x, xOff, expect, colOff, ld, 0, patch);
        double[] expectPart = new double[colSize];
        java.util.Arrays.fill(expectPart, SENTINEL);
        naiveIm2col(g, x, xOff, expectPart, colOff, ld, rowFrom, rowTo);

        float[] colF = new float[colSize];
        java.util.Arrays.fill(colF, SENTINEL);
        Im2colFloat.im2col(g, floats(x), xOff, colF, colOff, ld);
        assertArrayEquals(floats(expect), colF);
        double[] colD = new double[colSize];
        java.util.Arrays.fill(colD, SENTINEL);
        Im2colDouble.im2col(g, x, xOff, colD, colOff, ld);
        assertArrayEquals(expect, colD);

        float[] partF = new float[colSize];
        java.util.Arrays.fill(partF, SENTINEL);
        Im2colFloat.im2col(g, floats(x), xOff, partF, colOff, ld, rowFrom, rowTo);
        assertArrayEquals(floats(expectPart), partF);
        double[] partD = new double[colSize];
        java.util.Arrays.fill(partD, SENTINEL);
        Im2colDouble.im2col(g, x, xOff, partD, colOff, ld, rowFrom, rowTo);
        assertArrayEquals(expectPart, partD);

        double[] grad = random(r, colSize);
        double[] x0 = random(r, x.length);
        double[] foldF = x0.clone();
        naiveCol2im(g, grad, colOff, ld, foldF, xOff, true);
        float[] gotF = floats(x0);
        Col2imFloat.col2im(g, floats(grad), colOff, ld, gotF, xOff);
        assertArrayEquals(floats(foldF), gotF);
        double[] foldD = x0.clone();
        naiveCol2im(g, grad, colOff, ld, foldD, xOff, false);
        double[] gotD = x0.clone();
        Col2imDouble.col2im(g, grad, colOff, ld, gotD, xOff);
        assertArrayEquals(foldD, gotD);

        // col2imInto overwrites the group's planes with the fold into zeros; the rest of x stays as it was.
        int planes = c * g.inPlane();
        double[] intoD = x0.clone();
        java.util.Arrays.fill(intoD, xOff, xOff + planes, 0.0);
        naiveCol2im(g, grad, colOff, ld, intoD, xOff, false);
        double[] gotIntoD = x0.clone();
        Col2imDouble.col2imInto(g, grad, colOff, ld, gotIntoD, xOff);
        assertArrayEquals(intoD, gotIntoD);
        float[] intoF = floats(x0);
        java.util.Arrays.fill(intoF, xOff, xOff + planes, 0f);
        Col2imFloat.col2im(g, floats(grad), colOff, ld, intoF, xOff);
        float[] gotIntoF = floats(x0);
        Col2imFloat.col2imInto(g, floats(grad), colOff, ld, gotIntoF, xOff);
        assertArrayEquals(intoF, gotIntoF);
    }

    /**
     * channelsLast (of the channels the rows read) then channelsLastPanels against the naive unfold with its rows
     * in blocks of L channels, taps, channels (row (ch / L·taps + t)·L + ch % L is im2col's row ch·taps + t),
     * transposed into panels, bit for bit: 16 or 32 channels (whole
     * vectors of either dtype), widths that leave a scalar tail in the transposes, padding, strides and
     * dilations. Slots past the last row are not compared; everything before outOff and past the panels must
     * stay untouched.
     */
    @Property(tries = 150)
    void channelsLastPanelsMatchReorderedNaive(@ForAll @IntRange(min = 1, max = 2) int blocks,
                                              @ForAll @IntRange(min = 1, max = 21) int h, @ForAll @IntRange(min = 1, max = 37) int w,
                                              @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
                                              @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
                                              @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
                                              @ForAll @IntRange(min = 1, max = 2) int dh, @ForAll @IntRange(min = 1, max = 2) int dw,
                                              @ForAll @IntRange(min = 0, max = 1000) int seed) {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        int c = 16 * blocks;
        ConvGeometry g = geometry(c, h, w, kh, kw, sh, sw, ph, pw, dh, dw);
        Random r = new Random(seed);
        int plane = g.outPlane();
        int patch = g.patch();
        int taps = kh * kw;
        int align = Im2colSimdFloat.L;
        int rowFrom = align * r.nextInt(patch / align);
        int rowTo = rowFrom + 1 + r.nextInt(patch - rowFrom);
        int xOff = 3 * r.nextInt(2);
        double[] x = random(r, xOff + c * g.inPlane() + 2);
        double[] col = new double[patch * plane];
        naiveIm2col(g, x, xOff, col, 0, plane, 0, patch);
        for (int dtype = 0; dtype < 2; dtype++) {
            int width = dtype == 0 ? Gemm.sgemmPanelWidth() : Gemm.dgemmPanelWidth();
            int outOff = 5;
            int size = outOff + (rowTo - rowFrom + width - 1) / width * width * plane + 4;
            double[] out = new double[size];
            java.util.Arrays.fill(out, SENTINEL);
            if (dtype == 0) {
                float[] hwc = new float[Im2colChannelsLastFloat.channelsLastSize(g)];
                Im2colChannelsLastFloat.channelsLast(g, floats(x), xOff, Im2colChannelsLastFloat.channelsLastFirst(g, rowFrom),
                        Im2colChannelsLastFloat.channelsLastEnd(g, rowTo), hwc);
                float[] outF = new float[size];
                java.util.Arrays.fill(outF, SENTINEL);
                Im2colChannelsLastFloat.channelsLastPanels(g, hwc, rowFrom, rowTo, width, outF, outOff);
                for (int i = 0; i < size; i++) {
                    out[i] = outF[i];
                }
            } else {
                double[] hwc = new double[Im2colChannelsLastDouble.channelsLastSize(g)];
                Im2colChannelsLastDouble.channelsLast(g, x, xOff, Im2colChannelsLastDouble.channelsLastFirst(g, rowFrom),
                        Im2colChannelsLastDouble.channelsLastEnd(g, rowTo), hwc);
                Im2colChannelsLastDouble.channelsLastPanels(g, hwc, rowFrom, rowTo, width, out, outOff);
            }
            for (int i = 0; i < size; i++) {
                int k = i - outOff;
                int panel = k / (plane * width);
                int row = rowFrom + panel * width + Math.floorMod(k, width);
                if (k < 0 || row >= rowTo || panel * width >= rowTo - rowFrom) {
                    if (k < 0 || k >= (rowTo - rowFrom + width - 1) / width * width * plane) {
                        assertEquals(SENTINEL, out[i], 0.0, "untouched slot " + i);
                    }
                    continue;
                }
                int pixel = k % (plane * width) / width;
                int l = dtype == 0 ? Im2colSimdFloat.L : Im2colSimdDouble.L;
                int rem = row % (taps * l);
                double v = col[((row / (taps * l) * l + rem % l) * taps + rem / l) * plane + pixel];
                assertEquals(dtype == 0 ? (float) v : v, out[i], 0.0, "dtype " + dtype + " row " + row + " pixel " + pixel);
            }
        }
    }

    /**
     * im2colPanels against the naive unfold transposed into panels, bit for bit, at the GEMM's panel widths
     * and at widths that are not whole vectors (element by element); drawn geometries include padding, so both
     * the gathered interior and the border are covered. Slots past the last row are not compared; everything
     * before outOff and past the panels must stay untouched.
     */
    @Property(tries = 300)
    void im2colPanelsMatchTransposedNaive(@ForAll @IntRange(min = 1, max = 5) int c,
                                          @ForAll @IntRange(min = 1, max = 12) int h, @ForAll @IntRange(min = 1, max = 12) int w,
                                          @ForAll @IntRange(min = 1, max = 5) int kh, @ForAll @IntRange(min = 1, max = 5) int kw,
                                          @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
                                          @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
                                          @ForAll @IntRange(min = 1, max = 2) int dh, @ForAll @IntRange(min = 1, max = 2) int dw,
                                          @ForAll @IntRange(min = 0, max = 3) int widthChoice,
                                          @ForAll @IntRange(min = 0, max = 1000) int seed) {
        ConvGeometry g = geometry(c, h, w, kh, kw, sh, sw, ph, pw, dh, dw);
        Random r = new Random(seed);
        int plane = g.outPlane();
        int patch = g.patch();
        int rowFrom = r.nextInt(patch);
        int rowTo = rowFrom + 1 + r.nextInt(patch - rowFrom);
        int xOff = 3 * r.nextInt(2);
        double[] x = random(r, xOff + c * g.inPlane() + 2);
        double[] col = new double[patch * plane];
        naiveIm2col(g, x, xOff, col, 0, plane, 0, patch);
        int[] widths = {Gemm.sgemmPanelWidth(), Gemm.dgemmPanelWidth(), 3, 1};
        int width = widths[widthChoice];
        int outOff = 5;
        int size = outOff + (rowTo - rowFrom + width - 1) / width * width * plane + 4;
        float[] outF = new float[size];
        java.util.Arrays.fill(outF, SENTINEL);
        Im2colPanelsFloat.im2colPanels(g, floats(x), xOff, rowFrom, rowTo, width, outF, outOff);
        double[] outD = new double[size];
        java.util.Arrays.fill(outD, SENTINEL);
        Im2colPanelsDouble.im2colPanels(g, x, xOff, rowFrom, rowTo, width, outD, outOff);
        for (int i = 0; i < size; i++) {
            int rel = i - outOff;
            int slot = rel % (width * plane) % width;
            int row = rowFrom + rel / (width * plane) * width + slot;
            int pixel = rel % (width * plane) / width;
            if (rel < 0 || i >= size - 4) {
                assertArrayEquals(new double[] {SENTINEL, SENTINEL}, new double[] {outF[i], outD[i]}, "outside at " + i);
            } else if (row < rowTo) {
                double expect = col[row * plane + pixel];
                assertArrayEquals(new double[] {expect, expect}, new double[] {outF[i], outD[i]},
                        "row " + row + " pixel " + pixel + " width " + width);
            }
        }
    }
}
