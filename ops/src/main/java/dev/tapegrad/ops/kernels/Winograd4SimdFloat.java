package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API tile transforms of {@link Winograd4Float} over one vector of consecutive tiles (lane l is tile t + l,
 * the tiles of a chunk's images one after the other); each a
 * pass down the columns into a small buffer, then a pass along its rows, with the same operations in the same
 * order as the scalar {@link Winograd4Float#inputTile} and {@link Winograd4Float#outputTile}, so the results are
 * bit for bit the scalar ones. FLOAT32; {@link Winograd4SimdDouble} is generated from this file for FLOAT64.
 * Loads jdk.incubator.vector: only reached when {@link Winograd4Float#SIMD} is true.
 */
final class Winograd4SimdFloat {
    private Winograd4SimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int N = S.length();

    /**
     * The input transform of the first tiles of nt gathered tiles (see {@link Winograd4Float#inputTile}), N tiles
     * per vector, tile t written from v[off + t / panel · panelStride + t % panel] on (panel a multiple of N, or
     * at least nt); returns the first tile left to the caller.
     */
    static int transformInput(float[] d, int nt, float[] v, int off, int stride, int panel, int panelStride) {
        float[] r = new float[36 * N];
        int t = 0;
        for (; t + N <= nt; t += N) {
            inputTiles(d, nt, t, r, v, off + t / panel * panelStride + t % panel, stride);
        }
        return t;
    }

    /** {@link Winograd4Float#inputTile} for the N tiles t .. t + N - 1. */
    private static void inputTiles(float[] d, int nt, int t, float[] r, float[] v, int dst, int stride) {
        for (int j = 0; j < 6; j++) {
            int c = j * nt + t;
            inputLine(FloatVector.fromArray(S, d, c), FloatVector.fromArray(S, d, c + 6 * nt),
                    FloatVector.fromArray(S, d, c + 12 * nt), FloatVector.fromArray(S, d, c + 18 * nt),
                    FloatVector.fromArray(S, d, c + 24 * nt), FloatVector.fromArray(S, d, c + 30 * nt), r, j * N,
                    6 * N);
        }
        for (int i = 0; i < 6; i++) {
            int c = 6 * i * N;
            inputLine(FloatVector.fromArray(S, r, c), FloatVector.fromArray(S, r, c + N),
                    FloatVector.fromArray(S, r, c + 2 * N), FloatVector.fromArray(S, r, c + 3 * N),
                    FloatVector.fromArray(S, r, c + 4 * N), FloatVector.fromArray(S, r, c + 5 * N), v,
                    dst + 6 * i * stride, stride);
        }
    }

    /** Bᵀ (d0 .. d5) into out[o + i·step], as {@link Winograd4Float}'s scalar inputLine. */
    static void inputLine(FloatVector d0, FloatVector d1, FloatVector d2, FloatVector d3, FloatVector d4,
            FloatVector d5, float[] out, int o, int step) {
        FloatVector t0 = d4.sub(d2.mul(4f));
        FloatVector t1 = d3.sub(d1.mul(4f));
        FloatVector t2 = d4.sub(d2);
        FloatVector t3 = d3.sub(d1).mul(2f);
        d0.sub(d2).mul(4f).add(t2).intoArray(out, o);
        t0.add(t1).intoArray(out, o + step);
        t0.sub(t1).intoArray(out, o + 2 * step);
        t2.add(t3).intoArray(out, o + 3 * step);
        t2.sub(t3).intoArray(out, o + 4 * step);
        d1.sub(d3).mul(4f).add(d5.sub(d3)).intoArray(out, o + 5 * step);
    }

    /**
     * {@link Winograd4Float#outputTile} for the first of nt tiles of one output channel, N at a time from m[off]
     * (tile t at m[off + t]); returns the first tile left to the caller.
     */
    static int transformOutput(float[] m, int off, int stride, float b, float[] q, int nt) {
        float[] r = new float[24 * N];
        int t = 0;
        for (; t + N <= nt; t += N) {
            outputTiles(m, off + t, stride, b, r, q, t, nt);
        }
        return t;
    }

    private static void outputTiles(float[] m, int src, int stride, float b, float[] r, float[] q, int t, int nt) {
        for (int k = 0; k < 6; k++) {
            int c = src + k * stride;
            outputColumn(FloatVector.fromArray(S, m, c), FloatVector.fromArray(S, m, c + 6 * stride),
                    FloatVector.fromArray(S, m, c + 12 * stride), FloatVector.fromArray(S, m, c + 18 * stride),
                    FloatVector.fromArray(S, m, c + 24 * stride), FloatVector.fromArray(S, m, c + 30 * stride), r,
                    k * N);
        }
        for (int i = 0; i < 4; i++) {
            int c = 6 * i * N;
            outputRow(FloatVector.fromArray(S, r, c), FloatVector.fromArray(S, r, c + N),
                    FloatVector.fromArray(S, r, c + 2 * N), FloatVector.fromArray(S, r, c + 3 * N),
                    FloatVector.fromArray(S, r, c + 4 * N), FloatVector.fromArray(S, r, c + 5 * N), b, q,
                    4 * i * nt + t, nt);
        }
    }

    /** Aᵀ (m0 .. m5) into r[o + i·6N], as {@link Winograd4Float}'s scalar outputLine. */
    static void outputColumn(FloatVector m0, FloatVector m1, FloatVector m2, FloatVector m3, FloatVector m4,
            FloatVector m5, float[] r, int o) {
        FloatVector a = m1.add(m2);
        FloatVector b = m1.sub(m2);
        FloatVector c = m3.add(m4);
        FloatVector d = m3.sub(m4);
        m0.add(a).add(c).intoArray(r, o);
        b.add(d.mul(2f)).intoArray(r, o + 6 * N);
        a.add(c.mul(4f)).intoArray(r, o + 12 * N);
        b.add(d.mul(8f)).add(m5).intoArray(r, o + 18 * N);
    }

    /** Aᵀ (s0 .. s5) + bias into q[dst + j·nt]: one row of four outputs of N tiles. */
    static void outputRow(FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3, FloatVector s4,
            FloatVector s5, float bias, float[] q, int dst, int nt) {
        FloatVector a = s1.add(s2);
        FloatVector b = s1.sub(s2);
        FloatVector c = s3.add(s4);
        FloatVector d = s3.sub(s4);
        s0.add(a).add(c).add(bias).intoArray(q, dst);
        b.add(d.mul(2f)).add(bias).intoArray(q, dst + nt);
        a.add(c.mul(4f)).add(bias).intoArray(q, dst + 2 * nt);
        b.add(d.mul(8f)).add(s5).add(bias).intoArray(q, dst + 3 * nt);
    }

    /**
     * {@link Winograd4WeightFloat#gradientTile} for the first of nt gathered gradient tiles, N at a time; returns the
     * first tile left to the caller.
     */
    static int transformGradient(float[] q, int nt, float[] m, int off, int stride) {
        float[] r = new float[24 * N];
        int t = 0;
        for (; t + N <= nt; t += N) {
            gradientTiles(q, nt, t, r, m, off + t, stride);
        }
        return t;
    }

    private static void gradientTiles(float[] q, int nt, int t, float[] r, float[] m, int dst, int stride) {
        for (int j = 0; j < 4; j++) {
            int c = j * nt + t;
            gradientLine(FloatVector.fromArray(S, q, c), FloatVector.fromArray(S, q, c + 4 * nt),
                    FloatVector.fromArray(S, q, c + 8 * nt), FloatVector.fromArray(S, q, c + 12 * nt), r, j * N,
                    4 * N);
        }
        for (int i = 0; i < 6; i++) {
            int c = 4 * i * N;
            gradientLine(FloatVector.fromArray(S, r, c), FloatVector.fromArray(S, r, c + N),
                    FloatVector.fromArray(S, r, c + 2 * N), FloatVector.fromArray(S, r, c + 3 * N), m,
                    dst + 6 * i * stride, stride);
        }
    }

    /** A (y0 .. y3) into out[o + i·step], as {@link Winograd4WeightFloat}'s scalar gradientLine. */
    static void gradientLine(FloatVector y0, FloatVector y1, FloatVector y2, FloatVector y3, float[] out,
            int o, int step) {
        FloatVector e = y0.add(y2);
        FloatVector d = y1.add(y3);
        FloatVector e4 = y0.add(y2.mul(4f));
        FloatVector d4 = y1.add(y3.mul(4f)).mul(2f);
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
    private static final FloatVector EVEN = indices(0);
    private static final FloatVector ODD = indices(1);
    private static final FloatVector FIRST = indices(2);
    private static final FloatVector SECOND = indices(3);

    private static FloatVector indices(int kind) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = switch (kind) {
                case 0 -> 2 * i;
                case 1 -> 2 * i + 1;
                case 2 -> i % 2 * N + i / 2;
                default -> i % 2 * N + N / 2 + i / 2;
            };
        }
        return FloatVector.fromArray(S, v, 0);
    }

    /**
     * d[off + j·nt + t] = r[4t + j] for j = 0 .. 3 and the first tiles t of nt, N at a time (two rounds of
     * even/odd selections over four vectors); returns the first tile left to the caller.
     */
    static int split4(float[] r, int nt, float[] d, int off) {
        int t = 0;
        for (; t + N <= nt; t += N) {
            FloatVector v0 = FloatVector.fromArray(S, r, 4 * t);
            FloatVector v1 = FloatVector.fromArray(S, r, 4 * t + N);
            FloatVector v2 = FloatVector.fromArray(S, r, 4 * t + 2 * N);
            FloatVector v3 = FloatVector.fromArray(S, r, 4 * t + 3 * N);
            FloatVector even01 = EVEN.selectFrom(v0, v1);
            FloatVector odd01 = ODD.selectFrom(v0, v1);
            FloatVector even23 = EVEN.selectFrom(v2, v3);
            FloatVector odd23 = ODD.selectFrom(v2, v3);
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
    static int merge4(float[] q, int off, int nt, float[] r) {
        int t = 0;
        for (; t + N <= nt; t += N) {
            FloatVector p0 = FloatVector.fromArray(S, q, off + t);
            FloatVector p1 = FloatVector.fromArray(S, q, off + nt + t);
            FloatVector p2 = FloatVector.fromArray(S, q, off + 2 * nt + t);
            FloatVector p3 = FloatVector.fromArray(S, q, off + 3 * nt + t);
            FloatVector first02 = FIRST.selectFrom(p0, p2);
            FloatVector second02 = SECOND.selectFrom(p0, p2);
            FloatVector first13 = FIRST.selectFrom(p1, p3);
            FloatVector second13 = SECOND.selectFrom(p1, p3);
            FIRST.selectFrom(first02, first13).intoArray(r, 4 * t);
            SECOND.selectFrom(first02, first13).intoArray(r, 4 * t + N);
            FIRST.selectFrom(second02, second13).intoArray(r, 4 * t + 2 * N);
            SECOND.selectFrom(second02, second13).intoArray(r, 4 * t + 3 * N);
        }
        return t;
    }

    /**
     * Whether {@link #packPanels} can write {@link SgemmSimd}'s panels: its register tile has 8 rows and N is 8 or
     * 16 (each vector of the transposed block then holds one or two whole rows of 8).
     */
    static boolean packsPanels() {
        return SgemmSimd.MR == 8 && (N == 8 || N == 16) && SgemmSimd.NR % 8 == 0;
    }

    /**
     * Rows [0, rows) of src (row r from src[off + r·ld], len elements) packed with the elements as the GEMM's K into
     * panels of w rows (w a multiple of 8): dst[(r / w)·len·w + p·w + r % w] = src[off + r·ld + p], rows past
     * rows up to a multiple of w zero. Blocks of 8 rows × N elements are transposed in registers (three rounds of
     * interleaves); the rest is copied one element at a time. The same values as
     * {@link Winograd4WeightFloat#packPanelsScalar}.
     */
    static void packPanels(float[] src, int off, int ld, int rows, int len, int w, float[] dst) {
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
                dst[panel + p * w] = r < rows ? src[off + r * ld + p] : 0f;
            }
        }
    }

    /** The upper half of the lanes, where a vector of two rows of 8 holds its second row (N == 16). */
    private static final VectorMask<Float> LOW = VectorMask.fromLong(S, (1L << Math.min(8, N)) - 1);
    private static final VectorMask<Float> HIGH = LOW.not();

    /**
     * dst[d + p·w + i] = src[s + i·ld + p] for i < 8 and p < N: rows paired 4 apart, then 2, then 1, each pair
     * interleaved, leaves vector j holding elements p = j·N/8 .. of all 8 rows, written row of 8 by row of 8.
     */
    private static void transpose8(float[] src, int s, int ld, float[] dst, int d, int w) {
        FloatVector r0 = FloatVector.fromArray(S, src, s);
        FloatVector r1 = FloatVector.fromArray(S, src, s + ld);
        FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * ld);
        FloatVector r3 = FloatVector.fromArray(S, src, s + 3 * ld);
        FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * ld);
        FloatVector r5 = FloatVector.fromArray(S, src, s + 5 * ld);
        FloatVector r6 = FloatVector.fromArray(S, src, s + 6 * ld);
        FloatVector r7 = FloatVector.fromArray(S, src, s + 7 * ld);
        FloatVector a0 = FIRST.selectFrom(r0, r4);
        FloatVector a1 = SECOND.selectFrom(r0, r4);
        FloatVector a2 = FIRST.selectFrom(r1, r5);
        FloatVector a3 = SECOND.selectFrom(r1, r5);
        FloatVector a4 = FIRST.selectFrom(r2, r6);
        FloatVector a5 = SECOND.selectFrom(r2, r6);
        FloatVector a6 = FIRST.selectFrom(r3, r7);
        FloatVector a7 = SECOND.selectFrom(r3, r7);
        FloatVector b0 = FIRST.selectFrom(a0, a4);
        FloatVector b1 = SECOND.selectFrom(a0, a4);
        FloatVector b2 = FIRST.selectFrom(a1, a5);
        FloatVector b3 = SECOND.selectFrom(a1, a5);
        FloatVector b4 = FIRST.selectFrom(a2, a6);
        FloatVector b5 = SECOND.selectFrom(a2, a6);
        FloatVector b6 = FIRST.selectFrom(a3, a7);
        FloatVector b7 = SECOND.selectFrom(a3, a7);
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
    private static void store8(FloatVector v, float[] dst, int d, int w, int rowsOf8) {
        if (rowsOf8 == 1 || w == 8) {
            v.intoArray(dst, d);
        } else {
            v.intoArray(dst, d, LOW);
            v.intoArray(dst, d + w - 8, HIGH);
        }
    }
}
