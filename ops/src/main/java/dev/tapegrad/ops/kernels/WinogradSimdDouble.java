// GENERATED from WinogradSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API tile transforms of {@link WinogradDouble}: the input transform over one vector of tiles side by side
 * in a row of tiles (lane l is tile b + l), the same adds and subtracts in the same order as the scalar
 * {@link WinogradDouble#inputTile}, so the results are bit for bit the scalar ones. FLOAT64;
 * Generated from {@link WinogradSimdFloat}: edit that file, not this one. Loads jdk.incubator.vector: only reached
 * when {@link WinogradDouble#SIMD} is true.
 */
final class WinogradSimdDouble {
    private WinogradSimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int N = S.length();

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
}
