// GENERATED from Winograd4Float.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

/**
 * The Winograd convolution method F(4×4, 3×3) in FLOAT64, with Lavin and Gray's matrices (interpolation points 0,
 * ±1, ±2 and ∞), for the forward and the input gradient of the layers {@link WinogradDouble#applies} admits: each
 * 4×4 output tile is Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A of the 6×6 input tile d under it, 36 multiplies per tile and
 * channel pair where F(2×2, 3×3) takes 64 for the same 16 outputs. The steps are {@link WinogradDouble}'s: the
 * weights transformed once per call (in double precision, then rounded), the input tiles of a chunk of images into
 * V[k][c][t] (packed in the GEMM's column panels), one {@link Gemm#dgemmPanels} per position k, M[k] = U[k]·V[k],
 * and the output transform; chunks of images split over {@link Parallel}'s threads (the positions, when the images
 * are too few), and the GEMM never splits its sums, so results do not depend on the thread count. With the Vector
 * API and both channel counts whole vectors, {@link Winograd4ForwardSimdDouble} computes the same values with a
 * vector of channels where this path takes a vector of tiles (from channels-last planes, without the gathers and
 * scatters of {@link Winograd4TilesDouble}). The input
 * gradient is the same correlation with the kernel flipped and transposed over channels, padding
 * 2 - p. The tile transforms multiply by powers of two only (5·d is computed as 4·d + d), but the points ±2
 * make the transformed values larger than F(2×2)'s: FLOAT64 loses about four more bits (see
 * {@link ConvMethod#WINOGRAD4}). Generated from {@link Winograd4Float}: edit that file, not this one.
 */
final class Winograd4Double {
    private Winograd4Double() {}

    /** Transform positions of one tile: 6×6. */
    static final int POSITIONS = 36;

    /** One stride-1 3×3 correlation: input [batch, cin, h, w] to output [batch, cout, oh, ow]. */
    record Shape(int batch, int cin, int h, int w, int cout, int oh, int ow, int padH, int padW) {
        int tilesH() {
            return (oh + 3) / 4;
        }

        int tilesW() {
            return (ow + 3) / 4;
        }

        int tiles() {
            return tilesH() * tilesW();
        }
    }

    /** y = conv(x, w) + bias (bias may be null); overwrites y. */
    static void forward(ConvGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        forward(g, x, w, bias, y, Winograd4WeightDouble.channelsLast(g.inChannels(), g.outChannels()));
    }

    /**
     * {@link #forward} through {@link Winograd4ForwardSimdDouble}'s channels-last tiles when cl, else through the
     * tiles gathered per channel: the same values either way.
     */
    static void forward(ConvGeometry g, double[] x, double[] w, double[] bias, double[] y, boolean cl) {
        int cout = g.outChannels();
        int cin = g.inChannels();
        double[] u = WinogradDouble.scratch().u(POSITIONS * weightStride(cout, cin));
        ConvMethod.forEach(cout, (from, to) -> {
            double[] t = new double[18];
            for (int o = from; o < to; o++) {
                for (int c = 0; c < cin; c++) {
                    transformWeight(w, (o * cin + c) * 9, false, t, u, cl ? c * cout + o : o * cin + c,
                            weightStride(cout, cin));
                }
            }
        });
        run(new Shape(g.batch(), cin, g.inH(), g.inW(), cout, g.outH(), g.outW(), g.padH(), g.padW()), x, u, bias, y,
                cl);
    }

    /**
     * gx = the correlation of gy with the kernel flipped in both axes and transposed over channels, padded by
     * 2 - p: gx[c][i][j] = Σ_o Σ_{a,b} gy[o][i + p - a][j + p - b] · w[o][c][a][b]. Overwrites gx.
     */
    static void backwardData(ConvGeometry g, double[] gy, double[] w, double[] gx) {
        backwardData(g, gy, w, gx, Winograd4WeightDouble.channelsLast(g.outChannels(), g.inChannels()));
    }

    /** {@link #backwardData} through the channels-last tiles when cl (see {@link #forward}). */
    static void backwardData(ConvGeometry g, double[] gy, double[] w, double[] gx, boolean cl) {
        int cout = g.outChannels();
        int cin = g.inChannels();
        double[] u = WinogradDouble.scratch().u(POSITIONS * weightStride(cin, cout));
        ConvMethod.forEach(cin, (from, to) -> {
            double[] t = new double[18];
            for (int c = from; c < to; c++) {
                for (int o = 0; o < cout; o++) {
                    transformWeight(w, (o * cin + c) * 9, true, t, u, cl ? o * cin + c : c * cout + o,
                            weightStride(cin, cout));
                }
            }
        });
        run(new Shape(g.batch(), cout, g.outH(), g.outW(), cin, g.inH(), g.inW(), 2 - g.padH(), 2 - g.padW()), gy, u,
                null, gx, cl);
    }

    /**
     * gw = the weight gradient of {@link #forward}, computed by {@link Winograd4WeightDouble#backwardWeight}.
     * Overwrites gw.
     */
    static void backwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) {
        Winograd4WeightDouble.backwardWeight(g, x, gy, gw);
    }

    /**
     * u[k·stride + off] = (G g Gᵀ)[k] for the 3×3 kernel at w[wOff] (rotated by 180° if flip), computed in double
     * precision (t: 18 elements of scratch, G g) and rounded once. Each kernel is transformed alone, so splitting
     * the kernels over threads cannot change a result.
     */
    private static void transformWeight(double[] w, int wOff, boolean flip, double[] t, double[] u, int off,
            int stride) {
        for (int j = 0; j < 3; j++) {
            double a = w[wOff + (flip ? 8 - j : j)];
            double b = w[wOff + (flip ? 5 - j : 3 + j)];
            double c = w[wOff + (flip ? 2 - j : 6 + j)];
            double even = a + c;
            double even2 = a + 4 * c;
            t[j] = a * 0.25;
            t[3 + j] = -(even + b) * SIXTH;
            t[6 + j] = (b - even) * SIXTH;
            t[9 + j] = (even2 + 2 * b) * TWENTY_FOURTH;
            t[12 + j] = (even2 - 2 * b) * TWENTY_FOURTH;
            t[15 + j] = c;
        }
        for (int i = 0; i < 6; i++) {
            interpolateRow(t[3 * i], t[3 * i + 1], t[3 * i + 2], u, off + 6 * i * stride, stride);
        }
    }

    static final double SIXTH = 1.0 / 6;
    static final double TWENTY_FOURTH = 1.0 / 24;

    /**
     * (a, b, c) Gᵀ into u[o + j·stride], rounded: the polynomial a + b·z + c·z² at z = 0, 1, -1, 2, -2, scaled
     * by 1/4, -1/6, -1/6, 1/24, 1/24, and its leading coefficient c (the point ∞).
     */
    private static void interpolateRow(double a, double b, double c, double[] u, int o, int stride) {
        double even = a + c;
        double even2 = a + 4 * c;
        u[o] = (double) (a * 0.25);
        u[o + stride] = (double) (-(even + b) * SIXTH);
        u[o + 2 * stride] = (double) ((b - even) * SIXTH);
        u[o + 3 * stride] = (double) ((even2 + 2 * b) * TWENTY_FOURTH);
        u[o + 4 * stride] = (double) ((even2 - 2 * b) * TWENTY_FOURTH);
        u[o + 5 * stride] = (double) c;
    }

    /**
     * Distance between the transformed weights U[k] of consecutive positions: one cache line more than rows ·
     * cols, as for V and M ({@link WinogradDouble#positionStride}), so that the 36 elements of one kernel's
     * transform do not fall into one cache set when rows · cols is a multiple of 4 KiB.
     */
    static int weightStride(int rows, int cols) {
        return WinogradDouble.positionStride(rows, cols);
    }

    /**
     * Most elements of V and M together per chunk and thread (2^22 elements, 16 MB), four times
     * {@link WinogradDouble#CHUNK_ELEMENTS}: with four times fewer tiles per image, each of the 36 GEMMs would
     * otherwise be narrow, and the packing of U[k] that every GEMM call repeats would cost as much as the products.
     */
    static final int CHUNK_ELEMENTS = 1 << 22;

    /**
     * Tiles per chunk that the GEMMs get, within {@link #CHUNK_ELEMENTS}, when F(2×2)'s budget gives fewer. Since
     * V is written in the GEMM's panels, narrower chunks pay (measured on 1 thread, CPU ms of forward + input
     * gradient + weight gradient, min of 25 alternating in one JVM, load 3-4; row-major V with 512 tiles / panels
     * with 512 / 256 / 128: 64→128 at 16×16 batch 32 28.5 / 26.7 / 25.0 / 25.3, 64→64 at 56×56 batch 8
     * 44.9 / 41.8 / 37.0 / 36.3, 128→128 at 28×28 batch 8 36.3 / 33.9 / 35.7 / 34.5).
     */
    static final int CHUNK_TILES = 256;

    /**
     * Images per chunk: as many as fit {@link WinogradDouble#CHUNK_ELEMENTS} in V and M, or more, up to
     * {@link #CHUNK_TILES} tiles within {@link #CHUNK_ELEMENTS}; at least one. Larger chunks for narrow layers
     * only evict V before the GEMMs read it (measured on 1 thread, CPU ms, forward, min of 12-15, load 7-10,
     * chunks of 2^20 elements / 2^22 / this rule: 256→256 at 14×14 batch 8 17.8 / 12.4 / 10.4, 64→128 at 16×16
     * batch 32 7.6 / 6.9 / 6.8, 32→32 at 14×14 batch 64 3.6 / 7.0 / 3.1).
     */
    static int chunk(Shape s) {
        long perImage = (long) POSITIONS * (s.cin() + s.cout()) * s.tiles();
        long small = WinogradDouble.CHUNK_ELEMENTS / Math.max(1, perImage);
        long wide = Math.min((CHUNK_TILES + s.tiles() - 1) / Math.max(1, s.tiles()),
                CHUNK_ELEMENTS / Math.max(1, perImage));
        return (int) Math.max(1, Math.min(s.batch(), Math.max(small, wide)));
    }

    private static void run(Shape s, double[] x, double[] u, double[] bias, double[] y, boolean cl) {
        int cnt = chunk(s);
        int n = s.batch();
        int t = Parallel.threads();
        if (n >= t && (n % t == 0 || n >= 4 * t)) {
            ConvMethod.forEach(n, (from, to) -> {
                for (int n0 = from; n0 < to; n0 += cnt) {
                    chunk(s, x, u, bias, y, n0, Math.min(cnt, to - n0), false, cl);
                }
            });
        } else {
            for (int n0 = 0; n0 < n; n0 += cnt) {
                chunk(s, x, u, bias, y, n0, Math.min(cnt, n - n0), true, cl);
            }
        }
    }

    /** One chunk through the channels-last tiles when cl, else {@link #runChunk}. */
    private static void chunk(Shape s, double[] x, double[] u, double[] bias, double[] y, int n0, int count,
            boolean parallel, boolean cl) {
        if (cl) {
            Winograd4ForwardSimdDouble.chunk(s, x, u, weightStride(s.cout(), s.cin()), bias, y, n0, count, parallel);
        } else {
            runChunk(s, x, u, bias, y, n0, count, parallel);
        }
    }

    /**
     * Columns per panel of the packed V: {@link Gemm#dgemmPanelWidth()} when the vector transforms can write whole
     * vectors into it, else 0 (V row-major, each GEMM packs it).
     */
    private static int panelWidth() {
        int w = Gemm.dgemmPanelWidth();
        return SIMD && w % Winograd4SimdDouble.N != 0 ? 0 : w;
    }

    /**
     * Images [n0, n0 + count): per input channel, the tiles of every image gathered (see {@link
     * Winograd4TilesDouble#gather}) and transformed into V, packed in the panels of {@link Gemm#dgemmPanels} (see {@link
     * #panelWidth}); one GEMM per position, the positions split over threads when the chunks are not; per output
     * channel, the tiles of every image transformed and written into place.
     */
    private static void runChunk(Shape s, double[] x, double[] u, double[] bias, double[] y, int n0, int count,
            boolean splitPositions) {
        int nt = count * s.tiles();
        int cin = s.cin();
        int cout = s.cout();
        int pw = panelWidth();
        int width = pw == 0 ? nt : (nt + pw - 1) / pw * pw;
        int vs = WinogradDouble.positionStride(cin, width);
        int ms = WinogradDouble.positionStride(cout, nt);
        WinogradDouble.Scratch sc = WinogradDouble.scratch();
        double[] v = sc.v(POSITIONS * vs);
        double[] m = sc.m(POSITIONS * ms);
        double[] d = sc.plane(POSITIONS * nt);
        double[] q = sc.q(16 * nt);
        boolean wide = s.tilesW() >= Winograd4TilesDouble.WIDE_TILES;
        int[] tileIndex = wide ? null : Winograd4TilesDouble.tileIndex(s, count);
        double[] padded = wide ? null : new double[count * Winograd4TilesDouble.paddedSize(s)];
        for (int c = 0; c < cin; c++) {
            if (wide) {
                Winograd4TilesDouble.gatherRows(s, x, (n0 * cin + c) * s.h() * s.w(), count, q, d, nt);
            } else {
                Winograd4TilesDouble.gather(s, x, (n0 * cin + c) * s.h() * s.w(), count, padded, tileIndex, d);
            }
            if (pw == 0) {
                transformInput(d, nt, v, c * nt, vs);
            } else {
                transformInput(d, nt, v, c * pw, vs, pw, cin * pw);
            }
        }
        int us = weightStride(cout, cin);
        ConvMethod.Range products = (from, to) -> {
            for (int k = from; k < to; k++) {
                if (pw == 0) {
                    Gemm.dgemm(false, false, cout, nt, cin, u, k * us, cin, v, k * vs, nt, 0.0, m, k * ms, nt);
                } else {
                    Gemm.dgemmPanels(false, cout, nt, cin, u, k * us, cin, v, k * vs, 0.0, m, k * ms, nt);
                }
            }
        };
        if (splitPositions && pw != 0) {
            ConvMethod.forEach(POSITIONS, products);
        } else {
            products.run(0, POSITIONS);
        }
        int[] outputIndex = wide ? null : Winograd4TilesDouble.outputIndex(s, count);
        for (int o = 0; o < cout; o++) {
            double b = bias == null ? 0.0 : bias[o];
            transformOutput(m, o * nt, ms, b, q, nt);
            int yOff = (n0 * cout + o) * s.oh() * s.ow();
            if (outputIndex == null) {
                Winograd4TilesDouble.scatterRows(s, q, nt, count, d, y, yOff);
            } else {
                Winograd4TilesDouble.scatter(s, q, outputIndex, count, y, yOff);
            }
        }
    }

    /** Whether the transforms use {@link Winograd4SimdDouble}. */
    static final boolean SIMD = Kernels.simd();

    /**
     * v[k·stride + off + t] = (Bᵀ d_t B)[k] for the nt gathered tiles d_t in d (see {@link
     * Winograd4TilesDouble#gather}): with the Vector API a vector of tiles at a time, the rest tile by tile.
     */
    static void transformInput(double[] d, int nt, double[] v, int off, int stride) {
        transformInput(d, nt, v, off, stride, Integer.MAX_VALUE, 0);
    }

    /**
     * {@link #transformInput} with tile t written from v[off + t / panel · panelStride + t % panel] on (panel a
     * multiple of the vector length, or at least nt): with panel = {@link Gemm#dgemmPanelWidth()}, panelStride =
     * channels · panel and off = channel · panel, V[k] is the packed B that {@link Gemm#dgemmPanels} reads.
     */
    static void transformInput(double[] d, int nt, double[] v, int off, int stride, int panel, int panelStride) {
        int t = SIMD ? Winograd4SimdDouble.transformInput(d, nt, v, off, stride, panel, panelStride) : 0;
        double[] r = new double[POSITIONS];
        for (; t < nt; t++) {
            inputTile(d, nt, t, r, v, off + t / panel * panelStride + t % panel, stride);
        }
    }

    /**
     * v[k·stride + dst] = (Bᵀ d B)[k] for the gathered tile t (r: 36 elements of scratch): Bᵀ down each column of
     * d into r, then Bᵀ along each row of r. The scalar reference of {@link Winograd4SimdDouble#transformInput},
     * which computes the same sums in the same order.
     */
    static void inputTile(double[] d, int nt, int t, double[] r, double[] v, int dst, int stride) {
        for (int j = 0; j < 6; j++) {
            int c = j * nt + t;
            inputLine(d[c], d[c + 6 * nt], d[c + 12 * nt], d[c + 18 * nt], d[c + 24 * nt], d[c + 30 * nt], r, j, 6);
        }
        for (int i = 0; i < 6; i++) {
            inputLine(r[6 * i], r[6 * i + 1], r[6 * i + 2], r[6 * i + 3], r[6 * i + 4], r[6 * i + 5], v,
                    dst + 6 * i * stride, stride);
        }
    }

    /**
     * Bᵀ (d0 .. d5) into out[o + i·step]: 4d0 - 5d2 + d4, -4d1 - 4d2 + d3 + d4, 4d1 - 4d2 - d3 + d4,
     * -2d1 - d2 + 2d3 + d4, 2d1 - d2 - 2d3 + d4, 4d1 - 5d3 + d5, multiplying by 2 and 4 only.
     */
    private static void inputLine(double d0, double d1, double d2, double d3, double d4, double d5, double[] out, int o,
            int step) {
        double t0 = d4 - d2 * 4.0;
        double t1 = d3 - d1 * 4.0;
        double t2 = d4 - d2;
        double t3 = (d3 - d1) * 2.0;
        out[o] = (d0 - d2) * 4.0 + t2;
        out[o + step] = t0 + t1;
        out[o + 2 * step] = t0 - t1;
        out[o + 3 * step] = t2 + t3;
        out[o + 4 * step] = t2 - t3;
        out[o + 5 * step] = (d1 - d3) * 4.0 + (d5 - d3);
    }

    /**
     * q[j·nt + t] for j = 4·row + column = Aᵀ M_t A + b for the nt tiles at m[off + t + k·stride] of one output
     * channel: with the Vector API a vector of tiles at a time, the rest tile by tile.
     */
    private static void transformOutput(double[] m, int off, int stride, double b, double[] q, int nt) {
        int t = SIMD ? Winograd4SimdDouble.transformOutput(m, off, stride, b, q, nt) : 0;
        double[] r = new double[24];
        for (; t < nt; t++) {
            outputTile(m, off + t, stride, b, r, q, t, nt);
        }
    }

    /**
     * q[j·nt + t] for j = 4·row + column = Aᵀ M A + b for the tile at m[src + k·stride] (r: 24 elements of
     * scratch): Aᵀ down each column of M into r, then along each row of r. The scalar reference of
     * {@link Winograd4SimdDouble#transformOutput}, same sums, same order.
     */
    static void outputTile(double[] m, int src, int stride, double b, double[] r, double[] q, int t, int nt) {
        for (int k = 0; k < 6; k++) {
            int c = src + k * stride;
            outputLine(m[c], m[c + 6 * stride], m[c + 12 * stride], m[c + 18 * stride], m[c + 24 * stride],
                    m[c + 30 * stride], r, k, 6);
        }
        for (int i = 0; i < 4; i++) {
            int c = 6 * i;
            outputLine(r[c], r[c + 1], r[c + 2], r[c + 3], r[c + 4], r[c + 5], r, c, 1);
            for (int j = 0; j < 4; j++) {
                q[(4 * i + j) * nt + t] = r[c + j] + b;
            }
        }
    }

    /**
     * Aᵀ (m0 .. m5) into out[o + i·step]: m0 + m1 + m2 + m3 + m4, m1 - m2 + 2(m3 - m4), m1 + m2 + 4(m3 + m4),
     * m1 - m2 + 8(m3 - m4) + m5.
     */
    private static void outputLine(double m0, double m1, double m2, double m3, double m4, double m5, double[] out, int o,
            int step) {
        double a = m1 + m2;
        double b = m1 - m2;
        double c = m3 + m4;
        double d = m3 - m4;
        out[o] = m0 + a + c;
        out[o + step] = b + d * 2.0;
        out[o + 2 * step] = a + c * 4.0;
        out[o + 3 * step] = b + d * 8.0 + m5;
    }
}
