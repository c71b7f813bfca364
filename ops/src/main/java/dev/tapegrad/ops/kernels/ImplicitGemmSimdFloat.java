package dev.tapegrad.ops.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM's register tile ({@link SgemmSimd}, MR = 8 rows × NR = 2·L columns) with B read in place from an image
 * instead of from packed panels (implicit im2col): at step p, the tile's two B vectors are the L consecutive
 * elements at b[off[p] + s0] and at b[off[p] + s1], where off holds one offset per step and s0, s1 one per
 * vector of the tile. The convolution's unfolded matrix is then never written: the weight gradient reads the
 * channels of a channels-last image ({@link Im2colChannelsLastFloat}) at each output pixel's taps. Each C element is one fma chain over p = 0..k-1 from C
 * (or from 0), as in {@link SgemmBlockedSimd} with k in one block, so bit for bit the GEMM on the unfolded
 * matrix. Only where {@link #fits()}. {@link ImplicitGemmSimdDouble} is generated from this file for FLOAT64.
 */
final class ImplicitGemmSimdFloat {
    static final VectorSpecies<Float> S = SgemmSimd.S;
    static final int L = S.length();
    static final int MR = SgemmSimd.MR;
    static final int NR = SgemmSimd.NR;

    private static final float[] ZERO = new float[NR];

    /** Per-thread tile for edges (rows past m, a last vector past n). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[MR * NR]);

    private ImplicitGemmSimdFloat() {}

    /** Whether the register tile is 8 rows of two vectors (512-bit vectors: 32 registers). */
    static boolean fits() {
        return MR == 8 && NR == 2 * L;
    }

    /**
     * C (m×n at cOff, rows ldc apart) = (overwrite ? 0 : C) + A·B over k steps, A packed by {@link Gemm#sgemmPackA}
     * (panels of MR rows, step by step), B[p][j] = b[off[p] + src[j / L] + j % L]; n a multiple of L.
     */
    static void gemm(int m, int n, int k, float[] ap, float[] b, int[] off, int[] src, boolean overwrite, float[] c,
                     int cOff, int ldc) {
        for (int jr = 0; jr < n; jr += NR) {
            int nr = Math.min(NR, n - jr);
            int s0 = src[jr / L];
            int s1 = nr > L ? src[jr / L + 1] : s0;
            for (int ir = 0; ir < m; ir += MR) {
                tile(k, ap, ir * k, b, off, s0, s1, c, cOff + ir * ldc + jr, ldc, Math.min(MR, m - ir), nr,
                        overwrite);
            }
        }
    }

    /** One tile of {@link #gemm}: mr rows and nr columns at ci; edge tiles go through a per-thread scratch tile. */
    static void tile(int k, float[] ap, int ai, float[] b, int[] off, int s0, int s1, float[] c, int ci, int ldc,
                     int mr, int nr, boolean overwrite) {
        if (mr == MR && nr == NR) {
            kernel8(k, ap, ai, b, off, s0, s1, overwrite ? ZERO : c, overwrite ? 0 : ci, overwrite ? 0 : ldc, c, ci,
                    ldc);
            return;
        }
        float[] scratch = SCRATCH.get();
        Arrays.fill(scratch, 0f);
        for (int r = 0; r < mr && !overwrite; r++) {
            System.arraycopy(c, ci + r * ldc, scratch, r * NR, nr);
        }
        kernel8(k, ap, ai, b, off, s0, s1, scratch, 0, NR, scratch, 0, NR);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(scratch, r * NR, c, ci + r * ldc, nr);
        }
    }

    /**
     * Full 8×NR tile: dst = src + A panel · B over k steps, B's vectors at b[off[p] + s0] and b[off[p] + s1],
     * one fma chain per element starting from src (lds == 0 reads one row for all, e.g. a row of zeros).
     */
    static void kernel8(int k, float[] ap, int ai, float[] b, int[] off, int s0, int s1,
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
        for (int p = 0; p < k; p++) {
            int pa = ai + p * 8;
            int pb = off[p];
            FloatVector b0 = FloatVector.fromArray(S, b, pb + s0);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + s1);
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
