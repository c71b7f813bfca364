package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.Winograd4Float.POSITIONS;

import dev.tapegrad.ops.kernels.Winograd4Float.Shape;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient's transforms and products of {@link Winograd4WeightFloat} with a vector of channels where
 * the other kernels take a vector of tiles: each image's input and output gradient are first transposed to
 * channels last (zero-padded planes, [row][column][channel]), the tiles transformed L channels at a time into
 * V[k][t][c] and M[k][t][o], and the products M[k]ᵀ·V[k] taken by an 8 × 2L register tile that reads both
 * straight from there (a row of M gives the 8 broadcasts, a row of V the two vectors), so that neither the
 * gathers of the tiles nor the packing of the GEMM's panels remain. The transforms are the scalar
 * {@link Winograd4Float#inputTile} and {@link Winograd4WeightFloat#gradientTile}, each product one fma chain over
 * the tiles of a slice from zero, as {@link SgemmSimd}'s register tile, so the results are bit for bit those of
 * the tile-vector path. FLOAT32; {@link Winograd4WeightSimdDouble} is generated from this file for FLOAT64.
 * Loads jdk.incubator.vector: only reached when {@link #applies} is true.
 */
final class Winograd4WeightSimdFloat {
    private Winograd4WeightSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** Rows of the register tile: output channels per broadcast group. */
    private static final int MR = 8;

    /**
     * du[k·ds + o·cin + c] = Σ over the images' tiles of M[k][t][o]·V[k][t][c] ({@link Winograd4WeightFloat}'s
     * sums): per chunk of cnt images, each slice's FLOAT32 products (see {@link #chunk}) added in double, chunk
     * after chunk and slice after slice. With several threads and at least as many chunks, each thread computes
     * whole chunks (no barrier inside one), a round of chunks at a time, then their products are added in chunk
     * order; else each chunk's steps are split over the threads. Either way every product and every sum is the
     * same, whatever the thread count.
     */
    static void sums(Shape s, float[] x, float[] gy, double[] du, int ds, int cnt) {
        int chunks = (s.batch() + cnt - 1) / cnt;
        int threads = Parallel.threads();
        int slices = (cnt * s.tiles() + Winograd4WeightFloat.WEIGHT_SLICE - 1) / Winograd4WeightFloat.WEIGHT_SLICE;
        int block = POSITIONS * slices * s.cout() * s.cin();
        boolean whole = threads > 1 && chunks >= threads;
        float[] out = WinogradFloat.scratch().products((whole ? threads : 1) * block);
        for (int c0 = 0; c0 < chunks; c0 += whole ? threads : 1) {
            int round = whole ? Math.min(threads, chunks - c0) : 1;
            int first = c0;
            if (whole) {
                ConvMethod.forEach(round, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        chunk(s, x, gy, (first + i) * cnt, cnt, out, i * block, false);
                    }
                });
            } else {
                chunk(s, x, gy, c0 * cnt, cnt, out, 0, true);
            }
            ConvMethod.forEach(POSITIONS, (from, to) -> {
                for (int i = 0; i < round; i++) {
                    int count = Math.min(cnt, s.batch() - (first + i) * cnt);
                    int chunkSlices = slices(count * s.tiles());
                    add(out, i * block, slices, chunkSlices, s.cout() * s.cin(), from, to, du, ds, first + i == 0);
                }
            });
        }
    }

    /** Slices of nt tiles: at most {@link Winograd4WeightFloat#WEIGHT_SLICE} tiles each. */
    private static int slices(int nt) {
        return (nt + Winograd4WeightFloat.WEIGHT_SLICE - 1) / Winograd4WeightFloat.WEIGHT_SLICE;
    }

    /**
     * du[k·ds + e] (+)= out[off + (k·stride + j)·size + e] for positions [from, to), slices j < slices, in slice
     * order (overwriting for slice 0 when first).
     */
    private static void add(float[] out, int off, int stride, int slices, int size, int from, int to, double[] du,
            int ds, boolean first) {
        for (int k = from; k < to; k++) {
            int d = k * ds;
            for (int j = 0; j < slices; j++) {
                int src = off + (k * stride + j) * size;
                if (first && j == 0) {
                    for (int e = 0; e < size; e++) {
                        du[d + e] = out[src + e];
                    }
                } else {
                    for (int e = 0; e < size; e++) {
                        du[d + e] += out[src + e];
                    }
                }
            }
        }
    }

    /**
     * The FLOAT32 products of images [n0, n0 + count) (at most cnt): out[off + (k·slices + j)·cout·cin + o·cin + c]
     * = Σ over the tiles t of slice j of M[k][t][o]·V[k][t][c] (slices as for cnt images): each image's input and
     * output gradient transposed to channels last, their tiles transformed into V[k][t][c] and M[k][t][o], then the
     * products per position; each step split over the images, tile rows or positions when parallel.
     */
    private static void chunk(Shape s, float[] x, float[] gy, int n0, int cnt, float[] out, int off,
            boolean parallel) {
        int count = Math.min(cnt, s.batch() - n0);
        int nt = count * s.tiles();
        int cin = s.cin();
        int cout = s.cout();
        int vs = WinogradFloat.positionStride(nt, cin);
        int ms = WinogradFloat.positionStride(nt, cout);
        WinogradFloat.Scratch sc = WinogradFloat.scratch();
        float[] v = sc.v(POSITIONS * vs);
        float[] m = sc.m(POSITIONS * ms);
        int xs = inputSize(s);
        int gs = gradientSize(s);
        float[] xl = sc.u(count * xs);
        float[] gl = sc.q(count * gs);
        int th = s.tilesH();
        int tw = s.tilesW();
        int pw = inputWidth(s);
        int flatSize = Math.max(s.h() * s.w() * cin, s.oh() * s.ow() * cout);
        run(parallel, count, (from, to) -> {
            float[] flat = WinogradFloat.scratch().plane(flatSize);
            for (int n = from; n < to; n++) {
                zeroBorder(xl, n * xs, cin, s.h(), s.w(), s.padH(), s.padW(), pw, 4 * th + 2);
                channelsLast(x, (n0 + n) * cin * s.h() * s.w(), cin, s.h(), s.w(), flat, xl, n * xs, s.padH(),
                        s.padW(), pw, 4 * th + 2);
                zeroBorder(gl, n * gs, cout, s.oh(), s.ow(), 0, 0, 4 * tw, 4 * th);
                channelsLast(gy, (n0 + n) * cout * s.oh() * s.ow(), cout, s.oh(), s.ow(), flat, gl, n * gs, 0, 0,
                        4 * tw, 4 * th);
            }
        });
        run(parallel, count * th, (from, to) -> {
            float[] r = new float[36 * L];
            for (int u = from; u < to; u++) {
                int n = u / th;
                int t0 = n * s.tiles() + u % th * tw;
                inputRow(s, xl, n * xs, u % th, r, v, vs, t0);
                gradientRow(s, gl, n * gs, u % th, r, m, ms, t0);
            }
        });
        int stride = slices(cnt * s.tiles());
        run(parallel, POSITIONS, (from, to) -> products(m, ms, v, vs, cout, cin, nt, slices(nt), stride, from, to,
                out, off));
    }

    /** body over [0, n): split over the threads when parallel, else on this thread. */
    private static void run(boolean parallel, int n, ConvMethod.Range body) {
        if (parallel) {
            ConvMethod.forEach(n, body);
        } else {
            body.run(0, n);
        }
    }

    /**
     * Whether this path computes a layer of cin input and cout output channels: both multiples of the lane count,
     * eight lanes or more, and the 8×8 transposes at hand.
     */
    static boolean applies(int cin, int cout) {
        return L >= MR && cin % L == 0 && cout % L == 0 && TransposeFloatSimd.FITS;
    }

    /** Columns of the zero-padded channels-last input plane: 4·tilesW + 2. */
    static int inputWidth(Shape s) {
        return 4 * s.tilesW() + 2;
    }

    /** Elements of one zero-padded channels-last input image: (4·tilesH + 2) · inputWidth · cin. */
    static int inputSize(Shape s) {
        return (4 * s.tilesH() + 2) * inputWidth(s) * s.cin();
    }

    /** Elements of one zero-padded channels-last output-gradient image: 4·tilesH · 4·tilesW · cout. */
    static int gradientSize(Shape s) {
        return 16 * s.tiles() * s.cout();
    }

    /**
     * Planes [0, channels) of size h×w at src[off + c·h·w] into dst, channels last and offset into a zero-padded plane
     * of width dw: dst[dOff + ((r + top)·dw + col + left)·channels + c] = src[off + c·h·w + r·w + col] for the rows and
     * columns that fall inside rows · dw (top and left may be negative; flat: h·w·channels elements of scratch). The
     * borders of dst are left as they are: the caller zeroes them once.
     */
    static void channelsLast(float[] src, int off, int channels, int h, int w, float[] flat, float[] dst, int dOff,
            int top, int left, int dw, int rows) {
        int plane = h * w;
        int head = plane - plane % TransposeFloatSimd.B;
        for (int c = 0; c < channels; c += TransposeFloatSimd.B) {
            for (int p = 0; p < head; p += TransposeFloatSimd.B) {
                TransposeFloatSimd.block(src, off + c * plane + p, plane, flat, p * channels + c, channels);
            }
            for (int p = head; p < plane; p++) {
                for (int j = 0; j < TransposeFloatSimd.B; j++) {
                    flat[p * channels + c + j] = src[off + (c + j) * plane + p];
                }
            }
        }
        int c0 = Math.max(0, -left);
        int c1 = Math.min(w, dw - left);
        if (c1 <= c0) {
            return;
        }
        for (int r = Math.max(0, -top); r < h && r + top < rows; r++) {
            System.arraycopy(flat, (r * w + c0) * channels, dst, dOff + ((r + top) * dw + c0 + left) * channels,
                    (c1 - c0) * channels);
        }
    }

    /**
     * Zeroes what {@link #channelsLast} leaves of a padded plane of rows × dw: the rows outside [top, top + h) and
     * the columns outside [left, left + w), channels elements each.
     */
    static void zeroBorder(float[] dst, int off, int channels, int h, int w, int top, int left, int dw, int rows) {
        int from = Math.max(0, Math.min(dw, left));
        int end = Math.max(from, Math.min(dw, left + w));
        for (int r = 0; r < rows; r++) {
            int base = off + r * dw * channels;
            if (r < top || r >= top + h) {
                Arrays.fill(dst, base, base + dw * channels, 0f);
            } else {
                Arrays.fill(dst, base, base + from * channels, 0f);
                Arrays.fill(dst, base + end * channels, base + dw * channels, 0f);
            }
        }
    }

    /**
     * Tile row a of one channels-last padded image at cl[off] (see {@link #inputSize}) into v[k·stride +
     * (t0 + b)·cin + c] = (Bᵀ d_b B)[k] for its tiles b, L channels at a time (r: 36·L elements of scratch).
     */
    static void inputRow(Shape s, float[] cl, int off, int a, float[] r, float[] v, int stride, int t0) {
        int cin = s.cin();
        int row = inputWidth(s) * cin;
        int src = off + 4 * a * row;
        for (int b = 0; b < s.tilesW(); b++) {
            for (int c = 0; c < cin; c += L) {
                inputTile(cl, src + 4 * b * cin + c, row, cin, r, v, (t0 + b) * cin + c, stride);
            }
        }
    }

    /** {@link Winograd4Float#inputTile} for L channels: element (i, j) of the tile at cl[src + i·row + j·step]. */
    private static void inputTile(float[] cl, int src, int row, int step, float[] r, float[] v, int dst,
            int stride) {
        for (int j = 0; j < 6; j++) {
            int c = src + j * step;
            Winograd4SimdFloat.inputLine(FloatVector.fromArray(S, cl, c), FloatVector.fromArray(S, cl, c + row),
                    FloatVector.fromArray(S, cl, c + 2 * row), FloatVector.fromArray(S, cl, c + 3 * row),
                    FloatVector.fromArray(S, cl, c + 4 * row), FloatVector.fromArray(S, cl, c + 5 * row), r,
                    j * L, 6 * L);
        }
        for (int i = 0; i < 6; i++) {
            int c = 6 * i * L;
            Winograd4SimdFloat.inputLine(FloatVector.fromArray(S, r, c), FloatVector.fromArray(S, r, c + L),
                    FloatVector.fromArray(S, r, c + 2 * L), FloatVector.fromArray(S, r, c + 3 * L),
                    FloatVector.fromArray(S, r, c + 4 * L), FloatVector.fromArray(S, r, c + 5 * L), v,
                    dst + 6 * i * stride, stride);
        }
    }

    /**
     * Tile row a of one channels-last output-gradient image at cl[off] (see {@link #gradientSize}) into
     * m[k·stride + (t0 + b)·cout + o] = (A dy_b Aᵀ)[k] for its tiles b, L channels at a time (r: 24·L elements of
     * scratch).
     */
    static void gradientRow(Shape s, float[] cl, int off, int a, float[] r, float[] m, int stride, int t0) {
        int cout = s.cout();
        int row = 4 * s.tilesW() * cout;
        int src = off + 4 * a * row;
        for (int b = 0; b < s.tilesW(); b++) {
            for (int o = 0; o < cout; o += L) {
                gradientTile(cl, src + 4 * b * cout + o, row, cout, r, m, (t0 + b) * cout + o, stride);
            }
        }
    }

    /** {@link Winograd4WeightFloat#gradientTile} for L channels: dy(i, j) at cl[src + i·row + j·step]. */
    private static void gradientTile(float[] cl, int src, int row, int step, float[] r, float[] m, int dst,
            int stride) {
        for (int j = 0; j < 4; j++) {
            int c = src + j * step;
            Winograd4SimdFloat.gradientLine(FloatVector.fromArray(S, cl, c), FloatVector.fromArray(S, cl, c + row),
                    FloatVector.fromArray(S, cl, c + 2 * row), FloatVector.fromArray(S, cl, c + 3 * row), r, j * L,
                    4 * L);
        }
        for (int i = 0; i < 6; i++) {
            int c = 4 * i * L;
            Winograd4SimdFloat.gradientLine(FloatVector.fromArray(S, r, c), FloatVector.fromArray(S, r, c + L),
                    FloatVector.fromArray(S, r, c + 2 * L), FloatVector.fromArray(S, r, c + 3 * L), m,
                    dst + 6 * i * stride, stride);
        }
    }

    /**
     * out[off + (k·stride + j)·cout·cin + o·cin + c] = Σ_t m[k·ms + t·cout + o] · v[k·vs + t·cin + c] over the
     * tiles of slice j of nt for positions [from, to): one FLOAT32 fma chain per element from zero.
     */
    static void products(float[] m, int ms, float[] v, int vs, int cout, int cin, int nt, int slices, int stride,
            int from, int to, float[] out, int off) {
        for (int k = from; k < to; k++) {
            for (int j = 0; j < slices; j++) {
                int t0 = (int) ((long) nt * j / slices);
                int len = (int) ((long) nt * (j + 1) / slices) - t0;
                int mi = k * ms + t0 * cout;
                int vi = k * vs + t0 * cin;
                int ci = off + (k * stride + j) * cout * cin;
                int wide = Winograd4WideTileSimdFloat.product(cout, cin, len, m, mi, 1, cout, v, vi, cin, out, ci, cin);
                for (int c = wide; c < cin; c += 2 * L) {
                    for (int o = 0; o < cout; o += MR) {
                        if (c + 2 * L <= cin) {
                            tile(len, m, mi + o, cout, v, vi + c, cin, out, ci + o * cin + c, cin);
                        } else {
                            halfTile(len, m, mi + o, cout, v, vi + c, cin, out, ci + o * cin + c, cin);
                        }
                    }
                }
            }
        }
    }

    /**
     * c[ci + i·ldc + q] = Σ_p a[ai + p·lda + i] · b[bi + p·ldb + q] for i < 8, q < 2L: one fma chain over
     * p = 0 .. len - 1 per element from zero, b · a + c as {@link SgemmSimd}'s kernel8.
     */
    private static void tile(int len, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci,
            int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int p = 0; p < len; p++) {
            int pa = ai + p * lda;
            int pb = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + L);
            FloatVector av = FloatVector.broadcast(S, a[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, a[pa + 1]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, a[pa + 2]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, a[pa + 3]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, a[pa + 4]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, a[pa + 5]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
            av = FloatVector.broadcast(S, a[pa + 6]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = FloatVector.broadcast(S, a[pa + 7]);
            c70 = b0.fma(av, c70);
            c71 = b1.fma(av, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    /** {@link #tile} for one vector of columns (q < L): the last L channels when cin is an odd multiple of L. */
    private static void halfTile(int len, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci,
            int ldc) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        for (int p = 0; p < len; p++) {
            int pa = ai + p * lda;
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p * ldb);
            c0 = b0.fma(FloatVector.broadcast(S, a[pa]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[pa + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[pa + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[pa + 3]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, a[pa + 4]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, a[pa + 5]), c5);
            c6 = b0.fma(FloatVector.broadcast(S, a[pa + 6]), c6);
            c7 = b0.fma(FloatVector.broadcast(S, a[pa + 7]), c7);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + ldc);
        c2.intoArray(c, ci + 2 * ldc);
        c3.intoArray(c, ci + 3 * ldc);
        c4.intoArray(c, ci + 4 * ldc);
        c5.intoArray(c, ci + 5 * ldc);
        c6.intoArray(c, ci + 6 * ldc);
        c7.intoArray(c, ci + 7 * ldc);
    }
}
