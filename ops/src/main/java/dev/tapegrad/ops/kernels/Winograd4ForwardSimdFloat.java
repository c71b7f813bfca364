package dev.tapegrad.ops.kernels;

import dev.tapegrad.ops.kernels.Winograd4Float.Shape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward (and input gradient) of {@link Winograd4Float} with a vector of channels where the other kernels
 * take a vector of tiles: the input tiles transformed from channels-last planes into V[k][t][c] as the weight
 * gradient's ({@link Winograd4WeightSimdFloat#inputRow}), M[k][t][o] = Σ_c V[k][t][c]·U[k][c][o] by an 8 × 2L
 * register tile that reads both in place (8 tiles' broadcasts, two vectors of a row of U), the output tiles
 * transformed L channels at a time into channels-last planes, then transposed back. Each product is one fma chain
 * over the channels from zero and the transforms are {@link Winograd4Float#outputTile}'s, as the GEMM and
 * {@link Winograd4SimdFloat} compute them, so the results are bit for bit those of the tile-vector path.
 * FLOAT32; {@link Winograd4ForwardSimdDouble} is generated from this file for FLOAT64. Loads
 * jdk.incubator.vector: only reached when {@link Winograd4WeightSimdFloat#applies} is true.
 */
final class Winograd4ForwardSimdFloat {
    private Winograd4ForwardSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Tiles per register tile. */
    private static final int MR = 8;

    /**
     * Images [n0, n0 + count) of y = conv(x) + bias with U[k][c][o] at u (position stride us, see
     * {@link Winograd4Float#transformWeights}): each image's input transposed to a channels-last padded plane, its
     * tiles transformed into V, the products per position, the output tiles transformed into channels-last planes
     * and transposed into y; each step split over the images, tile rows or positions when parallel, else run on
     * this thread.
     */
    static void chunk(Shape s, float[] x, float[] u, int us, float[] bias, float[] y, int n0, int count,
            boolean parallel) {
        int nt = count * s.tiles();
        int cin = s.cin();
        int cout = s.cout();
        int th = s.tilesH();
        int tw = s.tilesW();
        int vs = WinogradFloat.positionStride(nt, cin);
        int ms = WinogradFloat.positionStride(nt, cout);
        int xs = Winograd4WeightSimdFloat.inputSize(s);
        int ys = 16 * s.tiles() * cout;
        WinogradFloat.Scratch sc = WinogradFloat.scratch();
        float[] v = sc.v(Winograd4Float.POSITIONS * vs);
        float[] m = sc.m(Winograd4Float.POSITIONS * ms);
        float[] xl = sc.q(count * Math.max(xs, ys));
        int pw = Winograd4WeightSimdFloat.inputWidth(s);
        int flatSize = Math.max(s.h() * s.w() * cin, s.oh() * s.ow() * cout);
        run(parallel, count, (from, to) -> {
            float[] flat = WinogradFloat.scratch().plane(flatSize);
            for (int n = from; n < to; n++) {
                Winograd4WeightSimdFloat.zeroBorder(xl, n * xs, cin, s.h(), s.w(), s.padH(), s.padW(), pw, 4 * th + 2);
                Winograd4WeightSimdFloat.channelsLast(x, (n0 + n) * cin * s.h() * s.w(), cin, s.h(), s.w(), flat, xl,
                        n * xs, s.padH(), s.padW(), pw, 4 * th + 2);
            }
        });
        run(parallel, count * th, (from, to) -> {
            float[] r = new float[36 * L];
            for (int i = from; i < to; i++) {
                int n = i / th;
                Winograd4WeightSimdFloat.inputRow(s, xl, n * xs, i % th, r, v, vs, n * s.tiles() + i % th * tw);
            }
        });
        run(parallel, Winograd4Float.POSITIONS, (from, to) -> products(v, vs, u, us, m, ms, cin, cout, nt, from, to));
        float[] yl = xl;
        run(parallel, count * th, (from, to) -> {
            float[] r = new float[24 * L];
            for (int i = from; i < to; i++) {
                int n = i / th;
                outputRow(s, m, ms, n * s.tiles() + i % th * tw, bias, r, yl, n * ys, i % th);
            }
        });
        run(parallel, count, (from, to) -> {
            float[] flat = WinogradFloat.scratch().plane(flatSize);
            for (int n = from; n < to; n++) {
                channelsFirst(yl, n * ys, cout, s.oh(), s.ow(), 4 * tw, flat, y, (n0 + n) * cout * s.oh() * s.ow());
            }
        });
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
     * m[k·ms + t·cout + o] = Σ_c v[k·vs + t·cin + c] · u[k·us + c·cout + o] for positions [from, to) and the nt
     * tiles: one fma chain over c = 0 .. cin - 1 per element, from zero.
     */
    static void products(float[] v, int vs, float[] u, int us, float[] m, int ms, int cin, int cout, int nt,
            int from, int to) {
        int full = nt - nt % MR;
        for (int k = from; k < to; k++) {
            int vk = k * vs;
            int uk = k * us;
            int mk = k * ms;
            int wide = Winograd4WideTileSimdFloat.product(nt, cout, cin, v, vk, cin, 1, u, uk, cout, m, mk, cout);
            for (int o = wide; o < cout; o += 2 * L) {
                boolean two = o + 2 * L <= cout;
                for (int t = 0; t < full; t += MR) {
                    if (two) {
                        tile(cin, v, vk + t * cin, cin, u, uk + o, cout, m, mk + t * cout + o, cout);
                    } else {
                        halfTile(cin, v, vk + t * cin, cin, u, uk + o, cout, m, mk + t * cout + o, cout);
                    }
                }
                for (int t = full; t < nt; t++) {
                    row(cin, v, vk + t * cin, u, uk + o, cout, m, mk + t * cout + o, two ? 2 : 1);
                }
            }
        }
    }

    /**
     * c[ci + i·ldc + q] = Σ_p a[ai + i·lda + p] · b[bi + p·ldb + q] for i < 8, q < 2L, chains from zero. The weight
     * gradient's tile ({@link Winograd4WeightSimdFloat}) is this tile with a transposed; one kernel with both strides
     * as parameters measured 3-6 % slower (its constant row offsets lost), so the two stay separate.
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
            int pa = ai + p;
            int pb = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + L);
            FloatVector av = FloatVector.broadcast(S, a[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, a[pa + lda]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, a[pa + 2 * lda]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, a[pa + 3 * lda]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, a[pa + 4 * lda]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, a[pa + 5 * lda]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
            av = FloatVector.broadcast(S, a[pa + 6 * lda]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = FloatVector.broadcast(S, a[pa + 7 * lda]);
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

    /** {@link #tile} for one vector of columns (q < L): the last L channels when cout is an odd multiple of L. */
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
            int pa = ai + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p * ldb);
            c0 = b0.fma(FloatVector.broadcast(S, a[pa]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[pa + lda]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[pa + 2 * lda]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[pa + 3 * lda]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, a[pa + 4 * lda]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, a[pa + 5 * lda]), c5);
            c6 = b0.fma(FloatVector.broadcast(S, a[pa + 6 * lda]), c6);
            c7 = b0.fma(FloatVector.broadcast(S, a[pa + 7 * lda]), c7);
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

    /** One tile's row of {@link #tile}: vectors (one or two) of columns, for the tiles past a multiple of 8. */
    private static void row(int len, float[] a, int ai, float[] b, int bi, int ldb, float[] c, int ci, int vectors) {
        for (int q = 0; q < vectors; q++) {
            FloatVector acc = FloatVector.zero(S);
            for (int p = 0; p < len; p++) {
                acc = FloatVector.fromArray(S, b, bi + q * L + p * ldb).fma(FloatVector.broadcast(S, a[ai + p]), acc);
            }
            acc.intoArray(c, ci + q * L);
        }
    }

    /**
     * Tile row a of the output: y[((4a + i)·4tilesW + 4b + j)·cout + o] (at yl[off], a channels-last plane of
     * 4·tilesH × 4·tilesW) = (Aᵀ M_t A)[i][j] + bias[o] for the tiles t = t0 + b of M[k][t][o] (at m, position
     * stride ms), L channels at a time (r: 24·L elements of scratch; bias may be null).
     */
    static void outputRow(Shape s, float[] m, int ms, int t0, float[] bias, float[] r, float[] yl, int off, int a) {
        int cout = s.cout();
        int row = 4 * s.tilesW() * cout;
        for (int b = 0; b < s.tilesW(); b++) {
            int src = (t0 + b) * cout;
            int dst = off + 4 * a * row + 4 * b * cout;
            for (int o = 0; o < cout; o += L) {
                outputTile(m, src + o, ms, bias, o, r, yl, dst + o, row, cout);
            }
        }
    }

    /** {@link Winograd4Float#outputTile} for L channels: output (i, j) into yl[dst + i·row + j·step]. */
    private static void outputTile(float[] m, int src, int stride, float[] bias, int o, float[] r, float[] yl,
            int dst, int row, int step) {
        for (int k = 0; k < 6; k++) {
            int c = src + k * stride;
            Winograd4SimdFloat.outputColumn(FloatVector.fromArray(S, m, c),
                    FloatVector.fromArray(S, m, c + 6 * stride), FloatVector.fromArray(S, m, c + 12 * stride),
                    FloatVector.fromArray(S, m, c + 18 * stride), FloatVector.fromArray(S, m, c + 24 * stride),
                    FloatVector.fromArray(S, m, c + 30 * stride), r, k * L);
        }
        FloatVector b = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, o);
        for (int i = 0; i < 4; i++) {
            int c = 6 * i * L;
            outputRow(FloatVector.fromArray(S, r, c), FloatVector.fromArray(S, r, c + L),
                    FloatVector.fromArray(S, r, c + 2 * L), FloatVector.fromArray(S, r, c + 3 * L),
                    FloatVector.fromArray(S, r, c + 4 * L), FloatVector.fromArray(S, r, c + 5 * L), b, yl,
                    dst + i * row, step);
        }
    }

    /** Aᵀ (s0 .. s5) + bias into y[dst + j·step]: one row of four outputs, as Winograd4SimdFloat's outputRow. */
    private static void outputRow(FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3, FloatVector s4,
            FloatVector s5, FloatVector bias, float[] y, int dst, int step) {
        FloatVector a = s1.add(s2);
        FloatVector b = s1.sub(s2);
        FloatVector c = s3.add(s4);
        FloatVector d = s3.sub(s4);
        s0.add(a).add(c).add(bias).intoArray(y, dst);
        b.add(d.mul(2f)).add(bias).intoArray(y, dst + step);
        a.add(c.mul(4f)).add(bias).intoArray(y, dst + 2 * step);
        b.add(d.mul(8f)).add(s5).add(bias).intoArray(y, dst + 3 * step);
    }

    /**
     * The inverse of {@link Winograd4WeightSimdFloat#channelsLast}, cropped: dst[dOff + c·h·w + r·w + col] =
     * src[off + (r·sw + col)·channels + c] for r < h, col < w (flat: h·w·channels elements of scratch, unused when
     * sw == w).
     */
    static void channelsFirst(float[] src, int off, int channels, int h, int w, int sw, float[] flat, float[] dst,
            int dOff) {
        float[] from = src;
        int base = off;
        if (sw != w) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(src, off + r * sw * channels, flat, r * w * channels, w * channels);
            }
            from = flat;
            base = 0;
        }
        int plane = h * w;
        int head = plane - plane % TransposeFloatSimd.B;
        for (int c = 0; c < channels; c += TransposeFloatSimd.B) {
            for (int p = 0; p < head; p += TransposeFloatSimd.B) {
                TransposeFloatSimd.block(from, base + p * channels + c, channels, dst, dOff + c * plane + p, plane);
            }
            for (int p = head; p < plane; p++) {
                for (int j = 0; j < TransposeFloatSimd.B; j++) {
                    dst[dOff + (c + j) * plane + p] = from[base + p * channels + c + j];
                }
            }
        }
    }
}
