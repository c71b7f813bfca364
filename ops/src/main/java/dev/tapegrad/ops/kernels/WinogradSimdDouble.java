// GENERATED from WinogradSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API tile transforms of {@link WinogradDouble}: the input transform over one vector of tiles side by side
 * in a row of tiles (lane l is tile b + l), the output and gradient transforms over one vector of consecutive
 * tiles; the same adds and subtracts in the same order as the scalar {@link WinogradDouble#inputTile},
 * {@link WinogradDouble#outputTile} and {@link WinogradDouble#gradientTile}, so the results are bit for bit the
 * scalar ones. FLOAT64;
 * Generated from {@link WinogradSimdFloat}: edit that file, not this one. Loads jdk.incubator.vector: only reached
 * when {@link WinogradDouble#SIMD} is true.
 */
final class WinogradSimdDouble {
    private WinogradSimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int N = S.length();

    /**
     * The input transform of the first tiles of one split plane (tilesH × tilesW tiles, tiles row by row from
     * v[off], see {@link WinogradDouble#split}), N tiles per vector; returns the first tile left to the caller.
     * A vector that starts in a row of fewer than N tiles left also writes the first tiles of the next rows,
     * which later vectors (or the caller) overwrite; no vector writes past the plane's last tile.
     */
    static int transformInput(double[] eo, int w2, int half, int tilesH, int tilesW, double[] v, int off, int stride) {
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

    /** {@link WinogradDouble#inputTile} for the N tiles whose top left elements are eo[p .. p + N). */
    private static void inputTiles(double[] eo, int w2, int half, int p, double[] v, int dst, int stride) {
        DoubleVector d00 = DoubleVector.fromArray(S, eo, p);
        DoubleVector d01 = DoubleVector.fromArray(S, eo, half + p);
        DoubleVector d02 = DoubleVector.fromArray(S, eo, p + 1);
        DoubleVector d03 = DoubleVector.fromArray(S, eo, half + p + 1);
        DoubleVector d20 = DoubleVector.fromArray(S, eo, p + 2 * w2);
        DoubleVector d21 = DoubleVector.fromArray(S, eo, half + p + 2 * w2);
        DoubleVector d22 = DoubleVector.fromArray(S, eo, p + 2 * w2 + 1);
        DoubleVector d23 = DoubleVector.fromArray(S, eo, half + p + 2 * w2 + 1);
        columns(d00.sub(d20), d01.sub(d21), d02.sub(d22), d03.sub(d23), v, dst, stride);
        DoubleVector d10 = DoubleVector.fromArray(S, eo, p + w2);
        DoubleVector d11 = DoubleVector.fromArray(S, eo, half + p + w2);
        DoubleVector d12 = DoubleVector.fromArray(S, eo, p + w2 + 1);
        DoubleVector d13 = DoubleVector.fromArray(S, eo, half + p + w2 + 1);
        columns(d10.add(d20), d11.add(d21), d12.add(d22), d13.add(d23), v, dst + 4 * stride, stride);
        columns(d20.sub(d10), d21.sub(d11), d22.sub(d12), d23.sub(d13), v, dst + 8 * stride, stride);
        DoubleVector d30 = DoubleVector.fromArray(S, eo, p + 3 * w2);
        DoubleVector d31 = DoubleVector.fromArray(S, eo, half + p + 3 * w2);
        DoubleVector d32 = DoubleVector.fromArray(S, eo, p + 3 * w2 + 1);
        DoubleVector d33 = DoubleVector.fromArray(S, eo, half + p + 3 * w2 + 1);
        columns(d10.sub(d30), d11.sub(d31), d12.sub(d32), d13.sub(d33), v, dst + 12 * stride, stride);
    }

    /** One row of (Bᵀ d) B from one row r of Bᵀ d: r0 - r2, r1 + r2, r2 - r1, r1 - r3 at four positions. */
    private static void columns(DoubleVector r0, DoubleVector r1, DoubleVector r2, DoubleVector r3, double[] v, int dst,
            int stride) {
        r0.sub(r2).intoArray(v, dst);
        r1.add(r2).intoArray(v, dst + stride);
        r2.sub(r1).intoArray(v, dst + 2 * stride);
        r1.sub(r3).intoArray(v, dst + 3 * stride);
    }

    /**
     * {@link WinogradDouble#outputTile} for the first tiles of one output channel, N at a time from m[off] (tile t
     * at m[off + t]); returns the first tile left to the caller.
     */
    static int transformOutput(double[] m, int off, int stride, double b, double[] q, int tiles) {
        int t = 0;
        for (; t + N <= tiles; t += N) {
            outputTiles(m, off + t, stride, b, q, t, tiles);
        }
        return t;
    }

    private static void outputTiles(double[] m, int src, int stride, double b, double[] q, int t, int tiles) {
        DoubleVector m10 = DoubleVector.fromArray(S, m, src + 4 * stride);
        DoubleVector m11 = DoubleVector.fromArray(S, m, src + 5 * stride);
        DoubleVector m12 = DoubleVector.fromArray(S, m, src + 6 * stride);
        DoubleVector m13 = DoubleVector.fromArray(S, m, src + 7 * stride);
        DoubleVector m20 = DoubleVector.fromArray(S, m, src + 8 * stride);
        DoubleVector m21 = DoubleVector.fromArray(S, m, src + 9 * stride);
        DoubleVector m22 = DoubleVector.fromArray(S, m, src + 10 * stride);
        DoubleVector m23 = DoubleVector.fromArray(S, m, src + 11 * stride);
        DoubleVector s00 = DoubleVector.fromArray(S, m, src).add(m10).add(m20);
        DoubleVector s01 = DoubleVector.fromArray(S, m, src + stride).add(m11).add(m21);
        DoubleVector s02 = DoubleVector.fromArray(S, m, src + 2 * stride).add(m12).add(m22);
        DoubleVector s03 = DoubleVector.fromArray(S, m, src + 3 * stride).add(m13).add(m23);
        rows(s00, s01, s02, s03, b, q, t, tiles);
        DoubleVector s10 = m10.sub(m20).sub(DoubleVector.fromArray(S, m, src + 12 * stride));
        DoubleVector s11 = m11.sub(m21).sub(DoubleVector.fromArray(S, m, src + 13 * stride));
        DoubleVector s12 = m12.sub(m22).sub(DoubleVector.fromArray(S, m, src + 14 * stride));
        DoubleVector s13 = m13.sub(m23).sub(DoubleVector.fromArray(S, m, src + 15 * stride));
        rows(s10, s11, s12, s13, b, q, t + 2 * tiles, tiles);
    }

    /** One output row of two tiles' columns from one row of Aᵀ M: s0 + s1 + s2 + b and s1 - s2 - s3 + b. */
    private static void rows(DoubleVector s0, DoubleVector s1, DoubleVector s2, DoubleVector s3, double b, double[] q,
            int dst, int tiles) {
        s0.add(s1).add(s2).add(b).intoArray(q, dst);
        s1.sub(s2).sub(s3).add(b).intoArray(q, dst + tiles);
    }

    /**
     * {@link WinogradDouble#gradientTile} for the first tiles of one output-gradient plane, N at a time (tile t's
     * values at q[j·tiles + t]); returns the first tile left to the caller.
     */
    static int transformGradient(double[] q, int tiles, double[] m, int off, int stride) {
        int t = 0;
        for (; t + N <= tiles; t += N) {
            gradientTiles(q, t, tiles, m, off + t, stride);
        }
        return t;
    }

    private static void gradientTiles(double[] q, int t, int tiles, double[] m, int dst, int stride) {
        DoubleVector y00 = DoubleVector.fromArray(S, q, t);
        DoubleVector y01 = DoubleVector.fromArray(S, q, tiles + t);
        DoubleVector y10 = DoubleVector.fromArray(S, q, 2 * tiles + t);
        DoubleVector y11 = DoubleVector.fromArray(S, q, 3 * tiles + t);
        gradientColumn(y00, y10, m, dst, stride);
        gradientColumn(y00.add(y01), y10.add(y11), m, dst + stride, stride);
        gradientColumn(y00.sub(y01), y10.sub(y11), m, dst + 2 * stride, stride);
        gradientColumn(y01.neg(), y11.neg(), m, dst + 3 * stride, stride);
    }

    /**
     * Column j of A (dy Aᵀ) from column j of dy Aᵀ: r0, r0 + r1, r0 - r1, -r1
     * at positions j, 4 + j, 8 + j and 12 + j.
     */
    private static void gradientColumn(DoubleVector r0, DoubleVector r1, double[] m, int dst, int stride) {
        r0.intoArray(m, dst);
        r0.add(r1).intoArray(m, dst + 4 * stride);
        r0.sub(r1).intoArray(m, dst + 8 * stride);
        r1.neg().intoArray(m, dst + 12 * stride);
    }
}
