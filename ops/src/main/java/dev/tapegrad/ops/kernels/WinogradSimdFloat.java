package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API tile transforms of {@link WinogradFloat}: the input transform over one vector of tiles side by side
 * in a row of tiles (lane l is tile b + l), the same adds and subtracts in the same order as the scalar
 * {@link WinogradFloat#inputTile}, so the results are bit for bit the scalar ones. FLOAT32;
 * {@link WinogradSimdDouble} is generated from this file for FLOAT64. Loads jdk.incubator.vector: only reached
 * when {@link WinogradFloat#SIMD} is true.
 */
final class WinogradSimdFloat {
    private WinogradSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int N = S.length();

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
}
