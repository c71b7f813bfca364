package dev.tapegrad.ops.kernels;

/**
 * The Winograd convolution method F(4×4, 3×3) in FLOAT32, with Lavin and Gray's matrices (interpolation points 0,
 * ±1, ±2 and ∞), for the forward and the input gradient of the layers {@link WinogradFloat#applies} admits: each
 * 4×4 output tile is Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A of the 6×6 input tile d under it, 36 multiplies per tile and
 * channel pair where F(2×2, 3×3) takes 64 for the same 16 outputs. The steps are {@link WinogradFloat}'s: the
 * weights transformed once per call (in double precision, then rounded), the input tiles of a chunk of images into
 * V[k][c][t] (packed in the GEMM's column panels), one {@link Gemm#sgemmPanels} per position k, M[k] = U[k]·V[k],
 * and the output transform; chunks of images split over {@link Parallel}'s threads (the positions, when the images
 * are too few), and the GEMM never splits its sums, so results do not depend on the thread count. With the Vector
 * API and both channel counts whole vectors, {@link Winograd4ForwardSimdFloat} computes the same values with a
 * vector of channels where this path takes a vector of tiles (from channels-last planes, without the gathers and
 * scatters of {@link Winograd4TilesFloat}). The input
 * gradient is the same correlation with the kernel flipped and transposed over channels, padding
 * 2 - p. The tile transforms multiply by powers of two only (5·d is computed as 4·d + d), but the points ±2
 * make the transformed values larger than F(2×2)'s: FLOAT32 loses about four more bits (see
 * {@link ConvMethod#WINOGRAD4}). {@link Winograd4Double} is generated from this file for FLOAT64.
 */
final class Winograd4Float {
    private Winograd4Float() {}

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
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        forward(g, x, w, bias, y, Winograd4WeightFloat.channelsLast(g.inChannels(), g.outChannels()));
    }

    /**
     * {@link #forward} through {@link Winograd4ForwardSimdFloat}'s channels-last tiles when cl, else through the
     * tiles gathered per channel: the same values either way.
     */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, boolean cl) {
        int cout = g.outChannels();
        int cin = g.inChannels();
        float[] u = WinogradFloat.scratch().u(POSITIONS * weightStride(cout, cin));
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
    static void backwardData(ConvGeometry g, float[] gy, float[] w, float[] gx) {
        backwardData(g, gy, w, gx, Winograd4WeightFloat.channelsLast(g.outChannels(), g.inChannels()));
    }

    /** {@link #backwardData} through the channels-last tiles when cl (see {@link #forward}). */
    static void backwardData(ConvGeometry g, float[] gy, float[] w, float[] gx, boolean cl) {
        int cout = g.outChannels();
        int cin = g.inChannels();
        float[] u = WinogradFloat.scratch().u(POSITIONS * weightStride(cin, cout));
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
     * gw = the weight gradient of {@link #forward}, computed by {@link Winograd4WeightFloat#backwardWeight}.
     * Overwrites gw.
     */
    static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        Winograd4WeightFloat.backwardWeight(g, x, gy, gw);
    }

    /**
     * u[k·stride + off] = (G g Gᵀ)[k] for the 3×3 kernel at w[wOff] (rotated by 180° if flip), computed in double
     * precision (t: 18 elements of scratch, G g) and rounded once. Each kernel is transformed alone, so splitting
     * the kernels over threads cannot change a result.
     */
    private static void transformWeight(float[] w, int wOff, boolean flip, double[] t, float[] u, int off,
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
    private static void interpolateRow(double a, double b, double c, float[] u, int o, int stride) {
        double even = a + c;
        double even2 = a + 4 * c;
        u[o] = (float) (a * 0.25);
        u[o + stride] = (float) (-(even + b) * SIXTH);
        u[o + 2 * stride] = (float) ((b - even) * SIXTH);
        u[o + 3 * stride] = (float) ((even2 + 2 * b) * TWENTY_FOURTH);
        u[o + 4 * stride] = (float) ((even2 - 2 * b) * TWENTY_FOURTH);
        u[o + 5 * stride] = (float) c;
    }

    /**
     * Distance between the transformed weights U[k] of consecutive positions: one cache line more than rows ·
     * cols, as for V and M ({@link WinogradFloat#positionStride}), so that the 36 elements of one kernel's
     * transform do not fall into one cache set when rows · cols is a multiple of 4 KiB.
     */
    static int weightStride(int rows, int cols) {
        return WinogradFloat.positionStride(rows, cols);
    }

    /**
     * Most elements of V and M together per chunk and thread (2^22 elements, 16 MB), four times
     * {@link WinogradFloat#CHUNK_ELEMENTS}: with four times fewer tiles per image, each of the 36 GEMMs would
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
     * Images per chunk: as many as fit {@link WinogradFloat#CHUNK_ELEMENTS} in V and M, or more, up to
     * {@link #CHUNK_TILES} tiles within {@link #CHUNK_ELEMENTS}; at least one. Larger chunks for narrow layers
     * only evict V before the GEMMs read it (measured on 1 thread, CPU ms, forward, min of 12-15, load 7-10,
     * chunks of 2^20 elements / 2^22 / this rule: 256→256 at 14×14 batch 8 17.8 / 12.4 / 10.4, 64→128 at 16×16
     * batch 32 7.6 / 6.9 / 6.8, 32→32 at 14×14 batch 64 3.6 / 7.0 / 3.1).
     */
    static int chunk(Shape s) {
        long perImage = (long) POSITIONS * (s.cin() + s.cout()) * s.tiles();
        long small = WinogradFloat.CHUNK_ELEMENTS / Math.max(1, perImage);
        long wide = Math.min((CHUNK_TILES + s.tiles() - 1) / Math.max(1, s.tiles()),
                CHUNK_ELEMENTS / Math.max(1, perImage));
        return (int) Math.max(1, Math.min(s.batch(), Math.max(small, wide)));
    }

    private static void run(Shape s, float[] x, float[] u, float[] bias, float[] y, boolean cl) {
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
    private static void chunk(Shape s, float[] x, float[] u, float[] bias, float[] y, int n0, int count,
            boolean parallel, boolean cl) {
        if (cl) {
            Winograd4ForwardSimdFloat.chunk(s, x, u, weightStride(s.cout(), s.cin()), bias, y, n0, count, parallel);
        } else {
            runChunk(s, x, u, bias, y, n0, count, parallel);
        }
    }

    /**
     * Columns per panel of the packed V: {@link Gemm#sgemmPanelWidth()} when the vector transforms can write whole
     * vectors into it, else 0 (V row-major, each GEMM packs it).
     */
    private static int panelWidth() {
        int w = Gemm.sgemmPanelWidth();
        return SIMD && w % Winograd4SimdFloat.N != 0 ? 0 : w;
    }

    /**
     * Images [n0, n0 + count): per input channel, the tiles of every image gathered (see {@link
     * Winograd4TilesFloat#gather}) and transformed into V, packed in the panels of {@link Gemm#sgemmPanels} (see {@link
     * #panelWidth}); one GEMM per position, the positions split over threads when the chunks are not; per output
     * channel, the tiles of every image transformed and written into place.
     */
    private static void runChunk(Shape s, float[] x, float[] u, float[] bias, float[] y, int n0, int count,
            boolean splitPositions) {
        int nt = count * s.tiles();
        int cin = s.cin();
        int cout = s.cout();
        int pw = panelWidth();
        int width = pw == 0 ? nt : (nt + pw - 1) / pw * pw;
        int vs = WinogradFloat.positionStride(cin, width);
        int ms = WinogradFloat.positionStride(cout, nt);
        WinogradFloat.Scratch sc = WinogradFloat.scratch();
        float[] v = sc.v(POSITIONS * vs);
        float[] m = sc.m(POSITIONS * ms);
        float[] d = sc.plane(POSITIONS * nt);
        float[] q = sc.q(16 * nt);
        boolean wide = s.tilesW() >= Winograd4TilesFloat.WIDE_TILES;
        int[] tileIndex = wide ? null : Winograd4TilesFloat.tileIndex(s, count);
        float[] padded = wide ? null : new float[count * Winograd4TilesFloat.paddedSize(s)];
        for (int c = 0; c < cin; c++) {
            if (wide) {
                Winograd4TilesFloat.gatherRows(s, x, (n0 * cin + c) * s.h() * s.w(), count, q, d, nt);
            } else {
                Winograd4TilesFloat.gather(s, x, (n0 * cin + c) * s.h() * s.w(), count, padded, tileIndex, d);
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
                    Gemm.sgemm(false, false, cout, nt, cin, u, k * us, cin, v, k * vs, nt, 0f, m, k * ms, nt);
                } else {
                    Gemm.sgemmPanels(false, cout, nt, cin, u, k * us, cin, v, k * vs, 0f, m, k * ms, nt);
                }
            }
        };
        if (splitPositions && pw != 0) {
            ConvMethod.forEach(POSITIONS, products);
        } else {
            products.run(0, POSITIONS);
        }
        int[] outputIndex = wide ? null : Winograd4TilesFloat.outputIndex(s, count);
        for (int o = 0; o < cout; o++) {
            float b = bias == null ? 0f : bias[o];
            transformOutput(m, o * nt, ms, b, q, nt);
            int yOff = (n0 * cout + o) * s.oh() * s.ow();
            if (outputIndex == null) {
                Winograd4TilesFloat.scatterRows(s, q, nt, count, d, y, yOff);
            } else {
                Winograd4TilesFloat.scatter(s, q, outputIndex, count, y, yOff);
            }
        }
    }

    /** Whether the transforms use {@link Winograd4SimdFloat}. */
    static final boolean SIMD = Kernels.simd();

    /**
     * v[k·stride + off + t] = (Bᵀ d_t B)[k] for the nt gathered tiles d_t in d (see {@link
     * Winograd4TilesFloat#gather}): with the Vector API a vector of tiles at a time, the rest tile by tile.
     */
    static void transformInput(float[] d, int nt, float[] v, int off, int stride) {
        transformInput(d, nt, v, off, stride, Integer.MAX_VALUE, 0);
    }

    /**
     * {@link #transformInput} with tile t written from v[off + t / panel · panelStride + t % panel] on (panel a
     * multiple of the vector length, or at least nt): with panel = {@link Gemm#sgemmPanelWidth()}, panelStride =
     * channels · panel and off = channel · panel, V[k] is the packed B that {@link Gemm#sgemmPanels} reads.
     */
    static void transformInput(float[] d, int nt, float[] v, int off, int stride, int panel, int panelStride) {
        int t = SIMD ? Winograd4SimdFloat.transformInput(d, nt, v, off, stride, panel, panelStride) : 0;
        float[] r = new float[POSITIONS];
        for (; t < nt; t++) {
            inputTile(d, nt, t, r, v, off + t / panel * panelStride + t % panel, stride);
        }
    }

    /**
     * v[k·stride + dst] = (Bᵀ d B)[k] for the gathered tile t (r: 36 elements of scratch): Bᵀ down each column of
     * d into r, then Bᵀ along each row of r. The scalar reference of {@link Winograd4SimdFloat#transformInput},
     * which computes the same sums in the same order.
     */
    static void inputTile(float[] d, int nt, int t, float[] r, float[] v, int dst, int stride) {
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
    private static void inputLine(float d0, float d1, float d2, float d3, float d4, float d5, float[] out, int o,
            int step) {
        float t0 = d4 - d2 * 4f;
        float t1 = d3 - d1 * 4f;
        float t2 = d4 - d2;
        float t3 = (d3 - d1) * 2f;
        out[o] = (d0 - d2) * 4f + t2;
        out[o + step] = t0 + t1;
        out[o + 2 * step] = t0 - t1;
        out[o + 3 * step] = t2 + t3;
        out[o + 4 * step] = t2 - t3;
        out[o + 5 * step] = (d1 - d3) * 4f + (d5 - d3);
    }

    /**
     * q[j·nt + t] for j = 4·row + column = Aᵀ M_t A + b for the nt tiles at m[off + t + k·stride] of one output
     * channel: with the Vector API a vector of tiles at a time, the rest tile by tile.
     */
    private static void transformOutput(float[] m, int off, int stride, float b, float[] q, int nt) {
        int t = SIMD ? Winograd4SimdFloat.transformOutput(m, off, stride, b, q, nt) : 0;
        float[] r = new float[24];
        for (; t < nt; t++) {
            outputTile(m, off + t, stride, b, r, q, t, nt);
        }
    }

    /**
     * q[j·nt + t] for j = 4·row + column = Aᵀ M A + b for the tile at m[src + k·stride] (r: 24 elements of
     * scratch): Aᵀ down each column of M into r, then along each row of r. The scalar reference of
     * {@link Winograd4SimdFloat#transformOutput}, same sums, same order.
     */
    static void outputTile(float[] m, int src, int stride, float b, float[] r, float[] q, int t, int nt) {
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
    private static void outputLine(float m0, float m1, float m2, float m3, float m4, float m5, float[] out, int o,
            int step) {
        float a = m1 + m2;
        float b = m1 - m2;
        float c = m3 + m4;
        float d = m3 - m4;
        out[o] = m0 + a + c;
        out[o + step] = b + d * 2f;
        out[o + 2 * step] = a + c * 4f;
        out[o + 3 * step] = b + d * 8f + m5;
    }
}
