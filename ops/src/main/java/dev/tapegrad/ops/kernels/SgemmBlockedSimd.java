package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.SgemmSimd.MR;
import static dev.tapegrad.ops.kernels.SgemmSimd.NR;

/**
 * Single-threaded float GEMM with FloatVector, the blocked driver: B packed into KC×NR panels, A into MR×KC
 * panels (both zero-padded, {@link SgemmPackSimd}), and an MR×NR register tile of fma accumulators
 * ({@link SgemmSimd}). Every element of C is computed the same way whatever tile it falls in (one fma chain
 * over p = 0..k-1 starting from C, or from 0 when beta == 0), so results do not depend on how callers split
 * M or N, nor on packing. {@link DgemmBlockedSimd} is generated from this file for FLOAT64.
 */
final class SgemmBlockedSimd {

    /**
     * Cache blocks (measured on a 2-core AVX-512 EPYC with 48 KB L1d and 1 MB L2 per core): K is cut into
     * equal blocks of at most KC or KC_SMALL_C (see kcMax; k up to 768 in one pass, so C is read and written
     * once: for 128×8192×576 this was 20% faster than 256), M into equal blocks of at most MC rows (a multiple
     * of MR, so no block is a thin leftover that reloads every B panel for one row tile), N into blocks of NC
     * columns (a C block of m×NC stays in L2 between K blocks for conv-shaped m).
     */
    static final int KC = 768;
    static final int KC_SMALL_C = 256;
    /** Elements of a C block (m × min(n, NC)) that stay in L2 between K blocks. */
    static final int C_IN_L2 = 65536;
    static final int MC = 120;
    static final int NC = 1024;

    /** Per-thread buffers: [0] the packed A block, [1] the packed B block, [2] a scratch tile for edges. */
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(
            () -> new float[][] {new float[MC * KC], new float[NC * KC], new float[MR * NR]});

    private SgemmBlockedSimd() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /** Elements of op(A) (m×k) packed whole by {@link #packA(boolean, float[], int, int, int, int, float[])}. */
    static int packedSize(int m, int k) {
        return roundUp(m, MR) * k;
    }

    /**
     * Packs op(A) (m×k, k at most KC) whole into ap: the panels that {@link #gemm} packs block by block when k
     * fits one K block, so that callers multiplying one A by many B pack it once.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int m, int k, float[] ap) {
        if (k > KC) {
            throw new IllegalArgumentException("packed A deeper than one K block: k=" + k);
        }
        SgemmPackSimd.packA(transA, a, aOff, lda, 0, m, 0, k, ap);
    }

    /** {@link #gemm} with op(A) (m×k) packed by {@link #packA(boolean, float[], int, int, int, int, float[])}. */
    static void gemmPackedA(boolean transB, int m, int n, int k, float[] ap, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (k > KC) {
            throw new IllegalArgumentException("packed A deeper than one K block: k=" + k);
        }
        gemm(false, transB, m, n, k, null, 0, k, b, bOff, ldb, beta, c, cOff, ldc, ap);
    }

    /** {@link #gemm}, reading A from packedA (packed whole, one K block) instead of packing it when not null. */
    private static void gemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc, float[] packedA) {
        beta = applyBeta(m, n, k, beta, c, cOff, ldc);
        if (Float.isNaN(beta)) {
            return;
        }
        float[][] buffers = BUFFERS.get();
        float[] ap = buffers[0];
        float[] bp = buffers[1];
        float[] scratch = buffers[2];
        // When a B panel would serve a single row tile, packing it costs more than it saves: read B in place.
        boolean direct = !transB && m <= MR;
        int kcStep = blockSize(k, kcMax(m, n, k), 1);
        int mcStep = blockSize(m, MC, MR);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                boolean overwrite = beta == 0 && pc == 0;
                if (!direct) {
                    SgemmPackSimd.packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                }
                for (int ic = 0; ic < m; ic += mcStep) {
                    int mc = Math.min(mcStep, m - ic);
                    float[] as = ap;
                    int a0 = 0;
                    if (packedA == null) {
                        SgemmPackSimd.packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    } else {
                        as = packedA;
                        a0 = ic * kc;
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        float[] bs = bp;
                        int bi = jr * kc;
                        int ldbs = NR;
                        if (direct && nr == NR) {
                            bs = b;
                            bi = bOff + pc * ldb + jc + jr;
                            ldbs = ldb;
                        } else if (direct) {
                            SgemmPackSimd.packB(false, b, bOff, ldb, pc, kc, jc + jr, nr, bp);
                            bi = 0;
                        }
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            SgemmSimd.tile(kc, as, a0 + ir * kc, bs, bi, ldbs, c, ci, ldc, mr, nr, overwrite, scratch);
                        }
                    }
                }
            }
        }
    }

    /**
     * Applies beta to C where the tiles cannot (beta other than 0 and 1; beta 0 with k = 0) and returns the
     * beta the tiles still apply, 0 (overwrite) or 1 (accumulate), or NaN when no product is left to add.
     */
    private static float applyBeta(int m, int n, int k, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return Float.NaN;
        }
        if (beta != 0 && beta != 1) {
            scale(m, n, beta, c, cOff, ldc);
            beta = 1;
        }
        if (k == 0) {
            if (beta == 0) {
                scale(m, n, 0, c, cOff, ldc);
            }
            return Float.NaN;
        }
        return beta;
    }

    /**
     * C = beta*C + op(A)·B with B (k×n) supplied packed by the caller in panels of NR columns: panel j (columns
     * [j·NR, j·NR + NR)) starts at bp[bpOff + j·k·NR] and holds row p at + p·NR; columns past n in the last
     * panel are ignored. The same cache blocks and fma chains as {@link #gemm}, without packing B (callers
     * such as the convolution's weight gradient write the panels straight from their source).
     */
    static void gemmPanels(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                           float[] bp, int bpOff, float beta, float[] c, int cOff, int ldc) {
        beta = applyBeta(m, n, k, beta, c, cOff, ldc);
        if (Float.isNaN(beta)) {
            return;
        }
        float[][] buffers = BUFFERS.get();
        int kcStep = blockSize(k, kcMax(m, n, k), 1);
        int mcStep = blockSize(m, MC, MR);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                boolean overwrite = beta == 0 && pc == 0;
                for (int ic = 0; ic < m; ic += mcStep) {
                    int mc = Math.min(mcStep, m - ic);
                    SgemmPackSimd.packA(transA, a, aOff, lda, ic, mc, pc, kc, buffers[0]);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bi = bpOff + (jc + jr) / NR * k * NR + pc * NR;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            SgemmSimd.tile(kc, buffers[0], ir * kc, bp, bi, NR, c, ci, ldc, mr, nr, overwrite,
                                    buffers[2]);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #gemmPanels} with op(A) (m×k, k at most KC) packed by
     * {@link #packA(boolean, float[], int, int, int, int, float[])}: both operands packed by the caller (the
     * forward convolution's weight once, its unfolded image straight into panels). A loop of its own rather
     * than a branch in gemmPanels, which the weight gradient keeps to itself.
     */
    static void gemmPanelsPackedA(int m, int n, int k, float[] ap, float[] bp, int bpOff, float beta, float[] c,
                                  int cOff, int ldc) {
        if (k > KC) {
            throw new IllegalArgumentException("packed A deeper than one K block: k=" + k);
        }
        beta = applyBeta(m, n, k, beta, c, cOff, ldc);
        if (Float.isNaN(beta)) {
            return;
        }
        float[] scratch = BUFFERS.get()[2];
        boolean overwrite = beta == 0;
        int mcStep = blockSize(m, MC, MR);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int ic = 0; ic < m; ic += mcStep) {
                int mc = Math.min(mcStep, m - ic);
                for (int jr = 0; jr < nc; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    int bi = bpOff + (jc + jr) / NR * k * NR;
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int ci = cOff + (ic + ir) * ldc + jc + jr;
                        SgemmSimd.tile(k, ap, (ic + ir) * k, bp, bi, NR, c, ci, ldc, mr, nr, overwrite, scratch);
                    }
                }
            }
        }
    }

    /** C = beta * C over an m×n block (beta == 0 writes zeros, ignoring NaN). */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0 ? 0f : beta * c[ci + j];
            }
        }
    }

    /**
     * KC when k fits in one block or when the C block is too big for L2 (each K block then costs a pass over
     * C in memory), else the smaller KC_SMALL_C, whose B panels stay in L1 (better for small C and long k).
     */
    private static int kcMax(int m, int n, int k) {
        return k <= KC || (long) m * Math.min(n, NC) > C_IN_L2 ? KC : KC_SMALL_C;
    }

    /** The size of equal blocks (rounded up to a multiple) that cut size >= 1 into ceil(size / max) blocks. */
    static int blockSize(int size, int max, int multiple) {
        int blocks = Math.max(1, (size + max - 1) / max);
        return roundUp((size + blocks - 1) / blocks, multiple);
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
