// GENERATED from WinogradFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The Winograd convolution method F(2×2, 3×3) in FLOAT64, for 3×3 kernels at stride 1 and dilation 1 in one
 * group (forward, input gradient and weight gradient): each 2×2 output tile is Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A of the 4×4 input tile d under it, 16 multiplies
 * per tile and channel pair instead of 36. Per call the weights are transformed once, U[k][o][c] (k one of
 * the 16 transform positions); per chunk of images the input tiles are transformed into V[k][c][t], then one
 * {@link Gemm} per position gives M[k] = U[k]·V[k] [out channels × tiles], and the output transform writes
 * the tiles. The input gradient of such a convolution is again one: the kernel flipped and transposed over
 * channels, padding 2 - p (see {@link #backwardData}). Chunks of images are split over {@link Parallel}'s
 * threads as in {@link GemmConvDouble}; the GEMM never splits its sums, so results do not depend on the thread
 * count. The transforms add, subtract and halve only, so FLOAT64 stays as accurate as the GEMM method
 * (measured at 64 channels: max error 1.4e-6 relative to the double64 result's magnitude, GEMM 2.0e-6). Generated from {@link WinogradFloat}: edit that file, not this one.
 */
final class WinogradDouble {
    private WinogradDouble() {}

    /** Transform positions of one tile: 4×4. */
    static final int POSITIONS = 16;

    /** Elements of V and M per chunk and thread (2^20 elements). */
    static final int CHUNK_ELEMENTS = 1 << 20;

    /** Whether this method computes the convolution g (its forward and its input gradient). */
    static boolean applies(ConvGeometry g) {
        return g.kernelH() == 3 && g.kernelW() == 3 && g.strideH() == 1 && g.strideW() == 1
                && g.dilationH() == 1 && g.dilationW() == 1 && g.groups() == 1;
    }

    /**
     * Per-thread scratch: one split input plane (see {@link #split}), the transformed inputs V, the products M and
     * the tile outputs of one output plane; shared with {@link Winograd4Double}, which runs on the same threads and
     * also keeps its transformed weights U and its weight gradient's sums here, so that each call does not
     * allocate (and zero) them anew.
     */
    static final class Scratch {
        double[] plane = new double[0];
        double[] v = new double[0];
        double[] m = new double[0];
        double[] q = new double[0];
        double[] u = new double[0];
        double[] du = new double[0];
        double[] products = new double[0];

        /** Winograd4WeightSimdDouble's FLOAT64 products of a round of chunks, before they are added into du. */
        double[] products(int n) {
            return products = Buffers.atLeast(products, n);
        }

        double[] u(int n) {
            return u = Buffers.atLeast(u, n);
        }

        double[] du(int n) {
            return du = Buffers.atLeast(du, n);
        }

        double[] q(int n) {
            return q = Buffers.atLeast(q, n);
        }

        double[] plane(int n) {
            return plane = Buffers.atLeast(plane, n);
        }

        double[] v(int n) {
            return v = Buffers.atLeast(v, n);
        }

        double[] m(int n) {
            return m = Buffers.atLeast(m, n);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** This thread's scratch. */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    /** One stride-1 3×3 correlation: input [batch, cin, h, w] to output [batch, cout, oh, ow]. */
    private record Shape(int batch, int cin, int h, int w, int cout, int oh, int ow, int padH, int padW) {
        int tilesH() {
            return (oh + 1) / 2;
        }

        int tilesW() {
            return (ow + 1) / 2;
        }

        int tiles() {
            return tilesH() * tilesW();
        }
    }

    /** y = conv(x, w) + bias (bias may be null); overwrites y. */
    static void forward(ConvGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        int cout = g.outChannels();
        int cin = g.inChannels();
        double[] u = new double[POSITIONS * cout * cin];
        for (int o = 0; o < cout; o++) {
            for (int c = 0; c < cin; c++) {
                transformWeight(w, (o * cin + c) * 9, false, u, o * cin + c, cout * cin);
            }
        }
        run(new Shape(g.batch(), cin, g.inH(), g.inW(), cout, g.outH(), g.outW(), g.padH(), g.padW()), x, u, bias, y);
    }

    /**
     * gx = the correlation of gy with the kernel flipped in both axes and transposed over channels, padded by
     * 2 - p: gx[c][i][j] = Σ_o Σ_{a,b} gy[o][i + p - a][j + p - b] · w[o][c][a][b]. Overwrites gx.
     */
    static void backwardData(ConvGeometry g, double[] gy, double[] w, double[] gx) {
        int cout = g.outChannels();
        int cin = g.inChannels();
        double[] u = new double[POSITIONS * cin * cout];
        for (int c = 0; c < cin; c++) {
            for (int o = 0; o < cout; o++) {
                transformWeight(w, (o * cin + c) * 9, true, u, c * cout + o, cin * cout);
            }
        }
        run(new Shape(g.batch(), cout, g.outH(), g.outW(), cin, g.inH(), g.inW(), 2 - g.padH(), 2 - g.padW()), gy, u,
                null, gx);
    }

    /**
     * gw = Σ over images and output tiles of the weight gradient of y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A:
     * gw = Gᵀ [Σ_t (A dy_t Aᵀ) ⊙ (Bᵀ d_t B)] G, the sum one GEMM per position over the tiles of each chunk of
     * images (K = tiles; later chunks with beta 1), the positions split over threads. The chunks do not depend on
     * the thread count, and the GEMM never splits K, so neither do the sums. Overwrites gw.
     */
    static void backwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) {
        int cout = g.outChannels();
        int cin = g.inChannels();
        if (g.batch() == 0) {
            Arrays.fill(gw, 0, g.weightSize(), 0.0);
            return;
        }
        Shape s = new Shape(g.batch(), cin, g.inH(), g.inW(), cout, g.outH(), g.outW(), g.padH(), g.padW());
        int cnt = chunk(s);
        double[] du = new double[POSITIONS * cout * cin];
        for (int n0 = 0; n0 < s.batch(); n0 += cnt) {
            weightChunk(s, x, gy, du, n0, Math.min(cnt, s.batch() - n0));
        }
        for (int o = 0; o < cout; o++) {
            for (int c = 0; c < cin; c++) {
                untransformWeight(du, o * cin + c, cout * cin, gw, (o * cin + c) * 9);
            }
        }
    }

    /** du[k][o][c] (+)= Σ_t (A dy_t Aᵀ)[k][o][t] · (Bᵀ d_t B)[k][c][t] over the tiles of images [n0, n0 + count). */
    private static void weightChunk(Shape s, double[] x, double[] gy, double[] du, int n0, int count) {
        int tiles = s.tiles();
        int nt = count * tiles;
        int cin = s.cin();
        int cout = s.cout();
        int vs = positionStride(cin, nt);
        int ms = positionStride(cout, nt);
        Scratch sc = SCRATCH.get();
        double[] v = sc.v(POSITIONS * vs);
        double[] m = sc.m(POSITIONS * ms);
        int ph = 2 * s.tilesH() + 2;
        int w2 = s.tilesW() + 1;
        int half = half(ph, w2);
        ConvMethod.forEach(count * cin, (from, to) -> {
            double[] eo = SCRATCH.get().plane(2 * half);
            for (int j = from; j < to; j++) {
                int i = j / cin;
                int c = j % cin;
                split(s, x, ((n0 + i) * cin + c) * s.h() * s.w(), eo, ph, w2, half);
                transformInput(s, eo, w2, half, v, c * nt + i * tiles, vs);
            }
        });
        ConvMethod.forEach(count * cout, (from, to) -> {
            double[] q = SCRATCH.get().q(4 * tiles);
            for (int j = from; j < to; j++) {
                int i = j / cout;
                int o = j % cout;
                transformGradient(s, gy, ((n0 + i) * cout + o) * s.oh() * s.ow(), q, m, o * nt + i * tiles, ms);
            }
        });
        double beta = n0 == 0 ? 0.0 : 1.0;
        ConvMethod.forEach(POSITIONS, (from, to) -> {
            for (int k = from; k < to; k++) {
                Gemm.dgemm(false, true, cout, cin, nt, m, k * ms, nt, v, k * vs, nt, beta, du, k * cout * cin, cin);
            }
        });
    }

    /**
     * m[k·stride + off + tile] = (A dy Aᵀ)[k] for every 2×2 tile dy of one output-gradient plane (zero outside):
     * the tiles' four values gathered into q[j·tiles + tile] (j = 0 .. 3 for (0, 0), (0, 1), (1, 0), (1, 1)),
     * then transformed, with the Vector API N tiles at a time, the rest tile by tile.
     */
    private static void transformGradient(Shape s, double[] gy, int gyOff, double[] q, double[] m, int off,
            int stride) {
        int ow = s.ow();
        int oh = s.oh();
        int tw = s.tilesW();
        int tiles = s.tiles();
        int full = ow / 2;
        for (int a = 0; a < s.tilesH(); a++) {
            for (int r = 0; r < 2; r++) {
                int dst = 2 * r * tiles + a * tw;
                if (2 * a + r >= oh) {
                    Arrays.fill(q, dst, dst + tw, 0.0);
                    Arrays.fill(q, dst + tiles, dst + tiles + tw, 0.0);
                    continue;
                }
                int src = gyOff + (2 * a + r) * ow;
                for (int c = 0; c < full; c++) {
                    q[dst + c] = gy[src + 2 * c];
                    q[dst + tiles + c] = gy[src + 2 * c + 1];
                }
                if (full < tw) {
                    q[dst + full] = gy[src + 2 * full];
                    q[dst + tiles + full] = 0.0;
                }
            }
        }
        int t = SIMD ? WinogradSimdDouble.transformGradient(q, tiles, m, off, stride) : 0;
        for (; t < tiles; t++) {
            gradientTile(q, t, tiles, m, off + t, stride);
        }
    }

    /**
     * m[k·stride + dst] = (A dy Aᵀ)[k] for the tile dy whose values are q[j·tiles + t]: the scalar reference of
     * {@link WinogradSimdDouble#transformGradient}, same sums, same order.
     */
    static void gradientTile(double[] q, int t, int tiles, double[] m, int dst, int stride) {
        double y00 = q[t];
        double y01 = q[tiles + t];
        double y10 = q[2 * tiles + t];
        double y11 = q[3 * tiles + t];
        // dy Aᵀ: each row [y0, y0 + y1, y0 - y1, -y1]; then A on the left, the same on the columns
        double r00 = y00;
        double r01 = y00 + y01;
        double r02 = y00 - y01;
        double r03 = -y01;
        double r10 = y10;
        double r11 = y10 + y11;
        double r12 = y10 - y11;
        double r13 = -y11;
        m[dst] = r00;
        m[dst + stride] = r01;
        m[dst + 2 * stride] = r02;
        m[dst + 3 * stride] = r03;
        m[dst + 4 * stride] = r00 + r10;
        m[dst + 5 * stride] = r01 + r11;
        m[dst + 6 * stride] = r02 + r12;
        m[dst + 7 * stride] = r03 + r13;
        m[dst + 8 * stride] = r00 - r10;
        m[dst + 9 * stride] = r01 - r11;
        m[dst + 10 * stride] = r02 - r12;
        m[dst + 11 * stride] = r03 - r13;
        m[dst + 12 * stride] = -r10;
        m[dst + 13 * stride] = -r11;
        m[dst + 14 * stride] = -r12;
        m[dst + 15 * stride] = -r13;
    }

    /** gw[wOff + 3×3] = Gᵀ X G for the 4×4 X at du[k·stride + off], the adjoint of {@link #transformWeight}. */
    private static void untransformWeight(double[] du, int off, int stride, double[] gw, int wOff) {
        double[] z = new double[12];
        for (int j = 0; j < 4; j++) {
            double x0 = du[off + j * stride];
            double x1 = du[off + (4 + j) * stride];
            double x2 = du[off + (8 + j) * stride];
            double x3 = du[off + (12 + j) * stride];
            z[j] = x0 + 0.5 * (x1 + x2);
            z[4 + j] = 0.5 * (x1 - x2);
            z[8 + j] = 0.5 * (x1 + x2) + x3;
        }
        for (int i = 0; i < 3; i++) {
            double z0 = z[4 * i];
            double z1 = z[4 * i + 1];
            double z2 = z[4 * i + 2];
            double z3 = z[4 * i + 3];
            gw[wOff + 3 * i] = z0 + 0.5 * (z1 + z2);
            gw[wOff + 3 * i + 1] = 0.5 * (z1 - z2);
            gw[wOff + 3 * i + 2] = 0.5 * (z1 + z2) + z3;
        }
    }

    /** u[k·stride + off] = (G g Gᵀ)[k] for the 3×3 kernel at w[wOff] (rotated by 180° if flip). */
    private static void transformWeight(double[] w, int wOff, boolean flip, double[] u, int off, int stride) {
        double[] k = new double[9];
        for (int i = 0; i < 9; i++) {
            k[i] = w[wOff + (flip ? 8 - i : i)];
        }
        double[] t = new double[12];
        for (int j = 0; j < 3; j++) {
            double a = k[j];
            double b = k[3 + j];
            double c = k[6 + j];
            t[j] = a;
            t[3 + j] = 0.5 * (a + b + c);
            t[6 + j] = 0.5 * (a - b + c);
            t[9 + j] = c;
        }
        for (int i = 0; i < 4; i++) {
            double a = t[3 * i];
            double b = t[3 * i + 1];
            double c = t[3 * i + 2];
            u[off + (4 * i) * stride] = a;
            u[off + (4 * i + 1) * stride] = 0.5 * (a + b + c);
            u[off + (4 * i + 2) * stride] = 0.5 * (a - b + c);
            u[off + (4 * i + 3) * stride] = c;
        }
    }

    /** Images per chunk: as many as fit CHUNK_ELEMENTS in V and M, at least one. */
    private static int chunk(Shape s) {
        long perImage = (long) POSITIONS * (s.cin() + s.cout()) * s.tiles();
        return (int) Math.max(1, Math.min(s.batch(), CHUNK_ELEMENTS / Math.max(1, perImage)));
    }

    private static void run(Shape s, double[] x, double[] u, double[] bias, double[] y) {
        int cnt = chunk(s);
        int n = s.batch();
        int t = Parallel.threads();
        ConvMethod.Range body = (from, to) -> {
            for (int n0 = from; n0 < to; n0 += cnt) {
                runChunk(s, x, u, bias, y, n0, Math.min(cnt, to - n0));
            }
        };
        if (n >= t && (n % t == 0 || n >= 4 * t)) {
            ConvMethod.forEach(n, body);
        } else {
            body.run(0, n);
        }
    }

    /**
     * Distance between the V (or M) blocks of consecutive transform positions: rows · tiles plus one cache
     * line, so that the 16 streams a tile transform writes (or reads) do not fall into one cache set when
     * rows · tiles is a multiple of 4 KiB (measured: the input transform ran 3× slower without the skew).
     */
    static int positionStride(int rows, int nt) {
        return rows * nt + SKEW;
    }

    /** Elements added to each position's block: one 64-byte cache line of doubles. */
    private static final int SKEW = 16;

    private static void runChunk(Shape s, double[] x, double[] u, double[] bias, double[] y, int n0, int count) {
        int nt = count * s.tiles();
        int vs = positionStride(s.cin(), nt);
        int ms = positionStride(s.cout(), nt);
        Scratch sc = SCRATCH.get();
        double[] v = sc.v(POSITIONS * vs);
        double[] m = sc.m(POSITIONS * ms);
        int ph = 2 * s.tilesH() + 2;
        int w2 = s.tilesW() + 1;
        int half = half(ph, w2);
        double[] eo = sc.plane(2 * half);
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < s.cin(); c++) {
                split(s, x, ((n0 + i) * s.cin() + c) * s.h() * s.w(), eo, ph, w2, half);
                transformInput(s, eo, w2, half, v, c * nt + i * s.tiles(), vs);
            }
        }
        for (int k = 0; k < POSITIONS; k++) {
            Gemm.dgemm(false, false, s.cout(), nt, s.cin(), u, k * s.cout() * s.cin(), s.cin(), v, k * vs, nt, 0.0, m,
                    k * ms, nt);
        }
        double[] q = sc.q(4 * s.tiles());
        for (int i = 0; i < count; i++) {
            for (int o = 0; o < s.cout(); o++) {
                double b = bias == null ? 0.0 : bias[o];
                transformOutput(s, m, o * nt + i * s.tiles(), ms, b, q, y, ((n0 + i) * s.cout() + o) * s.oh() * s.ow());
            }
        }
    }

    /**
     * Splits the ph × 2·w2 window that the tiles read, plane[r][q] = x[r - padH][q - padW] (zero outside the
     * input), into its even and odd columns: eo[r·w2 + q/2] for even q, eo[half + r·w2 + q/2] for odd q. Tile
     * (a, b) reads rows 2a .. 2a + 3 and columns b, b + 1 of both halves, so tiles side by side read side by
     * side (what lets {@link WinogradSimdDouble} take 16 tiles per vector). Each half ends with {@link #PAD}
     * zeros that vectors may read past the last row.
     */
    private static void split(Shape s, double[] x, int xOff, double[] eo, int ph, int w2, int half) {
        Arrays.fill(eo, 0, 2 * half, 0.0);
        int r0 = Math.max(0, s.padH());
        int r1 = Math.min(ph, s.h() + s.padH());
        int q0 = Math.max(0, s.padW());
        int q1 = Math.min(2 * w2, s.w() + s.padW());
        for (int r = r0; r < r1; r++) {
            int src = xOff + (r - s.padH()) * s.w() - s.padW();
            int row = r * w2;
            for (int q = q0; q < q1; q++) {
                eo[(q & 1) * half + row + (q >> 1)] = x[src + q];
            }
        }
    }

    /** Elements after each half of a split plane: more than the widest vector reads past a row. */
    static final int PAD = 64;

    /** Elements of one half of a split plane for tiles of w2 - 1 columns and ph rows. */
    private static int half(int ph, int w2) {
        return ph * w2 + PAD;
    }

    /**
     * v[k·stride + off + tile] = (Bᵀ d B)[k] for every tile d of one split plane (see {@link #split}), tiles
     * row by row: with the Vector API 16 tiles at a time as far as the block allows, the rest tile by tile.
     */
    private static void transformInput(Shape s, double[] eo, int w2, int half, double[] v, int off, int stride) {
        int tw = s.tilesW();
        int tiles = s.tiles();
        int t = SIMD ? WinogradSimdDouble.transformInput(eo, w2, half, s.tilesH(), tw, v, off, stride) : 0;
        for (; t < tiles; t++) {
            int a = t / tw;
            inputTile(eo, w2, half, 2 * a * w2 + t - a * tw, v, off + t, stride);
        }
    }

    /** Whether the transforms use {@link WinogradSimdDouble}. */
    static final boolean SIMD = Kernels.simd();

    /**
     * v[k·stride + dst] = (Bᵀ d B)[k] for the tile d whose top left element is eo[p] of a split plane: the
     * scalar reference of {@link WinogradSimdDouble#inputTiles}, which computes the same sums in the same order.
     */
    static void inputTile(double[] eo, int w2, int half, int p, double[] v, int dst, int stride) {
        double d00 = eo[p];
        double d01 = eo[half + p];
        double d02 = eo[p + 1];
        double d03 = eo[half + p + 1];
        double d10 = eo[p + w2];
        double d11 = eo[half + p + w2];
        double d12 = eo[p + w2 + 1];
        double d13 = eo[half + p + w2 + 1];
        double d20 = eo[p + 2 * w2];
        double d21 = eo[half + p + 2 * w2];
        double d22 = eo[p + 2 * w2 + 1];
        double d23 = eo[half + p + 2 * w2 + 1];
        double d30 = eo[p + 3 * w2];
        double d31 = eo[half + p + 3 * w2];
        double d32 = eo[p + 3 * w2 + 1];
        double d33 = eo[half + p + 3 * w2 + 1];
        // Bᵀ d: rows d0 - d2, d1 + d2, d2 - d1, d1 - d3
        double r00 = d00 - d20;
        double r01 = d01 - d21;
        double r02 = d02 - d22;
        double r03 = d03 - d23;
        double r10 = d10 + d20;
        double r11 = d11 + d21;
        double r12 = d12 + d22;
        double r13 = d13 + d23;
        double r20 = d20 - d10;
        double r21 = d21 - d11;
        double r22 = d22 - d12;
        double r23 = d23 - d13;
        double r30 = d10 - d30;
        double r31 = d11 - d31;
        double r32 = d12 - d32;
        double r33 = d13 - d33;
        // (Bᵀ d) B: the same on the columns
        v[dst] = r00 - r02;
        v[dst + stride] = r01 + r02;
        v[dst + 2 * stride] = r02 - r01;
        v[dst + 3 * stride] = r01 - r03;
        v[dst + 4 * stride] = r10 - r12;
        v[dst + 5 * stride] = r11 + r12;
        v[dst + 6 * stride] = r12 - r11;
        v[dst + 7 * stride] = r11 - r13;
        v[dst + 8 * stride] = r20 - r22;
        v[dst + 9 * stride] = r21 + r22;
        v[dst + 10 * stride] = r22 - r21;
        v[dst + 11 * stride] = r21 - r23;
        v[dst + 12 * stride] = r30 - r32;
        v[dst + 13 * stride] = r31 + r32;
        v[dst + 14 * stride] = r32 - r31;
        v[dst + 15 * stride] = r31 - r33;
    }

    /**
     * y[yOff + plane] = Aᵀ M A + b for every tile of one output channel, cropped to oh × ow: the four outputs of
     * every tile into q[j·tiles + tile] (with the Vector API N tiles at a time, the rest tile by tile), then
     * copied into place.
     */
    private static void transformOutput(Shape s, double[] m, int off, int stride, double b, double[] q, double[] y,
            int yOff) {
        int tiles = s.tiles();
        int t = SIMD ? WinogradSimdDouble.transformOutput(m, off, stride, b, q, tiles) : 0;
        for (; t < tiles; t++) {
            outputTile(m, off + t, stride, b, q, t, tiles);
        }
        int ow = s.ow();
        int oh = s.oh();
        int tw = s.tilesW();
        int full = ow / 2;
        for (int a = 0; a < s.tilesH(); a++) {
            int row = 2 * a;
            for (int r = 0; r < 2 && row + r < oh; r++) {
                int src = 2 * r * tiles + a * tw;
                int dst = yOff + (row + r) * ow;
                for (int c = 0; c < full; c++) {
                    y[dst + 2 * c] = q[src + c];
                    y[dst + 2 * c + 1] = q[src + tiles + c];
                }
                if (full < tw) {
                    y[dst + 2 * full] = q[src + full];
                }
            }
        }
    }

    /**
     * q[j·tiles + t] for j = 0 .. 3 = the outputs (0, 0), (0, 1), (1, 0), (1, 1) of Aᵀ M A + b for the tile at
     * m[src + k·stride]: the scalar reference of {@link WinogradSimdDouble#transformOutput}, same sums, same order.
     */
    static void outputTile(double[] m, int src, int stride, double b, double[] q, int t, int tiles) {
        double m00 = m[src];
        double m01 = m[src + stride];
        double m02 = m[src + 2 * stride];
        double m03 = m[src + 3 * stride];
        double m10 = m[src + 4 * stride];
        double m11 = m[src + 5 * stride];
        double m12 = m[src + 6 * stride];
        double m13 = m[src + 7 * stride];
        double m20 = m[src + 8 * stride];
        double m21 = m[src + 9 * stride];
        double m22 = m[src + 10 * stride];
        double m23 = m[src + 11 * stride];
        double m30 = m[src + 12 * stride];
        double m31 = m[src + 13 * stride];
        double m32 = m[src + 14 * stride];
        double m33 = m[src + 15 * stride];
        // Aᵀ M: rows m0 + m1 + m2, m1 - m2 - m3; then A on the right, the same on the columns
        double s00 = m00 + m10 + m20;
        double s01 = m01 + m11 + m21;
        double s02 = m02 + m12 + m22;
        double s03 = m03 + m13 + m23;
        double s10 = m10 - m20 - m30;
        double s11 = m11 - m21 - m31;
        double s12 = m12 - m22 - m32;
        double s13 = m13 - m23 - m33;
        q[t] = s00 + s01 + s02 + b;
        q[tiles + t] = s01 - s02 - s03 + b;
        q[2 * tiles + t] = s10 + s11 + s12 + b;
        q[3 * tiles + t] = s11 - s12 - s13 + b;
    }
}
