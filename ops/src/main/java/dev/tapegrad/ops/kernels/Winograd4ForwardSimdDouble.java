// GENERATED from Winograd4ForwardSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import dev.tapegrad.ops.kernels.Winograd4Double.Shape;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward (and input gradient) of {@link Winograd4Double} with a vector of channels where the other kernels
 * take a vector of tiles: the input tiles transformed from channels-last planes into V[k][t][c] as the weight
 * gradient's ({@link Winograd4WeightSimdDouble#inputRow}), M[k][t][o] = Σ_c V[k][t][c]·U[k][c][o] by an 8 × 2L
 * register tile that reads both in place (8 tiles' broadcasts, two vectors of a row of U), the output tiles
 * transformed L channels at a time into channels-last planes, then transposed back. Each product is one fma chain
 * over the channels from zero and the transforms are {@link Winograd4Double#outputTile}'s, as the GEMM and
 * {@link Winograd4SimdDouble} compute them, so the results are bit for bit those of the tile-vector path.
 * FLOAT64; Generated from {@link Winograd4ForwardSimdFloat}: edit that file, not this one. Loads
 * jdk.incubator.vector: only reached when {@link Winograd4WeightSimdDouble#applies} is true.
 */
final class Winograd4ForwardSimdDouble {
    private Winograd4ForwardSimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Tiles per register tile. */
    private static final int MR = 8;

    /**
     * Images [n0, n0 + count) of y = conv(x) + bias with U[k][c][o] at u (position stride us, see
     * {@link Winograd4Double#transformWeights}): each image's input transposed to a channels-last padded plane, its
     * tiles transformed into V, the products per position, the output tiles transformed into channels-last planes
     * and transposed into y; each step split over the images, tile rows or positions when parallel, else run on
     * this thread.
     */
    static void chunk(Shape s, double[] x, double[] u, int us, double[] bias, double[] y, int n0, int count,
            boolean parallel) {
        int nt = count * s.tiles();
        int cin = s.cin();
        int cout = s.cout();
        int th = s.tilesH();
        int tw = s.tilesW();
        int vs = WinogradDouble.positionStride(nt, cin);
        int ms = WinogradDouble.positionStride(nt, cout);
        int xs = Winograd4WeightSimdDouble.inputSize(s);
        int ys = 16 * s.tiles() * cout;
        WinogradDouble.Scratch sc = WinogradDouble.scratch();
        double[] v = sc.v(Winograd4Double.POSITIONS * vs);
        double[] m = sc.m(Winograd4Double.POSITIONS * ms);
        double[] xl = sc.q(count * Math.max(xs, ys));
        int pw = Winograd4WeightSimdDouble.inputWidth(s);
        int flatSize = Math.max(s.h() * s.w() * cin, s.oh() * s.ow() * cout);
        run(parallel, count, (from, to) -> {
            double[] flat = WinogradDouble.scratch().plane(flatSize);
            for (int n = from; n < to; n++) {
                Winograd4WeightSimdDouble.zeroBorder(xl, n * xs, cin, s.h(), s.w(), s.padH(), s.padW(), pw, 4 * th + 2);
                Winograd4WeightSimdDouble.channelsLast(x, (n0 + n) * cin * s.h() * s.w(), cin, s.h(), s.w(), flat, xl,
                        n * xs, s.padH(), s.padW(), pw, 4 * th + 2);
            }
        });
        run(parallel, count * th, (from, to) -> {
            double[] r = new double[36 * L];
            for (int i = from; i < to; i++) {
                int n = i / th;
                Winograd4WeightSimdDouble.inputRow(s, xl, n * xs, i % th, r, v, vs, n * s.tiles() + i % th * tw);
            }
        });
        run(parallel, Winograd4Double.POSITIONS, (from, to) -> products(v, vs, u, us, m, ms, cin, cout, nt, from, to));
        double[] yl = xl;
        run(parallel, count * th, (from, to) -> {
            double[] r = new double[24 * L];
            for (int i = from; i < to; i++) {
                int n = i / th;
                outputRow(s, m, ms, n * s.tiles() + i % th * tw, bias, r, yl, n * ys, i % th);
            }
        });
        run(parallel, count, (from, to) -> {
            double[] flat = WinogradDouble.scratch().plane(flatSize);
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
    static void products(double[] v, int vs, double[] u, int us, double[] m, int ms, int cin, int cout, int nt,
            int from, int to) {
        int full = nt - nt % MR;
        for (int k = from; k < to; k++) {
            int vk = k * vs;
            int uk = k * us;
            int mk = k * ms;
            int wide = Winograd4WideTileSimdDouble.product(nt, cout, cin, v, vk, cin, 1, u, uk, cout, m, mk, cout);
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
     * gradient's tile ({@link Winograd4WeightSimdDouble}) is this tile with a transposed; one kernel with both strides
     * as parameters measured 3-6 % slower (its constant row offsets lost), so the two stay separate.
     */
    private static void tile(int len, double[] a, int ai, int lda, double[] b, int bi, int ldb, double[] c, int ci,
            int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        DoubleVector c60 = c00;
        DoubleVector c61 = c00;
        DoubleVector c70 = c00;
        DoubleVector c71 = c00;
        for (int p = 0; p < len; p++) {
            int pa = ai + p;
            int pb = bi + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(S, b, pb);
            DoubleVector b1 = DoubleVector.fromArray(S, b, pb + L);
            DoubleVector av = DoubleVector.broadcast(S, a[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = DoubleVector.broadcast(S, a[pa + lda]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = DoubleVector.broadcast(S, a[pa + 2 * lda]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = DoubleVector.broadcast(S, a[pa + 3 * lda]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = DoubleVector.broadcast(S, a[pa + 4 * lda]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = DoubleVector.broadcast(S, a[pa + 5 * lda]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
            av = DoubleVector.broadcast(S, a[pa + 6 * lda]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = DoubleVector.broadcast(S, a[pa + 7 * lda]);
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
    private static void halfTile(int len, double[] a, int ai, int lda, double[] b, int bi, int ldb, double[] c, int ci,
            int ldc) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        DoubleVector c4 = c0;
        DoubleVector c5 = c0;
        DoubleVector c6 = c0;
        DoubleVector c7 = c0;
        for (int p = 0; p < len; p++) {
            int pa = ai + p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi + p * ldb);
            c0 = b0.fma(DoubleVector.broadcast(S, a[pa]), c0);
            c1 = b0.fma(DoubleVector.broadcast(S, a[pa + lda]), c1);
            c2 = b0.fma(DoubleVector.broadcast(S, a[pa + 2 * lda]), c2);
            c3 = b0.fma(DoubleVector.broadcast(S, a[pa + 3 * lda]), c3);
            c4 = b0.fma(DoubleVector.broadcast(S, a[pa + 4 * lda]), c4);
            c5 = b0.fma(DoubleVector.broadcast(S, a[pa + 5 * lda]), c5);
            c6 = b0.fma(DoubleVector.broadcast(S, a[pa + 6 * lda]), c6);
            c7 = b0.fma(DoubleVector.broadcast(S, a[pa + 7 * lda]), c7);
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
    private static void row(int len, double[] a, int ai, double[] b, int bi, int ldb, double[] c, int ci, int vectors) {
        for (int q = 0; q < vectors; q++) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int p = 0; p < len; p++) {
                acc = DoubleVector.fromArray(S, b, bi + q * L + p * ldb).fma(DoubleVector.broadcast(S, a[ai + p]), acc);
            }
            acc.intoArray(c, ci + q * L);
        }
    }

    /**
     * Tile row a of the output: y[((4a + i)·4tilesW + 4b + j)·cout + o] (at yl[off], a channels-last plane of
     * 4·tilesH × 4·tilesW) = (Aᵀ M_t A)[i][j] + bias[o] for the tiles t = t0 + b of M[k][t][o] (at m, position
     * stride ms), L channels at a time (r: 24·L elements of scratch; bias may be null).
     */
    static void outputRow(Shape s, double[] m, int ms, int t0, double[] bias, double[] r, double[] yl, int off, int a) {
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

    /** {@link Winograd4Double#outputTile} for L channels: output (i, j) into yl[dst + i·row + j·step]. */
    private static void outputTile(double[] m, int src, int stride, double[] bias, int o, double[] r, double[] yl,
            int dst, int row, int step) {
        for (int k = 0; k < 6; k++) {
            int c = src + k * stride;
            Winograd4SimdDouble.outputColumn(DoubleVector.fromArray(S, m, c),
                    DoubleVector.fromArray(S, m, c + 6 * stride), DoubleVector.fromArray(S, m, c + 12 * stride),
                    DoubleVector.fromArray(S, m, c + 18 * stride), DoubleVector.fromArray(S, m, c + 24 * stride),
                    DoubleVector.fromArray(S, m, c + 30 * stride), r, k * L);
        }
        DoubleVector b = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, o);
        for (int i = 0; i < 4; i++) {
            int c = 6 * i * L;
            outputRow(DoubleVector.fromArray(S, r, c), DoubleVector.fromArray(S, r, c + L),
                    DoubleVector.fromArray(S, r, c + 2 * L), DoubleVector.fromArray(S, r, c + 3 * L),
                    DoubleVector.fromArray(S, r, c + 4 * L), DoubleVector.fromArray(S, r, c + 5 * L), b, yl,
                    dst + i * row, step);
        }
    }

    /** Aᵀ (s0 .. s5) + bias into y[dst + j·step]: one row of four outputs, as Winograd4SimdDouble's outputRow. */
    private static void outputRow(DoubleVector s0, DoubleVector s1, DoubleVector s2, DoubleVector s3, DoubleVector s4,
            DoubleVector s5, DoubleVector bias, double[] y, int dst, int step) {
        DoubleVector a = s1.add(s2);
        DoubleVector b = s1.sub(s2);
        DoubleVector c = s3.add(s4);
        DoubleVector d = s3.sub(s4);
        s0.add(a).add(c).add(bias).intoArray(y, dst);
        b.add(d.mul(2.0)).add(bias).intoArray(y, dst + step);
        a.add(c.mul(4.0)).add(bias).intoArray(y, dst + 2 * step);
        b.add(d.mul(8.0)).add(s5).add(bias).intoArray(y, dst + 3 * step);
    }

    /**
     * The inverse of {@link Winograd4WeightSimdDouble#channelsLast}, cropped: dst[dOff + c·h·w + r·w + col] =
     * src[off + (r·sw + col)·channels + c] for r < h, col < w (flat: h·w·channels elements of scratch, unused when
     * sw == w).
     */
    static void channelsFirst(double[] src, int off, int channels, int h, int w, int sw, double[] flat, double[] dst,
            int dOff) {
        double[] from = src;
        int base = off;
        if (sw != w) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(src, off + r * sw * channels, flat, r * w * channels, w * channels);
            }
            from = flat;
            base = 0;
        }
        int plane = h * w;
        int head = plane - plane % TransposeDoubleSimd.B;
        for (int c = 0; c < channels; c += TransposeDoubleSimd.B) {
            for (int p = 0; p < head; p += TransposeDoubleSimd.B) {
                TransposeDoubleSimd.block(from, base + p * channels + c, channels, dst, dOff + c * plane + p, plane);
            }
            for (int p = head; p < plane; p++) {
                for (int j = 0; j < TransposeDoubleSimd.B; j++) {
                    dst[dOff + (c + j) * plane + p] = from[base + p * channels + c + j];
                }
            }
        }
    }
}
