// GENERATED from Im2colFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * Unfolds the receptive fields of one image and one group into a block of a matrix (im2col).
 * The block has {@link ConvGeometry#patch()} rows, row {@code (c·kH + ki)·kW + kj} starting at
 * {@code colOff + row·ld}, and {@link ConvGeometry#outPlane()} columns, one per output pixel; taps outside
 * the input are zero. Several images side by side (ld = images · outPlane) make one wide matrix. FLOAT64;
 * Generated from {@link Im2colFloat}: edit that file, not this one.
 *
 * <p>Per tap (row of the block), the output rows whose input row lies outside the input are zeroed with one
 * fill above and one below; the rows in between are copied whole when the tap needs no column clipping and
 * the input rows are contiguous (stride 1, outW = inW), else row by row with their few border zeros written
 * in place, by {@code System.arraycopy} at column stride 1 and by a gather loop otherwise (stride 2 has its
 * own loop, with the constant stride the JIT can unroll). At column stride 2 with a kernel at least 3 wide
 * and rows of 32 or more, the input rows are first split into their even and odd columns
 * ({@link SplitRowsDouble}), so that unfolding runs over consecutive columns.
 *
 * <p>The same block elsewhere: folded back (the adjoint) by {@link Col2imDouble}; written transposed into the
 * packed-B panels of {@link Gemm#dgemmPanels} for the weight gradient by {@link Im2colPanelsDouble}, or from
 * a channels-last image by {@link Im2colChannelsLastDouble}.
 */
public final class Im2colDouble {
    private Im2colDouble() {}

    /** col[r][p] = x[c][oh·sH + ki·dH - pH][ow·sW + kj·dW - pW] for the groupIn channels starting at xOff. */
    public static void im2col(ConvGeometry g, double[] x, int xOff, double[] col, int colOff, int ld) {
        im2col(g, x, xOff, col, colOff, ld, 0, g.patch());
    }

    /** Rows [rowFrom, rowTo) of the unfolded block only, written from colOff on (row rowFrom first). */
    public static void im2col(ConvGeometry g, double[] x, int xOff, double[] col, int colOff, int ld, int rowFrom, int rowTo) {
        int ow = g.outW();
        int plane = g.outPlane();
        int kW = g.kernelW();
        // Tap ki - back reads input row oh·sH + offH(ki) = (oh + shift)·sH + offH(ki - back): its output row oh
        // is the earlier tap's row oh + shift.
        int back = g.strideH() / gcd(g.strideH(), g.dilationH());
        int shift = back * g.dilationH() / g.strideH();
        int taps = g.kernelH() * kW;
        boolean split = SplitRowsDouble.splits(g);
        double[] src = x;
        if (split) {
            src = SplitRowsDouble.splitRows(g, x, xOff, rowFrom / taps, (rowTo + taps - 1) / taps);
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
                    Arrays.fill(col, base, base + r0 * ow, 0.0);
                    Arrays.fill(col, base + r1 * ow, base + plane, 0.0);
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

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Output rows [r0, r1) of the tap at input offsets (offH, offW), channel plane at xc, tap row at base. With
     * split, x holds the rows split by {@link SplitRowsDouble#splitRows} and stride 2 reads them as stride 1.
     */
    private static void unfoldRows(ConvGeometry g, double[] x, int xc, int offH, int offW, boolean split, double[] col,
                                   int base, int r0, int r1) {
        if (r1 <= r0) {
            return;
        }
        int ow = g.outW();
        int sW = g.strideW();
        int srcStep = g.strideH() * g.inW();
        int c0 = g.firstCol(offW);
        int c1 = g.endCol(offW);
        int src = xc + (r0 * g.strideH() + offH) * g.inW() + (split ? SplitRowsDouble.splitColumn(g, offW) : offW);
        int dst = base + r0 * ow;
        if (split) {
            Im2colSimdDouble.copyRows(x, src, srcStep, col, dst, ow, r1 - r0, c0, c1);
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
    private static void copyRows(double[] x, int src, int srcStep, double[] col, int dst, int ow, int rows, int c0, int c1) {
        for (int r = 0; r < rows; r++, src += srcStep, dst += ow) {
            for (int j = 0; j < c0; j++) {
                col[dst + j] = 0.0;
            }
            if (c1 > c0) {
                System.arraycopy(x, src + c0, col, dst + c0, c1 - c0);
            }
            for (int j = c1; j < ow; j++) {
                col[dst + j] = 0.0;
            }
        }
    }

    /** {@link #copyRows} reading x[src + 2·j] at column j. */
    private static void gatherRows2(double[] x, int src, int srcStep, double[] col, int dst, int ow, int rows, int c0, int c1) {
        for (int r = 0; r < rows; r++, src += srcStep, dst += ow) {
            for (int j = 0; j < c0; j++) {
                col[dst + j] = 0.0;
            }
            for (int j = c0; j < c1; j++) {
                col[dst + j] = x[src + 2 * j];
            }
            for (int j = c1; j < ow; j++) {
                col[dst + j] = 0.0;
            }
        }
    }

    /** {@link #copyRows} reading x[src + s·j] at column j. */
    private static void gatherRows(double[] x, int src, int srcStep, int s, double[] col, int dst, int ow, int rows, int c0,
                                   int c1) {
        for (int r = 0; r < rows; r++, src += srcStep, dst += ow) {
            for (int j = 0; j < c0; j++) {
                col[dst + j] = 0.0;
            }
            for (int j = c0; j < c1; j++) {
                col[dst + j] = x[src + s * j];
            }
            for (int j = c1; j < ow; j++) {
                col[dst + j] = 0.0;
            }
        }
    }
}
