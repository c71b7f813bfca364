// GENERATED from SgemmSimd.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-threaded double GEMM with DoubleVector: B packed into KC×NR panels, A into MR×KC panels (both
 * zero-padded), and an MR×NR register tile of fma accumulators. Every element of C is computed the same
 * way whatever tile it falls in (one fma chain over p = 0..k-1 starting from C, or from 0 when beta == 0),
 * so results do not depend on how callers split M or N, nor on packing.
 */
final class DgemmSimd {

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register tile: 8 (16 accumulators) with 32 vector registers (512-bit vectors), else 6 (12). */
    static final int MR = S.vectorBitSize() >= 512 ? 8 : 6;
    static final int NR = 2 * L;
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
    private static final ThreadLocal<double[][]> BUFFERS = ThreadLocal.withInitial(
            () -> new double[][] {new double[MC * KC], new double[NC * KC], new double[MR * NR]});

    /**
     * Whether packing moves 8×8 blocks with the in-register transpose of {@link TransposeDoubleSimd} (a copy, so
     * bit for bit the scalar loops): the 8-row A panels (MR == 8) of a row-major A and the 8-column groups of a
     * transposed B. Measured on one thread: 1024³ 11.2-11.7 -> 10.7-11.2 ms, 512³ with B transposed 1.54 -> 1.45 ms.
     */
    static final boolean TRANSPOSE8 = MR == TransposeDoubleSimd.B && TransposeDoubleSimd.FITS;

    /** A row of zeros that full tiles start from when C's old contents are ignored. */
    private static final double[] ZERO = new double[NR];

    private DgemmSimd() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /** Elements of op(A) (m×k) packed whole by {@link #packA(boolean, double[], int, int, int, int, double[])}. */
    static int packedSize(int m, int k) {
        return roundUp(m, MR) * k;
    }

    /**
     * Packs op(A) (m×k, k at most KC) whole into ap: the panels that {@link #gemm} packs block by block when k
     * fits one K block, so that callers multiplying one A by many B pack it once.
     */
    static void packA(boolean transA, double[] a, int aOff, int lda, int m, int k, double[] ap) {
        if (k > KC) {
            throw new IllegalArgumentException("packed A deeper than one K block: k=" + k);
        }
        packA(transA, a, aOff, lda, 0, m, 0, k, ap);
    }

    /** {@link #gemm} with op(A) (m×k) packed by {@link #packA(boolean, double[], int, int, int, int, double[])}. */
    static void gemmPackedA(boolean transB, int m, int n, int k, double[] ap, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        if (k > KC) {
            throw new IllegalArgumentException("packed A deeper than one K block: k=" + k);
        }
        gemm(false, transB, m, n, k, null, 0, k, b, bOff, ldb, beta, c, cOff, ldc, ap);
    }

    /** {@link #gemm}, reading A from packedA (packed whole, one K block) instead of packing it when not null. */
    private static void gemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc, double[] packedA) {
        beta = applyBeta(m, n, k, beta, c, cOff, ldc);
        if (Double.isNaN(beta)) {
            return;
        }
        double[][] buffers = BUFFERS.get();
        double[] ap = buffers[0];
        double[] bp = buffers[1];
        double[] scratch = buffers[2];
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
                    packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                }
                for (int ic = 0; ic < m; ic += mcStep) {
                    int mc = Math.min(mcStep, m - ic);
                    double[] as = ap;
                    int a0 = 0;
                    if (packedA == null) {
                        packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    } else {
                        as = packedA;
                        a0 = ic * kc;
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        double[] bs = bp;
                        int bi = jr * kc;
                        int ldbs = NR;
                        if (direct && nr == NR) {
                            bs = b;
                            bi = bOff + pc * ldb + jc + jr;
                            ldbs = ldb;
                        } else if (direct) {
                            packB(false, b, bOff, ldb, pc, kc, jc + jr, nr, bp);
                            bi = 0;
                        }
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            tile(kc, as, a0 + ir * kc, bs, bi, ldbs, c, ci, ldc, mr, nr, overwrite, scratch);
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
    private static double applyBeta(int m, int n, int k, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return Double.NaN;
        }
        if (beta != 0 && beta != 1) {
            scale(m, n, beta, c, cOff, ldc);
            beta = 1;
        }
        if (k == 0) {
            if (beta == 0) {
                scale(m, n, 0, c, cOff, ldc);
            }
            return Double.NaN;
        }
        return beta;
    }

    /**
     * C = beta*C + op(A)·B with B (k×n) supplied packed by the caller in panels of NR columns: panel j (columns
     * [j·NR, j·NR + NR)) starts at bp[bpOff + j·k·NR] and holds row p at + p·NR; columns past n in the last
     * panel are ignored. The same cache blocks and fma chains as {@link #gemm}, without packing B (callers
     * such as the convolution's weight gradient write the panels straight from their source).
     */
    static void gemmPanels(boolean transA, int m, int n, int k, double[] a, int aOff, int lda,
                           double[] bp, int bpOff, double beta, double[] c, int cOff, int ldc) {
        beta = applyBeta(m, n, k, beta, c, cOff, ldc);
        if (Double.isNaN(beta)) {
            return;
        }
        double[][] buffers = BUFFERS.get();
        int kcStep = blockSize(k, kcMax(m, n, k), 1);
        int mcStep = blockSize(m, MC, MR);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                boolean overwrite = beta == 0 && pc == 0;
                for (int ic = 0; ic < m; ic += mcStep) {
                    int mc = Math.min(mcStep, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, buffers[0]);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bi = bpOff + (jc + jr) / NR * k * NR + pc * NR;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            tile(kc, buffers[0], ir * kc, bp, bi, NR, c, ci, ldc, mr, nr, overwrite, buffers[2]);
                        }
                    }
                }
            }
        }
    }

    /** Packs op(B)[pc:pc+kc, jc:jc+nc] into panels of NR columns, [panel][p][col], zero-padded. */
    private static void packB(boolean transB, double[] b, int bOff, int ldb,
                              int pc, int kc, int jc, int nc, double[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = jr * kc;
            if (!transB && nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    DoubleVector.fromArray(S, b, src).intoArray(bp, dst);
                    DoubleVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    dst += NR;
                }
            } else if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    for (int col = 0; col < NR; col++) {
                        bp[dst + col] = col < nr ? b[src + col] : 0.0;
                    }
                    dst += NR;
                }
            } else if (nr == NR && NR % 8 == 0) {
                // Eight columns at a time: eight read streams, each step writes eight adjacent values (panels of
                // 4 columns, FLOAT64 with 128-bit vectors, take the general loop below).
                for (int col = 0; col < NR; col += 8) {
                    int src = bOff + (jc + jr + col) * ldb + pc;
                    int p = 0;
                    if (TRANSPOSE8) {
                        for (; p + TransposeDoubleSimd.B <= kc; p += TransposeDoubleSimd.B) {
                            TransposeDoubleSimd.block(b, src + p, ldb, bp, dst + p * NR + col, NR);
                        }
                    }
                    for (; p < kc; p++) {
                        int d = dst + p * NR + col;
                        for (int q = 0; q < 8; q++) {
                            bp[d + q] = b[src + q * ldb + p];
                        }
                    }
                }
            } else {
                for (int col = 0; col < NR; col++) {
                    int src = bOff + (jc + jr + col) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * NR + col] = col < nr ? b[src + p] : 0.0;
                    }
                }
            }
        }
    }

    /** Packs op(A)[ic:ic+mc, pc:pc+kc] into panels of MR rows, [panel][p][row], zero-padded. */
    private static void packA(boolean transA, double[] a, int aOff, int lda,
                              int ic, int mc, int pc, int kc, double[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            if (mr == MR && transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + ir;
                    for (int r = 0; r < MR; r++) {
                        ap[dst + r] = a[src + r];
                    }
                    dst += MR;
                }
            } else if (mr == MR) {
                int src = aOff + (ic + ir) * lda + pc;
                int p = 0;
                if (TRANSPOSE8) {
                    // MR rows of eight k steps at a time, transposed in registers to eight k steps of MR rows
                    for (; p + TransposeDoubleSimd.B <= kc; p += TransposeDoubleSimd.B) {
                        TransposeDoubleSimd.block(a, src + p, lda, ap, dst + p * MR, MR);
                    }
                }
                for (; p < kc; p++) {
                    for (int r = 0; r < MR; r++) {
                        ap[dst + p * MR + r] = a[src + r * lda + p];
                    }
                }
            } else if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + ir;
                    for (int r = 0; r < MR; r++) {
                        ap[dst + p * MR + r] = r < mr ? a[src + r] : 0.0;
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * MR + r] = r < mr ? a[src + p] : 0.0;
                    }
                }
            }
        }
    }

    /**
     * C tile (mr×nr at ci) = (overwrite ? 0 : C) + A panel · B panel over kc steps. Edge tiles go through a
     * per-thread scratch tile, so that the register kernel only does full-width loads and stores.
     */
    private static void tile(int kc, double[] ap, int ai, double[] bp, int bi, int ldbp,
                             double[] c, int ci, int ldc, int mr, int nr, boolean overwrite, double[] scratch) {
        if (mr == MR && nr == NR) {
            double[] src = overwrite ? ZERO : c;
            if (MR == 8 && ldbp == NR) {
                kernel8Packed(kc, ap, ai, bp, bi, src, overwrite ? 0 : ci, overwrite ? 0 : ldc, c, ci, ldc);
            } else if (MR == 8) {
                kernel8(kc, ap, ai, bp, bi, ldbp, src, overwrite ? 0 : ci, overwrite ? 0 : ldc, c, ci, ldc);
            } else {
                kernel(kc, ap, ai, bp, bi, ldbp, src, overwrite ? 0 : ci, overwrite ? 0 : ldc, c, ci, ldc);
            }
            return;
        }
        Arrays.fill(scratch, 0.0);
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
    static void kernel(int kc, double[] ap, int ai, double[] bp, int bi, int ldbp,
                       double[] src, int si, int lds, double[] dst, int di, int ldd) {
        DoubleVector c00 = DoubleVector.fromArray(S, src, si);
        DoubleVector c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + lds);
        DoubleVector c11 = DoubleVector.fromArray(S, src, si + lds + L);
        DoubleVector c20 = DoubleVector.fromArray(S, src, si + 2 * lds);
        DoubleVector c21 = DoubleVector.fromArray(S, src, si + 2 * lds + L);
        DoubleVector c30 = DoubleVector.fromArray(S, src, si + 3 * lds);
        DoubleVector c31 = DoubleVector.fromArray(S, src, si + 3 * lds + L);
        DoubleVector c40 = DoubleVector.fromArray(S, src, si + 4 * lds);
        DoubleVector c41 = DoubleVector.fromArray(S, src, si + 4 * lds + L);
        DoubleVector c50 = DoubleVector.fromArray(S, src, si + 5 * lds);
        DoubleVector c51 = DoubleVector.fromArray(S, src, si + 5 * lds + L);
        for (int p = 0; p < kc; p++) {
            int pa = ai + p * MR;
            int pb = bi + p * ldbp;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, pb);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, pb + L);
            DoubleVector av = DoubleVector.broadcast(S, ap[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = DoubleVector.broadcast(S, ap[pa + 1]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = DoubleVector.broadcast(S, ap[pa + 2]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = DoubleVector.broadcast(S, ap[pa + 3]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = DoubleVector.broadcast(S, ap[pa + 4]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = DoubleVector.broadcast(S, ap[pa + 5]);
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
    static void kernel8(int kc, double[] ap, int ai, double[] bp, int bi, int ldbp,
                        double[] src, int si, int lds, double[] dst, int di, int ldd) {
        DoubleVector c00 = DoubleVector.fromArray(S, src, si);
        DoubleVector c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + lds);
        DoubleVector c11 = DoubleVector.fromArray(S, src, si + lds + L);
        DoubleVector c20 = DoubleVector.fromArray(S, src, si + 2 * lds);
        DoubleVector c21 = DoubleVector.fromArray(S, src, si + 2 * lds + L);
        DoubleVector c30 = DoubleVector.fromArray(S, src, si + 3 * lds);
        DoubleVector c31 = DoubleVector.fromArray(S, src, si + 3 * lds + L);
        DoubleVector c40 = DoubleVector.fromArray(S, src, si + 4 * lds);
        DoubleVector c41 = DoubleVector.fromArray(S, src, si + 4 * lds + L);
        DoubleVector c50 = DoubleVector.fromArray(S, src, si + 5 * lds);
        DoubleVector c51 = DoubleVector.fromArray(S, src, si + 5 * lds + L);
        DoubleVector c60 = DoubleVector.fromArray(S, src, si + 6 * lds);
        DoubleVector c61 = DoubleVector.fromArray(S, src, si + 6 * lds + L);
        DoubleVector c70 = DoubleVector.fromArray(S, src, si + 7 * lds);
        DoubleVector c71 = DoubleVector.fromArray(S, src, si + 7 * lds + L);
        for (int p = 0; p < kc; p++) {
            int pa = ai + p * 8;
            int pb = bi + p * ldbp;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, pb);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, pb + L);
            DoubleVector av = DoubleVector.broadcast(S, ap[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = DoubleVector.broadcast(S, ap[pa + 1]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = DoubleVector.broadcast(S, ap[pa + 2]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = DoubleVector.broadcast(S, ap[pa + 3]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = DoubleVector.broadcast(S, ap[pa + 4]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = DoubleVector.broadcast(S, ap[pa + 5]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
            av = DoubleVector.broadcast(S, ap[pa + 6]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = DoubleVector.broadcast(S, ap[pa + 7]);
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
    static void kernel8Packed(int kc, double[] ap, int ai, double[] bp, int bi,
                        double[] src, int si, int lds, double[] dst, int di, int ldd) {
        DoubleVector c00 = DoubleVector.fromArray(S, src, si);
        DoubleVector c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + lds);
        DoubleVector c11 = DoubleVector.fromArray(S, src, si + lds + L);
        DoubleVector c20 = DoubleVector.fromArray(S, src, si + 2 * lds);
        DoubleVector c21 = DoubleVector.fromArray(S, src, si + 2 * lds + L);
        DoubleVector c30 = DoubleVector.fromArray(S, src, si + 3 * lds);
        DoubleVector c31 = DoubleVector.fromArray(S, src, si + 3 * lds + L);
        DoubleVector c40 = DoubleVector.fromArray(S, src, si + 4 * lds);
        DoubleVector c41 = DoubleVector.fromArray(S, src, si + 4 * lds + L);
        DoubleVector c50 = DoubleVector.fromArray(S, src, si + 5 * lds);
        DoubleVector c51 = DoubleVector.fromArray(S, src, si + 5 * lds + L);
        DoubleVector c60 = DoubleVector.fromArray(S, src, si + 6 * lds);
        DoubleVector c61 = DoubleVector.fromArray(S, src, si + 6 * lds + L);
        DoubleVector c70 = DoubleVector.fromArray(S, src, si + 7 * lds);
        DoubleVector c71 = DoubleVector.fromArray(S, src, si + 7 * lds + L);
        for (int p = 0; p < kc; p++) {
            int pa = ai + p * 8;
            int pb = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, pb);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, pb + L);
            DoubleVector av = DoubleVector.broadcast(S, ap[pa]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = DoubleVector.broadcast(S, ap[pa + 1]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = DoubleVector.broadcast(S, ap[pa + 2]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = DoubleVector.broadcast(S, ap[pa + 3]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = DoubleVector.broadcast(S, ap[pa + 4]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = DoubleVector.broadcast(S, ap[pa + 5]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
            av = DoubleVector.broadcast(S, ap[pa + 6]);
            c60 = b0.fma(av, c60);
            c61 = b1.fma(av, c61);
            av = DoubleVector.broadcast(S, ap[pa + 7]);
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

    /** C = beta * C over an m×n block (beta == 0 writes zeros, ignoring NaN). */
    static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0 ? 0.0 : beta * c[ci + j];
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
