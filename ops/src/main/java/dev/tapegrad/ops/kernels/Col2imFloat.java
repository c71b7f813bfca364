package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * Folds a block unfolded by {@link Im2colFloat} back into its image (col2im, the adjoint of im2col): every
 * column entry is added into the input pixel it was read from, tap by tap, output row by output row. At
 * column stride 2 with split rows ({@link SplitRowsFloat}) the additions run over consecutive columns of the
 * rows split by parity, a masked vector per L columns ({@link Im2colSimdFloat#addRows}), which are then merged
 * back; each element receives the same additions in the same order either way. FLOAT32; {@link Col2imDouble} is generated from this file for FLOAT64.
 */
public final class Col2imFloat {
    private Col2imFloat() {}

    /**
     * x = the fold of col ({@link #col2im} into zeros), overwriting the groupIn channel planes at xOff: with
     * split rows, folded into a zeroed split buffer without splitting x first; each element receives the same
     * additions in the same order, starting from +0, as col2im into a zeroed x.
     */
    static void col2imInto(ConvGeometry g, float[] col, int colOff, int ld, float[] x, int xOff) {
        int n = g.groupIn() * g.inPlane();
        if (SplitRowsFloat.splits(g)) {
            float[] split = SplitRowsFloat.split(n);
            Arrays.fill(split, 0, n, 0f);
            col2imSplit(g, col, colOff, ld, split);
            SplitRowsFloat.mergeRows(g, split, 0, g.groupIn(), x, xOff);
            return;
        }
        Arrays.fill(x, xOff, xOff + n, 0f);
        col2im(g, col, colOff, ld, x, xOff);
    }

    /** The adjoint of {@link Im2colFloat#im2col}: adds every column entry into the input pixel it was read from. */
    public static void col2im(ConvGeometry g, float[] col, int colOff, int ld, float[] x, int xOff) {
        if (SplitRowsFloat.splits(g)) {
            float[] split = SplitRowsFloat.splitRows(g, x, xOff, 0, g.groupIn());
            col2imSplit(g, col, colOff, ld, split);
            SplitRowsFloat.mergeRows(g, split, 0, g.groupIn(), x, xOff);
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
     * {@link #col2im} at column stride 2 into rows split by parity ({@link SplitRowsFloat#splitRows}), where a tap's columns
     * are consecutive: each element receives the same additions in the same order as a direct fold. The three
     * taps of a kernel row 3 wide, padded by 1, go in one pass ({@link Im2colSimdFloat#addThreeTaps}).
     */
    private static void col2imSplit(ConvGeometry g, float[] col, int colOff, int ld, float[] split) {
        int ow = g.outW();
        int dstStep = g.strideH() * g.inW();
        boolean threeTaps = g.kernelW() == 3 && g.dilationW() == 1 && g.padW() == 1;
        int row = 0;
        for (int c = 0; c < g.groupIn(); c++) {
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int offH = ki * g.dilationH() - g.padH();
                int r0 = g.firstRow(offH);
                int r1 = g.endRow(offH);
                int rowStart = c * g.inPlane() + (r0 * g.strideH() + offH) * g.inW();
                if (threeTaps) {
                    int src = colOff + row * ld + r0 * ow;
                    Im2colSimdFloat.addThreeTaps(col, src, ld, ow, split, rowStart, rowStart + (g.inW() + 1) / 2, dstStep,
                            r1 - r0, g.firstCol(0), g.endCol(0), g.firstCol(-1), g.endCol(-1), g.endCol(1));
                    row += 3;
                    continue;
                }
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int offW = kj * g.dilationW() - g.padW();
                    int c0 = g.firstCol(offW);
                    int c1 = g.endCol(offW);
                    int src = colOff + row * ld + r0 * ow;
                    int dst = rowStart + SplitRowsFloat.splitColumn(g, offW);
                    Im2colSimdFloat.addRows(col, src, ow, split, dst, dstStep, r1 - r0, c0, c1);
                }
            }
        }
    }
}
