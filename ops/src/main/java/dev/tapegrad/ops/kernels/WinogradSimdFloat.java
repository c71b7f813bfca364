package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API tile transforms of {@link WinogradFloat}: the input transform over one vector of tiles side by side
 * in a row of tiles (lane l is tile b + l), the output and gradient transforms over one vector of consecutive
 * tiles; the same adds and subtracts in the same order as the scalar {@link WinogradFloat#inputTile},
 * {@link WinogradFloat#outputTile} and {@link WinogradFloat#gradientTile}, so the results are bit for bit the
 * scalar ones. FLOAT32;
 * {@link WinogradSimdDouble} is generated from this file for FLOAT64. Loads jdk.incubator.vector: only reached
 * when {@link WinogradFloat#SIMD} is true.
 */
final class WinogradSimdFloat {
    private WinogradSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int N = S.length();

    /**
     * The input transform of the first tiles of one split plane (tilesH × tilesW tiles, tiles row by row from
     * v[off], see {@link WinogradFloat#split}), N tiles per vector; returns the first tile left to the caller.
     * A vector that starts in a row of fewer than N tiles left also writes the first tiles of the next rows,
     * which later vectors (or the caller) overwrite; no vector writes past the plane's last tile.
     */
    static int transformInput(float[] eo, int w2, int half, int tilesH, int tilesW, float[] v, int off, int stride) {
        int tiles = tilesH * tilesW;
        for (int a = 0; a < tilesH; a++) {
            for (int b = 0; b < tilesW; b += N) {
                int t = a * tilesW + b;
                if (t + N > tiles) {
                    return t;
                }
                inputTiles(eo, w2, half, 2 * a * w2 + b, v, off + t, stride);
            }
        }
        return tiles;
    }

    /** {@link WinogradFloat#inputTile} for the N tiles whose top left elements are eo[p .. p + N). */
    private static void inputTiles(float[] eo, int w2, int half, int p, float[] v, int dst, int stride) {
        FloatVector d00 = FloatVector.fromArray(S, eo, p);
        FloatVector d01 = FloatVector.fromArray(S, eo, half + p);
        FloatVector d02 = FloatVector.fromArray(S, eo, p + 1);
        FloatVector d03 = FloatVector.fromArray(S, eo, half + p + 1);
        FloatVector d20 = FloatVector.fromArray(S, eo, p + 2 * w2);
        FloatVector d21 = FloatVector.fromArray(S, eo, half + p + 2 * w2);
        FloatVector d22 = FloatVector.fromArray(S, eo, p + 2 * w2 + 1);
        FloatVector d23 = FloatVector.fromArray(S, eo, half + p + 2 * w2 + 1);
        columns(d00.sub(d20), d01.sub(d21), d02.sub(d22), d03.sub(d23), v, dst, stride);
        FloatVector d10 = FloatVector.fromArray(S, eo, p + w2);
        FloatVector d11 = FloatVector.fromArray(S, eo, half + p + w2);
        FloatVector d12 = FloatVector.fromArray(S, eo, p + w2 + 1);
        FloatVector d13 = FloatVector.fromArray(S, eo, half + p + w2 + 1);
        columns(d10.add(d20), d11.add(d21), d12.add(d22), d13.add(d23), v, dst + 4 * stride, stride);
        columns(d20.sub(d10), d21.sub(d11), d22.sub(d12), d23.sub(d13), v, dst + 8 * stride, stride);
        FloatVector d30 = FloatVector.fromArray(S, eo, p + 3 * w2);
        FloatVector d31 = FloatVector.fromArray(S, eo, half + p + 3 * w2);
        FloatVector d32 = FloatVector.fromArray(S, eo, p + 3 * w2 + 1);
        FloatVector d33 = FloatVector.fromArray(S, eo, half + p + 3 * w2 + 1);
        columns(d10.sub(d30), d11.sub(d31), d12.sub(d32), d13.sub(d33), v, dst + 12 * stride, stride);
    }

    /** One row of (Bᵀ d) B from one row r of Bᵀ d: r0 - r2, r1 + r2, r2 - r1, r1 - r3 at four positions. */
    private static void columns(FloatVector r0, FloatVector r1, FloatVector r2, FloatVector r3, float[] v, int dst,
            int stride) {
        r0.sub(r2).intoArray(v, dst);
        r1.add(r2).intoArray(v, dst + stride);
        r2.sub(r1).intoArray(v, dst + 2 * stride);
        r1.sub(r3).intoArray(v, dst + 3 * stride);
    }

    /**
     * {@link WinogradFloat#outputTile} for the first tiles of one output channel, N at a time from m[off] (tile t
     * at m[off + t]); returns the first tile left to the caller.
     */
    static int transformOutput(float[] m, int off, int stride, float b, float[] q, int tiles) {
        int t = 0;
        for (; t + N <= tiles; t += N) {
            outputTiles(m, off + t, stride, b, q, t, tiles);
        }
        return t;
    }

    private static void outputTiles(float[] m, int src, int stride, float b, float[] q, int t, int tiles) {
        FloatVector m10 = FloatVector.fromArray(S, m, src + 4 * stride);
        FloatVector m11 = FloatVector.fromArray(S, m, src + 5 * stride);
        FloatVector m12 = FloatVector.fromArray(S, m, src + 6 * stride);
        FloatVector m13 = FloatVector.fromArray(S, m, src + 7 * stride);
        FloatVector m20 = FloatVector.fromArray(S, m, src + 8 * stride);
        FloatVector m21 = FloatVector.fromArray(S, m, src + 9 * stride);
        FloatVector m22 = FloatVector.fromArray(S, m, src + 10 * stride);
        FloatVector m23 = FloatVector.fromArray(S, m, src + 11 * stride);
        FloatVector s00 = FloatVector.fromArray(S, m, src).add(m10).add(m20);
        FloatVector s01 = FloatVector.fromArray(S, m, src + stride).add(m11).add(m21);
        FloatVector s02 = FloatVector.fromArray(S, m, src + 2 * stride).add(m12).add(m22);
        FloatVector s03 = FloatVector.fromArray(S, m, src + 3 * stride).add(m13).add(m23);
        rows(s00, s01, s02, s03, b, q, t, tiles);
        FloatVector s10 = m10.sub(m20).sub(FloatVector.fromArray(S, m, src + 12 * stride));
        FloatVector s11 = m11.sub(m21).sub(FloatVector.fromArray(S, m, src + 13 * stride));
        FloatVector s12 = m12.sub(m22).sub(FloatVector.fromArray(S, m, src + 14 * stride));
        FloatVector s13 = m13.sub(m23).sub(FloatVector.fromArray(S, m, src + 15 * stride));
        rows(s10, s11, s12, s13, b, q, t + 2 * tiles, tiles);
    }

    /** One output row of two tiles' columns from one row of Aᵀ M: s0 + s1 + s2 + b and s1 - s2 - s3 + b. */
    private static void rows(FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3, float b, float[] q,
            int dst, int tiles) {
        s0.add(s1).add(s2).add(b).intoArray(q, dst);
        s1.sub(s2).sub(s3).add(b).intoArray(q, dst + tiles);
    }

    /**
     * {@link WinogradFloat#gradientTile} for the first tiles of one output-gradient plane, N at a time (tile t's
     * values at q[j·tiles + t]); returns the first tile left to the caller.
     */
    static int transformGradient(float[] q, int tiles, float[] m, int off, int stride) {
        int t = 0;
        for (; t + N <= tiles; t += N) {
            gradientTiles(q, t, tiles, m, off + t, stride);
        }
        return t;
    }

    private static void gradientTiles(float[] q, int t, int tiles, float[] m, int dst, int stride) {
        FloatVector y00 = FloatVector.fromArray(S, q, t);
        FloatVector y01 = FloatVector.fromArray(S, q, tiles + t);
        FloatVector y10 = FloatVector.fromArray(S, q, 2 * tiles + t);
        FloatVector y11 = FloatVector.fromArray(S, q, 3 * tiles + t);
        gradientColumn(y00, y10, m, dst, stride);
        gradientColumn(y00.add(y01), y10.add(y11), m, dst + stride, stride);
        gradientColumn(y00.sub(y01), y10.sub(y11), m, dst + 2 * stride, stride);
        gradientColumn(y01.neg(), y11.neg(), m, dst + 3 * stride, stride);
    }

    /**
     * Column j of A (dy Aᵀ) from column j of dy Aᵀ: r0, r0 + r1, r0 - r1, -r1
     * at positions j, 4 + j, 8 + j and 12 + j.
     */
    private static void gradientColumn(FloatVector r0, FloatVector r1, float[] m, int dst, int stride) {
        r0.intoArray(m, dst);
        r0.add(r1).intoArray(m, dst + 4 * stride);
        r0.sub(r1).intoArray(m, dst + 8 * stride);
        r1.neg().intoArray(m, dst + 12 * stride);
    }
}
