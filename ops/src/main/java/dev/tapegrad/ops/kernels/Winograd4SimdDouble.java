// GENERATED from Winograd4SimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API tile transforms of {@link Winograd4Double} over one vector of consecutive tiles (lane l is tile t + l,
 * the tiles of a chunk's images one after the other); each a
 * pass down the columns into a small buffer, then a pass along its rows, with the same operations in the same
 * order as the scalar {@link Winograd4Double#inputTile} and {@link Winograd4Double#outputTile}, so the results are
 * bit for bit the scalar ones. FLOAT64; Generated from {@link Winograd4SimdFloat}: edit that file, not this one.
 * Loads jdk.incubator.vector: only reached when {@link Winograd4Double#SIMD} is true.
 */
final class Winograd4SimdDouble {
    private Winograd4SimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int N = S.length();

    /**
     * The input transform of the first tiles of nt gathered tiles (see {@link Winograd4Double#inputTile}), N tiles
     * per vector, tile t written from v[off + t / panel · panelStride + t % panel] on (panel a multiple of N, or
     * at least nt); returns the first tile left to the caller.
     */
    static int transformInput(double[] d, int nt, double[] v, int off, int stride, int panel, int panelStride) {
        double[] r = new double[36 * N];
        int t = 0;
        for (; t + N <= nt; t += N) {
            inputTiles(d, nt, t, r, v, off + t / panel * panelStride + t % panel, stride);
        }
        return t;
    }

    /** {@link Winograd4Double#inputTile} for the N tiles t .. t + N - 1. */
    private static void inputTiles(double[] d, int nt, int t, double[] r, double[] v, int dst, int stride) {
        for (int j = 0; j < 6; j++) {
            int c = j * nt + t;
            inputLine(DoubleVector.fromArray(S, d, c), DoubleVector.fromArray(S, d, c + 6 * nt),
                    DoubleVector.fromArray(S, d, c + 12 * nt), DoubleVector.fromArray(S, d, c + 18 * nt),
                    DoubleVector.fromArray(S, d, c + 24 * nt), DoubleVector.fromArray(S, d, c + 30 * nt), r, j * N,
                    6 * N);
        }
        for (int i = 0; i < 6; i++) {
            int c = 6 * i * N;
            inputLine(DoubleVector.fromArray(S, r, c), DoubleVector.fromArray(S, r, c + N),
                    DoubleVector.fromArray(S, r, c + 2 * N), DoubleVector.fromArray(S, r, c + 3 * N),
                    DoubleVector.fromArray(S, r, c + 4 * N), DoubleVector.fromArray(S, r, c + 5 * N), v,
                    dst + 6 * i * stride, stride);
        }
    }

    /** Bᵀ (d0 .. d5) into out[o + i·step], as {@link Winograd4Double}'s scalar inputLine. */
    static void inputLine(DoubleVector d0, DoubleVector d1, DoubleVector d2, DoubleVector d3, DoubleVector d4,
            DoubleVector d5, double[] out, int o, int step) {
        DoubleVector t0 = d4.sub(d2.mul(4.0));
        DoubleVector t1 = d3.sub(d1.mul(4.0));
        DoubleVector t2 = d4.sub(d2);
        DoubleVector t3 = d3.sub(d1).mul(2.0);
        d0.sub(d2).mul(4.0).add(t2).intoArray(out, o);
        t0.add(t1).intoArray(out, o + step);
        t0.sub(t1).intoArray(out, o + 2 * step);
        t2.add(t3).intoArray(out, o + 3 * step);
        t2.sub(t3).intoArray(out, o + 4 * step);
        d1.sub(d3).mul(4.0).add(d5.sub(d3)).intoArray(out, o + 5 * step);
    }

    /**
     * {@link Winograd4Double#outputTile} for the first of nt tiles of one output channel, N at a time from m[off]
     * (tile t at m[off + t]); returns the first tile left to the caller.
     */
    static int transformOutput(double[] m, int off, int stride, double b, double[] q, int nt) {
        double[] r = new double[24 * N];
        int t = 0;
        for (; t + N <= nt; t += N) {
            outputTiles(m, off + t, stride, b, r, q, t, nt);
        }
        return t;
    }

    private static void outputTiles(double[] m, int src, int stride, double b, double[] r, double[] q, int t, int nt) {
        for (int k = 0; k < 6; k++) {
            int c = src + k * stride;
            outputColumn(DoubleVector.fromArray(S, m, c), DoubleVector.fromArray(S, m, c + 6 * stride),
                    DoubleVector.fromArray(S, m, c + 12 * stride), DoubleVector.fromArray(S, m, c + 18 * stride),
                    DoubleVector.fromArray(S, m, c + 24 * stride), DoubleVector.fromArray(S, m, c + 30 * stride), r,
                    k * N);
        }
        for (int i = 0; i < 4; i++) {
            int c = 6 * i * N;
            outputRow(DoubleVector.fromArray(S, r, c), DoubleVector.fromArray(S, r, c + N),
                    DoubleVector.fromArray(S, r, c + 2 * N), DoubleVector.fromArray(S, r, c + 3 * N),
                    DoubleVector.fromArray(S, r, c + 4 * N), DoubleVector.fromArray(S, r, c + 5 * N), b, q,
                    4 * i * nt + t, nt);
        }
    }

    /** Aᵀ (m0 .. m5) into r[o + i·6N], as {@link Winograd4Double}'s scalar outputLine. */
    static void outputColumn(DoubleVector m0, DoubleVector m1, DoubleVector m2, DoubleVector m3, DoubleVector m4,
            DoubleVector m5, double[] r, int o) {
        DoubleVector a = m1.add(m2);
        DoubleVector b = m1.sub(m2);
        DoubleVector c = m3.add(m4);
        DoubleVector d = m3.sub(m4);
        m0.add(a).add(c).intoArray(r, o);
        b.add(d.mul(2.0)).intoArray(r, o + 6 * N);
        a.add(c.mul(4.0)).intoArray(r, o + 12 * N);
        b.add(d.mul(8.0)).add(m5).intoArray(r, o + 18 * N);
    }

    /** Aᵀ (s0 .. s5) + bias into q[dst + j·nt]: one row of four outputs of N tiles. */
    static void outputRow(DoubleVector s0, DoubleVector s1, DoubleVector s2, DoubleVector s3, DoubleVector s4,
            DoubleVector s5, double bias, double[] q, int dst, int nt) {
        DoubleVector a = s1.add(s2);
        DoubleVector b = s1.sub(s2);
        DoubleVector c = s3.add(s4);
        DoubleVector d = s3.sub(s4);
        s0.add(a).add(c).add(bias).intoArray(q, dst);
        b.add(d.mul(2.0)).add(bias).intoArray(q, dst + nt);
        a.add(c.mul(4.0)).add(bias).intoArray(q, dst + 2 * nt);
        b.add(d.mul(8.0)).add(s5).add(bias).intoArray(q, dst + 3 * nt);
    }

    /**
     * {@link Winograd4WeightDouble#gradientTile} for the first of nt gathered gradient tiles, N at a time; returns the
     * first tile left to the caller.
     */
    static int transformGradient(double[] q, int nt, double[] m, int off, int stride) {
        double[] r = new double[24 * N];
        int t = 0;
        for (; t + N <= nt; t += N) {
            gradientTiles(q, nt, t, r, m, off + t, stride);
        }
        return t;
    }

    private static void gradientTiles(double[] q, int nt, int t, double[] r, double[] m, int dst, int stride) {
        for (int j = 0; j < 4; j++) {
            int c = j * nt + t;
            gradientLine(DoubleVector.fromArray(S, q, c), DoubleVector.fromArray(S, q, c + 4 * nt),
                    DoubleVector.fromArray(S, q, c + 8 * nt), DoubleVector.fromArray(S, q, c + 12 * nt), r, j * N,
                    4 * N);
        }
        for (int i = 0; i < 6; i++) {
            int c = 4 * i * N;
            gradientLine(DoubleVector.fromArray(S, r, c), DoubleVector.fromArray(S, r, c + N),
                    DoubleVector.fromArray(S, r, c + 2 * N), DoubleVector.fromArray(S, r, c + 3 * N), m,
                    dst + 6 * i * stride, stride);
        }
    }

    /** A (y0 .. y3) into out[o + i·step], as {@link Winograd4WeightDouble}'s scalar gradientLine. */
    static void gradientLine(DoubleVector y0, DoubleVector y1, DoubleVector y2, DoubleVector y3, double[] out,
            int o, int step) {
        DoubleVector e = y0.add(y2);
        DoubleVector d = y1.add(y3);
        DoubleVector e4 = y0.add(y2.mul(4.0));
        DoubleVector d4 = y1.add(y3.mul(4.0)).mul(2.0);
        y0.intoArray(out, o);
        e.add(d).intoArray(out, o + step);
        e.sub(d).intoArray(out, o + 2 * step);
        e4.add(d4).intoArray(out, o + 3 * step);
        e4.sub(d4).intoArray(out, o + 4 * step);
        y3.intoArray(out, o + 5 * step);
    }

    /**
     * Lane indices into two concatenated vectors: their even and their odd elements, and the interleave of their
     * first and of their second halves.
     */
    private static final DoubleVector EVEN = indices(0);
    private static final DoubleVector ODD = indices(1);
    private static final DoubleVector FIRST = indices(2);
    private static final DoubleVector SECOND = indices(3);

    private static DoubleVector indices(int kind) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = switch (kind) {
                case 0 -> 2 * i;
                case 1 -> 2 * i + 1;
                case 2 -> i % 2 * N + i / 2;
                default -> i % 2 * N + N / 2 + i / 2;
            };
        }
        return DoubleVector.fromArray(S, v, 0);
    }

    /**
     * d[off + j·nt + t] = r[4t + j] for j = 0 .. 3 and the first tiles t of nt, N at a time (two rounds of
     * even/odd selections over four vectors); returns the first tile left to the caller.
     */
    static int split4(double[] r, int nt, double[] d, int off) {
        int t = 0;
        for (; t + N <= nt; t += N) {
            DoubleVector v0 = DoubleVector.fromArray(S, r, 4 * t);
            DoubleVector v1 = DoubleVector.fromArray(S, r, 4 * t + N);
            DoubleVector v2 = DoubleVector.fromArray(S, r, 4 * t + 2 * N);
            DoubleVector v3 = DoubleVector.fromArray(S, r, 4 * t + 3 * N);
            DoubleVector even01 = EVEN.selectFrom(v0, v1);
            DoubleVector odd01 = ODD.selectFrom(v0, v1);
            DoubleVector even23 = EVEN.selectFrom(v2, v3);
            DoubleVector odd23 = ODD.selectFrom(v2, v3);
            EVEN.selectFrom(even01, even23).intoArray(d, off + t);
            EVEN.selectFrom(odd01, odd23).intoArray(d, off + nt + t);
            ODD.selectFrom(even01, even23).intoArray(d, off + 2 * nt + t);
            ODD.selectFrom(odd01, odd23).intoArray(d, off + 3 * nt + t);
        }
        return t;
    }

    /**
     * The inverse of {@link #split4}: r[4t + j] = q[off + j·nt + t] for j = 0 .. 3 and the first tiles t of nt, N
     * at a time (two rounds of interleaves); returns the first tile left to the caller.
     */
    static int merge4(double[] q, int off, int nt, double[] r) {
        int t = 0;
        for (; t + N <= nt; t += N) {
            DoubleVector p0 = DoubleVector.fromArray(S, q, off + t);
            DoubleVector p1 = DoubleVector.fromArray(S, q, off + nt + t);
            DoubleVector p2 = DoubleVector.fromArray(S, q, off + 2 * nt + t);
            DoubleVector p3 = DoubleVector.fromArray(S, q, off + 3 * nt + t);
            DoubleVector first02 = FIRST.selectFrom(p0, p2);
            DoubleVector second02 = SECOND.selectFrom(p0, p2);
            DoubleVector first13 = FIRST.selectFrom(p1, p3);
            DoubleVector second13 = SECOND.selectFrom(p1, p3);
            FIRST.selectFrom(first02, first13).intoArray(r, 4 * t);
            SECOND.selectFrom(first02, first13).intoArray(r, 4 * t + N);
            FIRST.selectFrom(second02, second13).intoArray(r, 4 * t + 2 * N);
            SECOND.selectFrom(second02, second13).intoArray(r, 4 * t + 3 * N);
        }
        return t;
    }

    /**
     * Whether {@link #packPanels} can write {@link DgemmSimd}'s panels: its register tile has 8 rows and N is 8 or
     * 16 (each vector of the transposed block then holds one or two whole rows of 8).
     */
    static boolean packsPanels() {
        return DgemmSimd.MR == 8 && (N == 8 || N == 16) && DgemmSimd.NR % 8 == 0;
    }

    /**
     * Rows [0, rows) of src (row r from src[off + r·ld], len elements) packed with the elements as the GEMM's K into
     * panels of w rows (w a multiple of 8): dst[(r / w)·len·w + p·w + r % w] = src[off + r·ld + p], rows past
     * rows up to a multiple of w zero. Blocks of 8 rows × N elements are transposed in registers (three rounds of
     * interleaves); the rest is copied one element at a time. The same values as
     * {@link Winograd4WeightDouble#packPanelsScalar}.
     */
    static void packPanels(double[] src, int off, int ld, int rows, int len, int w, double[] dst) {
        int full = rows / 8 * 8;
        int head = len - len % N;
        for (int r = 0; r < full; r += 8) {
            int panel = r / w * len * w + r % w;
            int s = off + r * ld;
            for (int p = 0; p < head; p += N) {
                transpose8(src, s + p, ld, dst, panel + p * w, w);
            }
            for (int p = head; p < len; p++) {
                for (int i = 0; i < 8; i++) {
                    dst[panel + p * w + i] = src[s + i * ld + p];
                }
            }
        }
        int padded = (rows + w - 1) / w * w;
        for (int r = full; r < padded; r++) {
            int panel = r / w * len * w + r % w;
            for (int p = 0; p < len; p++) {
                dst[panel + p * w] = r < rows ? src[off + r * ld + p] : 0.0;
            }
        }
    }

    /** The upper half of the lanes, where a vector of two rows of 8 holds its second row (N == 16). */
    private static final VectorMask<Double> LOW = VectorMask.fromLong(S, (1L << Math.min(8, N)) - 1);
    private static final VectorMask<Double> HIGH = LOW.not();

    /**
     * dst[d + p·w + i] = src[s + i·ld + p] for i < 8 and p < N: rows paired 4 apart, then 2, then 1, each pair
     * interleaved, leaves vector j holding elements p = j·N/8 .. of all 8 rows, written row of 8 by row of 8.
     */
    private static void transpose8(double[] src, int s, int ld, double[] dst, int d, int w) {
        DoubleVector r0 = DoubleVector.fromArray(S, src, s);
        DoubleVector r1 = DoubleVector.fromArray(S, src, s + ld);
        DoubleVector r2 = DoubleVector.fromArray(S, src, s + 2 * ld);
        DoubleVector r3 = DoubleVector.fromArray(S, src, s + 3 * ld);
        DoubleVector r4 = DoubleVector.fromArray(S, src, s + 4 * ld);
        DoubleVector r5 = DoubleVector.fromArray(S, src, s + 5 * ld);
        DoubleVector r6 = DoubleVector.fromArray(S, src, s + 6 * ld);
        DoubleVector r7 = DoubleVector.fromArray(S, src, s + 7 * ld);
        DoubleVector a0 = FIRST.selectFrom(r0, r4);
        DoubleVector a1 = SECOND.selectFrom(r0, r4);
        DoubleVector a2 = FIRST.selectFrom(r1, r5);
        DoubleVector a3 = SECOND.selectFrom(r1, r5);
        DoubleVector a4 = FIRST.selectFrom(r2, r6);
        DoubleVector a5 = SECOND.selectFrom(r2, r6);
        DoubleVector a6 = FIRST.selectFrom(r3, r7);
        DoubleVector a7 = SECOND.selectFrom(r3, r7);
        DoubleVector b0 = FIRST.selectFrom(a0, a4);
        DoubleVector b1 = SECOND.selectFrom(a0, a4);
        DoubleVector b2 = FIRST.selectFrom(a1, a5);
        DoubleVector b3 = SECOND.selectFrom(a1, a5);
        DoubleVector b4 = FIRST.selectFrom(a2, a6);
        DoubleVector b5 = SECOND.selectFrom(a2, a6);
        DoubleVector b6 = FIRST.selectFrom(a3, a7);
        DoubleVector b7 = SECOND.selectFrom(a3, a7);
        int step = N / 8;
        store8(FIRST.selectFrom(b0, b4), dst, d, w, step);
        store8(SECOND.selectFrom(b0, b4), dst, d + step * w, w, step);
        store8(FIRST.selectFrom(b1, b5), dst, d + 2 * step * w, w, step);
        store8(SECOND.selectFrom(b1, b5), dst, d + 3 * step * w, w, step);
        store8(FIRST.selectFrom(b2, b6), dst, d + 4 * step * w, w, step);
        store8(SECOND.selectFrom(b2, b6), dst, d + 5 * step * w, w, step);
        store8(FIRST.selectFrom(b3, b7), dst, d + 6 * step * w, w, step);
        store8(SECOND.selectFrom(b3, b7), dst, d + 7 * step * w, w, step);
    }

    /** The rows of 8 in v (N / 8 of them) into dst[d], dst[d + w], ... */
    private static void store8(DoubleVector v, double[] dst, int d, int w, int rowsOf8) {
        if (rowsOf8 == 1 || w == 8) {
            v.intoArray(dst, d);
        } else {
            v.intoArray(dst, d, LOW);
            v.intoArray(dst, d + w - 8, HIGH);
        }
    }
}
