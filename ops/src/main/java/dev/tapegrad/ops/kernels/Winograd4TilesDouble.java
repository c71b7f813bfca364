// GENERATED from Winograd4TilesFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.Winograd4Double.POSITIONS;
import static dev.tapegrad.ops.kernels.Winograd4Double.SIMD;

import dev.tapegrad.ops.kernels.Winograd4Double.Shape;
import java.util.Arrays;

/**
 * The tile gathers and scatters of {@link Winograd4Double}'s path through tiles gathered per channel (taken when the
 * channel counts are not whole vectors, or without the Vector API): the input tiles of one channel of a chunk's
 * images side by side, element (i, j) of consecutive tiles in consecutive places (through a table for narrow
 * planes, row by row for wide ones), and the outputs of the tiles back into place. FLOAT64;
 * Generated from {@link Winograd4TilesFloat}: edit that file, not this one.
 */
final class Winograd4TilesDouble {
    private Winograd4TilesDouble() {}

    /** d[off + j·nt + t] = r[4t + j] for j = 0 .. 3 and t < nt: with the Vector API a vector of tiles at a time. */
    static void split4(double[] r, int nt, double[] d, int off) {
        int t = SIMD ? Winograd4SimdDouble.split4(r, nt, d, off) : 0;
        for (; t < nt; t++) {
            d[off + t] = r[4 * t];
            d[off + nt + t] = r[4 * t + 1];
            d[off + 2 * nt + t] = r[4 * t + 2];
            d[off + 3 * nt + t] = r[4 * t + 3];
        }
    }

    /** Columns of the zero-padded planes that {@link #gather} reads its tiles from: 4·tilesW + 2. */
    static int paddedW(Shape s) {
        return 4 * s.tilesW() + 2;
    }

    /** Elements of one zero-padded plane: (4·tilesH + 2) · {@link #paddedW}. */
    static int paddedSize(Shape s) {
        return (4 * s.tilesH() + 2) * paddedW(s);
    }

    /**
     * The gather table of count images' tiles: tileIndex[(6i + j)·nt + t] = n·{@link #paddedSize} + (4a + i)·
     * {@link #paddedW} + 4b + j for tile t = n·tiles + a·tilesW + b, element (i, j) of the tile in the zero-padded
     * planes of {@link #gather}.
     */
    static int[] tileIndex(Shape s, int count) {
        int tw = s.tilesW();
        int th = s.tilesH();
        int tiles = s.tiles();
        int nt = count * tiles;
        int pw = paddedW(s);
        int ps = paddedSize(s);
        int[] index = new int[POSITIONS * nt];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                int row = (6 * i + j) * nt;
                for (int n = 0; n < count; n++) {
                    for (int a = 0; a < th; a++) {
                        for (int b = 0; b < tw; b++) {
                            index[row + n * tiles + a * tw + b] = n * ps + (4 * a + i) * pw + 4 * b + j;
                        }
                    }
                }
            }
        }
        return index;
    }

    /**
     * {@link #gather} without a table, for planes of at least {@link #WIDE_TILES} tiles per row. Per row i of the
     * tiles, window row 4a + i, columns 0 .. 4·tilesW - 1, of every tile row of every image is laid end to end in r
     * (4·nt elements) and split by column modulo 4 into elements 0 .. 3 (with the Vector API a vector of tiles at a
     * time); elements 4 and 5 of a tile are elements 0 and 1 of the next, but at the end of a tile row columns
     * 4·tilesW and 4·tilesW + 1.
     */
    static void gatherRows(Shape s, double[] x, int xOff, int count, double[] r, double[] d, int nt) {
        int tw = s.tilesW();
        int th = s.tilesH();
        int span = 4 * tw;
        int image = s.cin() * s.h() * s.w();
        for (int i = 0; i < 6; i++) {
            for (int n = 0; n < count; n++) {
                for (int a = 0; a < th; a++) {
                    windowRow(s, x, xOff + n * image, 4 * a + i - s.padH(), r, (n * th + a) * span, span);
                }
            }
            int row = 6 * i * nt;
            split4(r, nt, d, row);
            System.arraycopy(d, row + 1, d, row + 4 * nt, nt - 1);
            System.arraycopy(d, row + nt + 1, d, row + 5 * nt, nt - 1);
            for (int n = 0; n < count; n++) {
                for (int a = 0; a < th; a++) {
                    int end = row + (n * th + a) * tw + tw - 1;
                    int xr = 4 * a + i - s.padH();
                    d[end + 4 * nt] = element(s, x, xOff + n * image, xr, span - s.padW());
                    d[end + 5 * nt] = element(s, x, xOff + n * image, xr, span + 1 - s.padW());
                }
            }
        }
    }

    /** r[o + q] = x[xr][q - padW] of the plane at x[xOff] for q in [0, span), zero outside the input. */
    private static void windowRow(Shape s, double[] x, int xOff, int xr, double[] r, int o, int span) {
        if (xr < 0 || xr >= s.h()) {
            Arrays.fill(r, o, o + span, 0.0);
            return;
        }
        int q0 = Math.min(span, Math.max(0, s.padW()));
        int q1 = Math.max(q0, Math.min(span, s.w() + s.padW()));
        int src = xOff + xr * s.w() - s.padW();
        Arrays.fill(r, o, o + q0, 0.0);
        System.arraycopy(x, src + q0, r, o + q0, q1 - q0);
        Arrays.fill(r, o + q1, o + span, 0.0);
    }

    /** x[xr][xc] of the plane at x[xOff], zero outside it. */
    private static double element(Shape s, double[] x, int xOff, int xr, int xc) {
        return xr >= 0 && xr < s.h() && xc >= 0 && xc < s.w() ? x[xOff + xr * s.w() + xc] : 0.0;
    }

    /**
     * The tiles of one input channel of count images (the first at x[xOff], the next ones a whole image apart),
     * d[(6i + j)·nt + t] = element (i, j) of tile t, that is x[4a + i - padH][4b + j - padW] of its image for
     * tile t = image·tiles + a·tilesW + b (zero outside the input): element (i, j) of consecutive tiles side by
     * side, what lets {@link Winograd4SimdDouble} take a vector of tiles. The planes are copied into padded (count
     * zero-padded planes of {@link #paddedSize}, whose border the caller zeroed once: only the same interior is
     * written for every channel), then d is gathered from them by the table of {@link #tileIndex}, element by
     * element (the Vector API's gathers measured slower: 1 thread, CPU ms, forward + input gradient + weight
     * gradient, 64 channels at 7×7 batch 64 11.96 vs 7.18, at 16×16 64→128 batch 32 33.1 vs 20.3).
     */
    static void gather(Shape s, double[] x, int xOff, int count, double[] padded, int[] tileIndex, double[] d) {
        int pw = paddedW(s);
        int ps = paddedSize(s);
        int r0 = Math.max(0, s.padH());
        int r1 = Math.min(ps / pw, s.h() + s.padH());
        int c0 = Math.max(0, s.padW());
        int c1 = Math.min(pw, s.w() + s.padW());
        int image = s.cin() * s.h() * s.w();
        if (c1 > c0) {
            for (int n = 0; n < count; n++) {
                for (int r = r0; r < r1; r++) {
                    System.arraycopy(x, xOff + n * image + (r - s.padH()) * s.w() + c0 - s.padW(), padded,
                            n * ps + r * pw + c0, c1 - c0);
                }
            }
        }
        int len = POSITIONS * count * s.tiles();
        for (int e = 0; e < len; e++) {
            d[e] = padded[tileIndex[e]];
        }
    }

    /**
     * The scatter table of count images' outputs: outputIndex[n·oh·ow + r·ow + c] = (4·(r % 4) + c % 4)·nt + t for
     * the tile t = n·tiles + (r / 4)·tilesW + c / 4 holding output (r, c) of image n in the q of
     * {@link Winograd4Double#transformOutput}.
     */
    static int[] outputIndex(Shape s, int count) {
        int tw = s.tilesW();
        int nt = count * s.tiles();
        int plane = s.oh() * s.ow();
        int[] index = new int[count * plane];
        for (int n = 0; n < count; n++) {
            for (int r = 0; r < s.oh(); r++) {
                for (int c = 0; c < s.ow(); c++) {
                    index[n * plane + r * s.ow() + c] = (4 * (r % 4) + c % 4) * nt + n * s.tiles() + r / 4 * tw
                            + c / 4;
                }
            }
        }
        return index;
    }

    /**
     * Fewest tiles per row for which {@link #gatherRows} and {@link #scatterRows} move the tiles, not the tables
     * of {@link #gather} and {@link #scatter}: the rows are then long enough for their vectors and copies, and
     * short rows cost them a call per tile row. Measured on 1 thread, CPU ms of the forward's gathers and of its
     * output transforms with the scatters, min of 20, load 6-8, rows vs tables: 64 channels at 56×56 batch 8
     * (14 tiles per row) 1.8-2.1 and 1.24-1.39 vs 1.8 and 1.70-1.92; 64→128 at 16×16 batch 32 (4 tiles)
     * 1.06 and 1.32 vs 0.79-0.86 and 1.05-1.18; 64 channels at 7×7 batch 64 (2 tiles) 0.95 and 0.44 vs 0.57-0.68
     * and 0.25.
     */
    static final int WIDE_TILES = 8;

    /**
     * The outputs of the nt tiles in q (see {@link Winograd4Double#transformOutput}) into one channel of count images
     * (the first at y[yOff], the next ones a whole image apart), cropped: per row i of the tiles, the rows merged by
     * column modulo 4 into r (4·nt elements, with the Vector API a vector of tiles at a time), then copied row by row.
     */
    static void scatterRows(Shape s, double[] q, int nt, int count, double[] r, double[] y, int yOff) {
        int th = s.tilesH();
        int span = 4 * s.tilesW();
        int ow = s.ow();
        int image = s.cout() * s.oh() * ow;
        for (int i = 0; i < 4; i++) {
            int src = 4 * i * nt;
            int t = SIMD ? Winograd4SimdDouble.merge4(q, src, nt, r) : 0;
            for (; t < nt; t++) {
                r[4 * t] = q[src + t];
                r[4 * t + 1] = q[src + nt + t];
                r[4 * t + 2] = q[src + 2 * nt + t];
                r[4 * t + 3] = q[src + 3 * nt + t];
            }
            for (int n = 0; n < count; n++) {
                for (int a = 0; a < th && 4 * a + i < s.oh(); a++) {
                    System.arraycopy(r, (n * th + a) * span, y, yOff + n * image + (4 * a + i) * ow, ow);
                }
            }
        }
    }

    /**
     * The outputs of the tiles in q (see {@link Winograd4Double#transformOutput}) into one channel of count images (the
     * first at y[yOff], the next ones a whole image apart), cropped: each plane gathered from q by the table of {@link
     * #outputIndex}, element by element (narrow planes, see {@link #WIDE_TILES}).
     */
    static void scatter(Shape s, double[] q, int[] outputIndex, int count, double[] y, int yOff) {
        int plane = s.oh() * s.ow();
        int image = s.cout() * plane;
        for (int n = 0; n < count; n++) {
            int dst = yOff + n * image;
            int from = n * plane;
            for (int e = 0; e < plane; e++) {
                y[dst + e] = q[outputIndex[from + e]];
            }
        }
    }
}
