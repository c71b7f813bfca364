package dev.tapegrad.ops.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of the float GEMM ({@link SgemmBlockedSimd}): an MR×NR block of C held in 2·MR FloatVector
 * accumulators while one fma chain per element runs over the k steps of a packed A panel (MR rows) and a B
 * panel (NR columns). {@link #tile} computes one tile, full or at an edge; the kernels are the register loops
 * (also called directly by the Winograd weight gradient). Packing is in {@link SgemmPackSimd}.
 * {@link DgemmSimd} is generated from this file for FLOAT64.
 */
final class SgemmSimd {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register tile: 8 (16 accumulators) with 32 vector registers (512-bit vectors), else 6 (12). */
    static final int MR = S.vectorBitSize() >= 512 ? 8 : 6;
    static final int NR = 2 * L;

    /** A row of zeros that full tiles start from when C's old contents are ignored. */
    private static final float[] ZERO = new float[NR];

    private SgemmSimd() {}

    /**
     * C tile (mr×nr at ci) = (overwrite ? 0 : C) + A panel · B panel over kc steps. Edge tiles go through a
     * per-thread scratch tile, so that the register kernel only does full-width loads and stores.
     */
    static void tile(int kc, float[] ap, int ai, float[] bp, int bi, int ldbp,
                             float[] c, int ci, int ldc, int mr, int nr, boolean overwrite, float[] scratch) {
        if (mr == MR && nr == NR) {
            float[] src = overwrite ? ZERO : c;
            if (MR == 8 && ldbp == NR) {
                kernel8Packed(kc, ap, ai, bp, bi, src, overwrite ? 0 : ci, overwrite ? 0 : ldc, c, ci, ldc);
            } else if (MR == 8) {
                kernel8(kc, ap, ai, bp, bi, ldbp, src, overwrite ? 0 : ci, overwrite ? 0 : ldc, c, ci, ldc);
            } else {
                kernel(kc, ap, ai, bp, bi, ldbp, src, overwrite ? 0 : ci, overwrite ? 0 : ldc, c, ci, ldc);
            }
            return;
        }
        Arrays.fill(scratch, 0f);
        for (int r = 0; r < mr && !overwrite; r++) {
            System.arraycopy(c, ci + r * ldc, scratch, r * NR, nr);
        }
        if (MR == 8 && ldbp == NR) {
            kernel8Packed(kc, ap, ai, bp, bi, scratch, 0, NR, scratch, 0, NR);
        } else if (MR == 8) {
            kernel8(kc, ap, ai, bp, bi, ldbp, scratch, 0, NR, scratch, 0, NR);
        } else {
            kernel(kc, ap, ai, bp, bi, ldbp, scratch, 0, NR, scratch, 0, NR);
        }
        for (int r = 0; r < mr; r++) {
            System.arraycopy(scratch, r * NR, c, ci + r * ldc, nr);
        }
    }

    /**
     * Full MR×NR tile: dst = src + A panel · B panel over kc steps (B rows ldbp apart), as one fma chain
     * per element starting from src (lds == 0 reads one row for all, e.g. a row of zeros).
     */
    static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, int ldbp,
                       float[] src, int si, int lds, float[] dst, int di, int ldd) {
        FloatVector c00 = FloatVector.fromArray(S, src, si);
        FloatVector c01 = FloatVector.fromArray(S, src, si + L);
        FloatVector c10 = FloatVector.fromArray(S, src, si + lds);
        FloatVector c11 = FloatVector.fromArray(S, src, si + lds + L);
        FloatVector c20 = FloatVector.fromArray(S, src, si + 2 * lds);
        FloatVector c21 = FloatVector.fromArray(S, src, si + 2 * lds + L);
        FloatVector c30 = FloatVector.fromArray(S, src, si + 3 * lds);
        FloatVector c31 = FloatVector.fromArray(S, src, si + 3 * lds + L);
        FloatVector c40 = FloatVector.fromArray(S, src, si + 4 * lds);
        FloatVector c41 = FloatVector.fromArray(S, src, si + 4 * lds + L);
        FloatVector c50 = FloatVector.fromArray(S, src, si + 5 * lds);
        FloatVector c51 = FloatVector.fromArray(S, src, si + 5 * lds + L);
        for (int p = 0; p < kc; p++) {
            int pa = ai + p * MR;
            int pb = bi + p * ldbp;
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + L);
            FloatVector av = FloatVector.broadcast(S, ap[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, ap[pa + 1]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, ap[pa + 2]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, ap[pa + 3]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, ap[pa + 4]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, ap[pa + 5]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
        }
        c00.intoArray(dst, di);
        c01.intoArray(dst, di + L);
        c10.intoArray(dst, di + ldd);
        c11.intoArray(dst, di + ldd + L);
        c20.intoArray(dst, di + 2 * ldd);
        c21.intoArray(dst, di + 2 * ldd + L);
        c30.intoArray(dst, di + 3 * ldd);
        c31.intoArray(dst, di + 3 * ldd + L);
        c40.intoArray(dst, di + 4 * ldd);
        c41.intoArray(dst, di + 4 * ldd + L);
        c50.intoArray(dst, di + 5 * ldd);
        c51.intoArray(dst, di + 5 * ldd + L);
    }

    /** {@link #kernel} with 8 rows (MR == 8): 16 accumulators, for machines with 32 vector registers. */
    static void kernel8(int kc, float[] ap, int ai, float[] bp, int bi, int ldbp,
                        float[] src, int si, int lds, float[] dst, int di, int ldd) {
        FloatVector c00 = FloatVector.fromArray(S, src, si);
        FloatVector c01 = FloatVector.fromArray(S, src, si + L);
        FloatVector c10 = FloatVector.fromArray(S, src, si + lds);
        FloatVector c11 = FloatVector.fromArray(S, src, si + lds + L);
        FloatVector c20 = FloatVector.fromArray(S, src, si + 2 * lds);
        FloatVector c21 = FloatVector.fromArray(S, src, si + 2 * lds + L);
        FloatVector c30 = FloatVector.fromArray(S, src, si + 3 * lds);
        FloatVector c31 = FloatVector.fromArray(S, src, si + 3 * lds + L);
        FloatVector c40 = FloatVector.fromArray(S, src, si + 4 * lds);
        FloatVector c41 = FloatVector.fromArray(S, src, si + 4 * lds + L);
        FloatVector c50 = FloatVector.fromArray(S, src, si + 5 * lds);
        FloatVector c51 = FloatVector.fromArray(S, src, si + 5 * lds + L);
        FloatVector c60 = FloatVector.fromArray(S, src, si + 6 * lds);
        FloatVector c61 = FloatVector.fromArray(S, src, si + 6 * lds + L);
        FloatVector c70 = FloatVector.fromArray(S, src, si + 7 * lds);
        FloatVector c71 = FloatVector.fromArray(S, src, si + 7 * lds + L);
        for (int p = 0; p < kc; p++) {
            int pa = ai + p * 8;
            int pb = bi + p * ldbp;
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + L);
            FloatVector av = FloatVector.broadcast(S, ap[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, ap[pa + 1]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, ap[pa + 2]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, ap[pa + 3]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, ap[pa + 4]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, ap[pa + 5]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
            av = FloatVector.broadcast(S, ap[pa + 6]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = FloatVector.broadcast(S, ap[pa + 7]);
            c70 = b0.fma(av, c70);
            c71 = b1.fma(av, c71);
        }
        c00.intoArray(dst, di);
        c01.intoArray(dst, di + L);
        c10.intoArray(dst, di + ldd);
        c11.intoArray(dst, di + ldd + L);
        c20.intoArray(dst, di + 2 * ldd);
        c21.intoArray(dst, di + 2 * ldd + L);
        c30.intoArray(dst, di + 3 * ldd);
        c31.intoArray(dst, di + 3 * ldd + L);
        c40.intoArray(dst, di + 4 * ldd);
        c41.intoArray(dst, di + 4 * ldd + L);
        c50.intoArray(dst, di + 5 * ldd);
        c51.intoArray(dst, di + 5 * ldd + L);
        c60.intoArray(dst, di + 6 * ldd);
        c61.intoArray(dst, di + 6 * ldd + L);
        c70.intoArray(dst, di + 7 * ldd);
        c71.intoArray(dst, di + 7 * ldd + L);
    }

    /**
     * {@link #kernel8} on packed B (rows NR apart): with constant strides the JIT removes the per-load bounds
     * checks from the loop.
     */
    static void kernel8Packed(int kc, float[] ap, int ai, float[] bp, int bi,
                        float[] src, int si, int lds, float[] dst, int di, int ldd) {
        FloatVector c00 = FloatVector.fromArray(S, src, si);
        FloatVector c01 = FloatVector.fromArray(S, src, si + L);
        FloatVector c10 = FloatVector.fromArray(S, src, si + lds);
        FloatVector c11 = FloatVector.fromArray(S, src, si + lds + L);
        FloatVector c20 = FloatVector.fromArray(S, src, si + 2 * lds);
        FloatVector c21 = FloatVector.fromArray(S, src, si + 2 * lds + L);
        FloatVector c30 = FloatVector.fromArray(S, src, si + 3 * lds);
        FloatVector c31 = FloatVector.fromArray(S, src, si + 3 * lds + L);
        FloatVector c40 = FloatVector.fromArray(S, src, si + 4 * lds);
        FloatVector c41 = FloatVector.fromArray(S, src, si + 4 * lds + L);
        FloatVector c50 = FloatVector.fromArray(S, src, si + 5 * lds);
        FloatVector c51 = FloatVector.fromArray(S, src, si + 5 * lds + L);
        FloatVector c60 = FloatVector.fromArray(S, src, si + 6 * lds);
        FloatVector c61 = FloatVector.fromArray(S, src, si + 6 * lds + L);
        FloatVector c70 = FloatVector.fromArray(S, src, si + 7 * lds);
        FloatVector c71 = FloatVector.fromArray(S, src, si + 7 * lds + L);
        for (int p = 0; p < kc; p++) {
            int pa = ai + p * 8;
            int pb = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + L);
            FloatVector av = FloatVector.broadcast(S, ap[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, ap[pa + 1]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, ap[pa + 2]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, ap[pa + 3]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, ap[pa + 4]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, ap[pa + 5]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
            av = FloatVector.broadcast(S, ap[pa + 6]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = FloatVector.broadcast(S, ap[pa + 7]);
            c70 = b0.fma(av, c70);
            c71 = b1.fma(av, c71);
        }
        c00.intoArray(dst, di);
        c01.intoArray(dst, di + L);
        c10.intoArray(dst, di + ldd);
        c11.intoArray(dst, di + ldd + L);
        c20.intoArray(dst, di + 2 * ldd);
        c21.intoArray(dst, di + 2 * ldd + L);
        c30.intoArray(dst, di + 3 * ldd);
        c31.intoArray(dst, di + 3 * ldd + L);
        c40.intoArray(dst, di + 4 * ldd);
        c41.intoArray(dst, di + 4 * ldd + L);
        c50.intoArray(dst, di + 5 * ldd);
        c51.intoArray(dst, di + 5 * ldd + L);
        c60.intoArray(dst, di + 6 * ldd);
        c61.intoArray(dst, di + 6 * ldd + L);
        c70.intoArray(dst, di + 7 * ldd);
        c71.intoArray(dst, di + 7 * ldd + L);
    }
}
