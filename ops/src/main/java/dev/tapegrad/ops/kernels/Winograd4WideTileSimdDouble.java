// GENERATED from Winograd4WideTileSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 6 × 4L register tile of the channels-last F(4×4, 3×3) products ({@link Winograd4ForwardSimdDouble#products},
 * {@link Winograd4WeightSimdDouble#products}) for the columns that come in whole blocks of four vectors: 24
 * accumulators take six broadcasts and four vector loads per step where the 8 × 2L tile takes eight and two, so
 * the fma units wait less for the loads (one thread, 36 products of 256 tiles, 64→128 and 128→64 channels: 173-175
 * GFLOP/s with 8 × 2L, 199-205 with this tile). Only with 32 vector registers or more (512-bit vectors on x86): with
 * 16 the 29 live vectors would spill. Each element is one fma chain over p = 0 .. len - 1 from zero, as in the
 * 8 × 2L tiles, so the results are bit for bit theirs. FLOAT64; Generated from {@link Winograd4WideTileSimdFloat}: edit that file, not this one. Loads jdk.incubator.vector: only reached from those two classes.
 */
final class Winograd4WideTileSimdDouble {
    private Winograd4WideTileSimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Rows of the tile. */
    static final int ROWS = 6;

    /** Columns of the tile: four vectors. */
    static final int COLUMNS = 4 * L;

    /** Whether the tile fits the registers: vectors of 512 bits (AVX-512's 32 registers). */
    static final boolean FITS = S.vectorBitSize() >= 512;

    /**
     * Columns [0, columns - columns % {@link #COLUMNS}) of c[ci + i·ldc + q] = Σ_p a[ai + i·ar + p·ap] ·
     * b[bi + p·ldb + q] for rows i < n, whole tiles of {@link #ROWS} rows, the last rows one at a time (the forward's
     * a is a row-major V[k], ar = lda, ap = 1; the weight gradient's a is M[k] read transposed, ar = 1, ap = lda).
     * Returns the first column left to the caller's tiles.
     */
    static int product(int n, int columns, int len, double[] a, int ai, int ar, int ap, double[] b, int bi, int ldb,
            double[] c, int ci, int ldc) {
        int end = FITS ? columns - columns % COLUMNS : 0;
        int full = n - n % ROWS;
        for (int q = 0; q < end; q += COLUMNS) {
            for (int i = 0; i < full; i += ROWS) {
                tile(len, a, ai + i * ar, ar, ap, b, bi + q, ldb, c, ci + i * ldc + q, ldc);
            }
            for (int i = full; i < n; i++) {
                row(len, a, ai + i * ar, ap, b, bi + q, ldb, c, ci + i * ldc + q);
            }
        }
        return end;
    }

    /** c[ci + i·ldc + q] = Σ_p a[ai + i·ar + p·ap] · b[bi + p·ldb + q] for i < 6, q < 4L: chains from zero. */
    private static void tile(int len, double[] a, int ai, int ar, int ap, double[] b, int bi, int ldb, double[] c,
            int ci, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        DoubleVector c23 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c32 = c00;
        DoubleVector c33 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c42 = c00;
        DoubleVector c43 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        DoubleVector c52 = c00;
        DoubleVector c53 = c00;
        for (int p = 0; p < len; p++) {
            int pa = ai + p * ap;
            int pb = bi + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(S, b, pb);
            DoubleVector b1 = DoubleVector.fromArray(S, b, pb + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, pb + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, pb + 3 * L);
            DoubleVector av = DoubleVector.broadcast(S, a[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            c02 = b2.fma(av, c02);
            c03 = b3.fma(av, c03);
            av = DoubleVector.broadcast(S, a[pa + ar]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            c12 = b2.fma(av, c12);
            c13 = b3.fma(av, c13);
            av = DoubleVector.broadcast(S, a[pa + 2 * ar]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            c22 = b2.fma(av, c22);
            c23 = b3.fma(av, c23);
            av = DoubleVector.broadcast(S, a[pa + 3 * ar]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            c32 = b2.fma(av, c32);
            c33 = b3.fma(av, c33);
            av = DoubleVector.broadcast(S, a[pa + 4 * ar]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            c42 = b2.fma(av, c42);
            c43 = b3.fma(av, c43);
            av = DoubleVector.broadcast(S, a[pa + 5 * ar]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
            c52 = b2.fma(av, c52);
            c53 = b3.fma(av, c53);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c12.intoArray(c, ci + ldc + 2 * L);
        c13.intoArray(c, ci + ldc + 3 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c23.intoArray(c, ci + 2 * ldc + 3 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c32.intoArray(c, ci + 3 * ldc + 2 * L);
        c33.intoArray(c, ci + 3 * ldc + 3 * L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c42.intoArray(c, ci + 4 * ldc + 2 * L);
        c43.intoArray(c, ci + 4 * ldc + 3 * L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c52.intoArray(c, ci + 5 * ldc + 2 * L);
        c53.intoArray(c, ci + 5 * ldc + 3 * L);
    }

    /** One row of {@link #tile}: c[ci + q] = Σ_p a[ai + p·ap] · b[bi + p·ldb + q] for q < 4L. */
    private static void row(int len, double[] a, int ai, int ap, double[] b, int bi, int ldb, double[] c, int ci) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        for (int p = 0; p < len; p++) {
            int pb = bi + p * ldb;
            DoubleVector av = DoubleVector.broadcast(S, a[ai + p * ap]);
            c0 = DoubleVector.fromArray(S, b, pb).fma(av, c0);
            c1 = DoubleVector.fromArray(S, b, pb + L).fma(av, c1);
            c2 = DoubleVector.fromArray(S, b, pb + 2 * L).fma(av, c2);
            c3 = DoubleVector.fromArray(S, b, pb + 3 * L).fma(av, c3);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
        c2.intoArray(c, ci + 2 * L);
        c3.intoArray(c, ci + 3 * L);
    }
}
