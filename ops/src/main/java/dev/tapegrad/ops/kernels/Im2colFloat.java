package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * Unfolds the receptive fields of one image and one group into a block of a matrix and folds it back.
 * The block has {@link ConvGeometry#patch()} rows, row {@code (c·kH + ki)·kW + kj} starting at
 * {@code colOff + row·ld}, and {@link ConvGeometry#outPlane()} columns, one per output pixel; taps outside
 * the input are zero. Several images side by side (ld = images · outPlane) make one wide matrix. FLOAT32;
 * {@link Im2colDouble} is generated from this file for FLOAT64.
 */
public final class Im2colFloat {
    private Im2colFloat() {}

    /** col[r][p] = x[c][oh·sH + ki·dH - pH][ow·sW + kj·dW - pW] for the groupIn channels starting at xOff. */
    public static void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld) {
        im2col(g, x, xOff, col, colOff, ld, 0, g.patch());
    }

    /** Rows [rowFrom, rowTo) of the unfolded block only, written from colOff on (row rowFrom first). */
    public static void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld, int rowFrom, int rowTo) {
        int ow = g.outW();
        int plane = g.outPlane();
        int row = 0;
        for (int c = 0; c < g.groupIn(); c++) {
            int xc = xOff + c * g.inPlane();
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int offH = ki * g.dilationH() - g.padH();
                int r0 = g.firstRow(offH);
                int r1 = g.endRow(offH);
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    if (row < rowFrom || row >= rowTo) {
                        continue;
                    }
                    int offW = kj * g.dilationW() - g.padW();
                    int c0 = g.firstCol(offW);
                    int c1 = g.endCol(offW);
                    int base = colOff + (row - rowFrom) * ld;
                    Arrays.fill(col, base, base + r0 * ow, 0f);
                    Arrays.fill(col, base + r1 * ow, base + plane, 0f);
                    for (int oh = r0; oh < r1; oh++) {
                        int dst = base + oh * ow;
                        int src = xc + (oh * g.strideH() + offH) * g.inW() + offW;
                        Arrays.fill(col, dst, dst + c0, 0f);
                        Arrays.fill(col, dst + c1, dst + ow, 0f);
                        if (g.strideW() == 1 && c1 > c0) {
                            System.arraycopy(x, src + c0, col, dst + c0, c1 - c0);
                        } else {
                            int s = g.strideW();
                            for (int j = c0; j < c1; j++) {
                                col[dst + j] = x[src + j * s];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds every column entry into the input pixel it was read from. */
    public static void col2im(ConvGeometry g, float[] col, int colOff, int ld, float[] x, int xOff) {
        int ow = g.outW();
        int plane = g.outPlane();
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
                    int s = g.strideW();
                    for (int oh = r0; oh < r1; oh++) {
                        int src = colOff + row * ld + oh * ow;
                        int dst = xc + (oh * g.strideH() + offH) * g.inW() + offW;
                        if (s == 1) {
                            TapLoops.add(col, src + c0, x, dst + c0, c1 - c0);
                        } else {
                            for (int j = c0; j < c1; j++) {
                                x[dst + j * s] += col[src + j];
                            }
                        }
                    }
                }
            }
        }
    }
}
