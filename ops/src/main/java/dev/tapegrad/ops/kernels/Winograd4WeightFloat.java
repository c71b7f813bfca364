package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.Winograd4Float.POSITIONS;
import static dev.tapegrad.ops.kernels.Winograd4Float.SIMD;
import static dev.tapegrad.ops.kernels.Winograd4Float.SIXTH;
import static dev.tapegrad.ops.kernels.Winograd4Float.TWENTY_FOURTH;

import dev.tapegrad.ops.kernels.Winograd4Float.Shape;
import java.util.Arrays;

/**
 * The weight gradient of {@link Winograd4Float}'s F(4×4, 3×3) convolution in FLOAT32: the input tiles transformed
 * as the forward's (Bᵀ d B), the output-gradient tiles by A dy Aᵀ, one GEMM per position and slice of tiles added
 * into double-precision sums, and Gᵀ X G rounded once. {@link Winograd4WeightDouble} is generated from this file
 * for FLOAT64.
 */
final class Winograd4WeightFloat {
    private Winograd4WeightFloat() {}

    /**
     * gw = Σ over images and output tiles of the weight gradient of y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A:
     * gw = Gᵀ [Σ_t (A dy_t Aᵀ) ⊙ (Bᵀ d_t B)] G. Per chunk of images (see {@link #weightChunkImages}), the input
     * tiles are transformed into V[k][c][t] and the output-gradient tiles into M[k][o][t] (split over channels),
     * then per position k (split over threads) one GEMM per slice of tiles, M[k]·V[k]ᵀ, is added into
     * double-precision sums (see {@link #WEIGHT_SLICE}); Gᵀ X G is taken in double precision and rounded once.
     * Chunks and slices do not depend on the thread count, and the GEMM never splits K, so neither do the sums.
     * Overwrites gw.
     */
    static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        backwardWeight(g, x, gy, gw, channelsLast(g.inChannels(), g.outChannels()));
    }

    /** Whether {@link #backwardWeight} may take the channels-last path of {@link Winograd4WeightSimdFloat}. */
    static final boolean CHANNELS_LAST = SIMD;

    /** Whether {@link #backwardWeight} takes the channels-last path for cin input and cout output channels. */
    static boolean channelsLast(int cin, int cout) {
        return CHANNELS_LAST && Winograd4WeightSimdFloat.applies(cin, cout);
    }

    /**
     * {@link #backwardWeight} through the channels-last path (see {@link Winograd4WeightSimdFloat#sums}) when
     * channelsLast, else through the tiles gathered per channel: the same sums in the same order either way.
     */
    static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw, boolean channelsLast) {
        int cout = g.outChannels();
        int cin = g.inChannels();
        if (g.batch() == 0) {
            Arrays.fill(gw, 0, g.weightSize(), 0f);
            return;
        }
        Shape s = new Shape(g.batch(), cin, g.inH(), g.inW(), cout, g.outH(), g.outW(), g.padH(), g.padW());
        int cnt = weightChunkImages(s);
        int ds = Winograd4Float.weightStride(cout, cin);
        double[] du = WinogradFloat.scratch().du(POSITIONS * ds);
        if (channelsLast) {
            Winograd4WeightSimdFloat.sums(s, x, gy, du, ds, cnt);
        } else {
            for (int n0 = 0; n0 < s.batch(); n0 += cnt) {
                weightChunk(s, x, gy, du, ds, n0, Math.min(cnt, s.batch() - n0));
            }
        }
        ConvMethod.forEach(cout, (from, to) -> {
            double[] z = new double[18];
            for (int o = from; o < to; o++) {
                for (int c = 0; c < cin; c++) {
                    untransformWeight(du, o * cin + c, ds, z, gw, (o * cin + c) * 9);
                }
            }
        });
    }

    /**
     * Most tiles one FLOAT32 GEMM sums before its products are added into the double-precision sums, so that the
     * FLOAT32 error does not grow with the batch or the plane (measured at 64 channels 56×56 batch 32, max
     * element error as in {@link ConvMethod#WINOGRAD4}: one FLOAT32 sum 6.9e-4, slices of 512 3.5e-4, 256
     * 3.4e-4, 128 2.8e-4, GEMM 3.4e-4), and each GEMM's K stays within one of its cache blocks.
     */
    static final int WEIGHT_SLICE = 256;

    /**
     * du[k][o][c] += Σ_t (A dy_t Aᵀ)[k][o][t] · (Bᵀ d_t B)[k][c][t] over the tiles t of images [n0, n0 + count):
     * per position, one FLOAT32 GEMM per slice of at most {@link #WEIGHT_SLICE} tiles, its result added in double
     * (the first slice of the first chunk overwrites du).
     */
    private static void weightChunk(Shape s, float[] x, float[] gy, double[] du, int ds, int n0, int count) {
        int nt = count * s.tiles();
        int cin = s.cin();
        int cout = s.cout();
        int vs = WinogradFloat.positionStride(cin, nt);
        int ms = WinogradFloat.positionStride(cout, nt);
        WinogradFloat.Scratch sc = WinogradFloat.scratch();
        float[] v = sc.v(POSITIONS * vs);
        float[] m = sc.m(POSITIONS * ms);
        boolean wide = s.tilesW() >= Winograd4TilesFloat.WIDE_TILES;
        int[] tileIndex = wide ? null : Winograd4TilesFloat.tileIndex(s, count);
        ConvMethod.forEach(cin, (from, to) -> {
            float[] d = WinogradFloat.scratch().plane(POSITIONS * nt);
            float[] r = wide ? WinogradFloat.scratch().q(4 * nt) : null;
            float[] padded = wide ? null : new float[count * Winograd4TilesFloat.paddedSize(s)];
            for (int c = from; c < to; c++) {
                if (wide) {
                    Winograd4TilesFloat.gatherRows(s, x, (n0 * cin + c) * s.h() * s.w(), count, r, d, nt);
                } else {
                    Winograd4TilesFloat.gather(s, x, (n0 * cin + c) * s.h() * s.w(), count, padded, tileIndex, d);
                }
                Winograd4Float.transformInput(d, nt, v, c * nt, vs);
            }
        });
        ConvMethod.forEach(cout, (from, to) -> {
            float[] q = WinogradFloat.scratch().q(16 * nt);
            float[] r = WinogradFloat.scratch().plane(4 * nt);
            for (int o = from; o < to; o++) {
                gatherGradientRows(s, gy, (n0 * cout + o) * s.oh() * s.ow(), count, r, q, nt);
                transformGradient(q, nt, m, o * nt, ms);
            }
        });
        int slices = (nt + WEIGHT_SLICE - 1) / WEIGHT_SLICE;
        if (PANELS) {
            ConvMethod.forEach(POSITIONS, (from, to) -> panelProducts(m, ms, v, vs, cout, cin, nt, slices, from, to,
                    du, ds, n0 == 0));
            return;
        }
        ConvMethod.forEach(POSITIONS, (from, to) -> {
            float[] c32 = WinogradFloat.scratch().q(cout * cin);
            for (int k = from; k < to; k++) {
                for (int j = 0; j < slices; j++) {
                    int t0 = (int) ((long) nt * j / slices);
                    int len = (int) ((long) nt * (j + 1) / slices) - t0;
                    Gemm.sgemm(false, true, cout, cin, len, m, k * ms + t0, nt, v, k * vs + t0, nt, 0f, c32, 0, cin);
                    addProducts(c32, cout, cin, cin, du, k * ds, n0 == 0 && j == 0);
                }
            }
        });
    }

    /**
     * With the Vector API and {@link SgemmSimd}'s 8-row register tile: the GEMMs of {@link #weightChunk} for
     * positions [from, to) without its packing, each slice of M[k] and V[k] transposed straight into the panels of
     * the register tile (see {@link Winograd4SimdFloat#packPanels}), both zero-padded to whole panels, and the tile
     * run over them: the same fma chains over the slice's tiles as the GEMM, so the same products.
     */
    static final boolean PANELS = SIMD && Winograd4SimdFloat.packsPanels();

    private static void panelProducts(float[] m, int ms, float[] v, int vs, int cout, int cin, int nt, int slices,
            int from, int to, double[] du, int ds, boolean first) {
        int mr = SgemmSimd.MR;
        int nr = SgemmSimd.NR;
        int rows = (cout + mr - 1) / mr * mr;
        int cols = (cin + nr - 1) / nr * nr;
        int most = (nt + slices - 1) / slices;
        float[] ap = new float[rows * most];
        float[] bp = new float[cols * most];
        float[] c32 = new float[rows * cols];
        float[] zero = new float[nr];
        for (int k = from; k < to; k++) {
            for (int j = 0; j < slices; j++) {
                int t0 = (int) ((long) nt * j / slices);
                int len = (int) ((long) nt * (j + 1) / slices) - t0;
                Winograd4SimdFloat.packPanels(m, k * ms + t0, nt, cout, len, mr, ap);
                Winograd4SimdFloat.packPanels(v, k * vs + t0, nt, cin, len, nr, bp);
                for (int jr = 0; jr < cols; jr += nr) {
                    for (int ir = 0; ir < rows; ir += mr) {
                        SgemmSimd.kernel8(len, ap, ir * len, bp, jr * len, nr, zero, 0, 0, c32, ir * cols + jr, cols);
                    }
                }
                addProducts(c32, cout, cin, cols, du, k * ds, first && j == 0);
            }
        }
    }

    /** du[dst + o·cin + c] (+)= c32[o·ldc + c] for the cout × cin products of one slice; overwrite for the first. */
    private static void addProducts(float[] c32, int cout, int cin, int ldc, double[] du, int dst, boolean overwrite) {
        for (int o = 0; o < cout; o++) {
            int src = o * ldc;
            int d = dst + o * cin;
            if (overwrite) {
                for (int c = 0; c < cin; c++) {
                    du[d + c] = c32[src + c];
                }
            } else {
                for (int c = 0; c < cin; c++) {
                    du[d + c] += c32[src + c];
                }
            }
        }
    }

    /**
     * The scalar reference of {@link Winograd4SimdFloat#packPanels}: rows [0, rows) of src (row r from
     * src[off + r·ld], len elements) into panels of w rows, dst[(r / w)·len·w + p·w + r % w], zero past rows.
     */
    static void packPanelsScalar(float[] src, int off, int ld, int rows, int len, int w, float[] dst) {
        int padded = (rows + w - 1) / w * w;
        for (int r = 0; r < padded; r++) {
            int panel = r / w * len * w + r % w;
            for (int p = 0; p < len; p++) {
                dst[panel + p * w] = r < rows ? src[off + r * ld + p] : 0f;
            }
        }
    }

    /**
     * Images per chunk of the weight gradient: the forward's chunk ({@link Winograd4Float#chunk}), but at most one
     * slice of {@link #WEIGHT_SLICE} tiles (at least one image), so that each chunk's V and M are read back from
     * cache by its single GEMM per position.
     */
    static int weightChunkImages(Shape s) {
        return (int) Math.max(1, Math.min(Winograd4Float.chunk(s), WEIGHT_SLICE / Math.max(1, s.tiles())));
    }

    /**
     * The 4×4 tiles of count output-gradient planes (the first at gy[gyOff], the next a whole image apart),
     * q[(4i + j)·nt + t] = dy[4a + i][4b + j] for tile t = n·tiles + a·tilesW + b, zero past the plane's last row
     * or column (the adjoint of Winograd4Float's scatter): per row i of the tiles, row 4a + i of every tile row of
     * every image laid end to end in r (4·tilesW elements each, zero-padded), then split by column modulo 4 into
     * rows 4i .. 4i + 3 of q (with the Vector API a vector of tiles at a time).
     */
    static void gatherGradientRows(Shape s, float[] gy, int gyOff, int count, float[] r, float[] q, int nt) {
        int th = s.tilesH();
        int span = 4 * s.tilesW();
        int oh = s.oh();
        int ow = s.ow();
        int image = s.cout() * oh * ow;
        for (int i = 0; i < 4; i++) {
            for (int n = 0; n < count; n++) {
                for (int a = 0; a < th; a++) {
                    int dst = (n * th + a) * span;
                    if (4 * a + i < oh) {
                        System.arraycopy(gy, gyOff + n * image + (4 * a + i) * ow, r, dst, ow);
                        Arrays.fill(r, dst + ow, dst + span, 0f);
                    } else {
                        Arrays.fill(r, dst, dst + span, 0f);
                    }
                }
            }
            int off = 4 * i * nt;
            int t = SIMD ? Winograd4SimdFloat.split4(r, nt, q, off) : 0;
            for (; t < nt; t++) {
                for (int j = 0; j < 4; j++) {
                    q[off + j * nt + t] = r[4 * t + j];
                }
            }
        }
    }

    /**
     * m[k·stride + off + t] = (A dy_t Aᵀ)[k] for the nt gathered gradient tiles dy_t in q (see
     * {@link #gatherGradientRows}): with the Vector API a vector of tiles at a time, the rest tile by tile.
     */
    private static void transformGradient(float[] q, int nt, float[] m, int off, int stride) {
        int t = SIMD ? Winograd4SimdFloat.transformGradient(q, nt, m, off, stride) : 0;
        float[] r = new float[24];
        for (; t < nt; t++) {
            gradientTile(q, nt, t, r, m, off + t, stride);
        }
    }

    /**
     * m[k·stride + dst] = (A dy Aᵀ)[k] for the gathered gradient tile t (r: 24 elements of scratch): A down each
     * column of dy into r (6 × 4), then A along each row of r. The scalar reference of
     * {@link Winograd4SimdFloat#transformGradient}, which computes the same sums in the same order.
     */
    static void gradientTile(float[] q, int nt, int t, float[] r, float[] m, int dst, int stride) {
        for (int j = 0; j < 4; j++) {
            int c = j * nt + t;
            gradientLine(q[c], q[c + 4 * nt], q[c + 8 * nt], q[c + 12 * nt], r, j, 4);
        }
        for (int i = 0; i < 6; i++) {
            gradientLine(r[4 * i], r[4 * i + 1], r[4 * i + 2], r[4 * i + 3], m, dst + 6 * i * stride, stride);
        }
    }

    /**
     * A (y0 .. y3) into out[o + i·step], the adjoint of outputLine: y0, y0 + y1 + y2 + y3, y0 - y1 + y2 - y3,
     * y0 + 2y1 + 4y2 + 8y3, y0 - 2y1 + 4y2 - 8y3, y3.
     */
    private static void gradientLine(float y0, float y1, float y2, float y3, float[] out, int o, int step) {
        float e = y0 + y2;
        float d = y1 + y3;
        float e4 = y0 + y2 * 4f;
        float d4 = (y1 + y3 * 4f) * 2f;
        out[o] = y0;
        out[o + step] = e + d;
        out[o + 2 * step] = e - d;
        out[o + 3 * step] = e4 + d4;
        out[o + 4 * step] = e4 - d4;
        out[o + 5 * step] = y3;
    }

    /**
     * gw[wOff + 3×3] = Gᵀ X G for the 6×6 X at du[k·stride + off], the adjoint of Winograd4Float's
     * transformWeight, in double precision (z: 18 elements of scratch, Gᵀ X) and rounded once.
     */
    private static void untransformWeight(double[] du, int off, int stride, double[] z, float[] gw, int wOff) {
        for (int j = 0; j < 6; j++) {
            int c = off + j * stride;
            adjointLine(du[c], du[c + 6 * stride], du[c + 12 * stride], du[c + 18 * stride], du[c + 24 * stride],
                    du[c + 30 * stride], z, j, 6);
        }
        for (int i = 0; i < 3; i++) {
            int c = 6 * i;
            adjointLine(z[c], z[c + 1], z[c + 2], z[c + 3], z[c + 4], z[c + 5], z, c, 1);
            gw[wOff + 3 * i] = (float) z[c];
            gw[wOff + 3 * i + 1] = (float) z[c + 1];
            gw[wOff + 3 * i + 2] = (float) z[c + 2];
        }
    }

    /**
     * Gᵀ (x0 .. x5) into out[o + i·step]: x0/4 - (x1 + x2)/6 + (x3 + x4)/24, (x2 - x1)/6 + (x3 - x4)/12,
     * (x3 + x4 - x1 - x2)/6 + x5 (the adjoint of interpolateRow).
     */
    private static void adjointLine(double x0, double x1, double x2, double x3, double x4, double x5, double[] out,
            int o, int step) {
        double a = x1 + x2;
        double b = x3 + x4;
        double c = x2 - x1;
        double d = x3 - x4;
        out[o] = x0 * 0.25 - a * SIXTH + b * TWENTY_FOURTH;
        out[o + step] = c * SIXTH + d * TWELFTH;
        out[o + 2 * step] = (b - a) * SIXTH + x5;
    }

    private static final double TWELFTH = 1.0 / 12;
}
