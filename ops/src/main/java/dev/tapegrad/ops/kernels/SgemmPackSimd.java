package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.SgemmSimd.L;
import static dev.tapegrad.ops.kernels.SgemmSimd.MR;
import static dev.tapegrad.ops.kernels.SgemmSimd.NR;
import static dev.tapegrad.ops.kernels.SgemmSimd.S;

import jdk.incubator.vector.FloatVector;

/**
 * Packing for the float GEMM ({@link SgemmBlockedSimd}): a block of op(A) into panels of MR rows and a block of
 * op(B) into panels of NR columns, each panel laid out k step by k step and zero-padded, in the order that the
 * register tile ({@link SgemmSimd}) reads them. A copy, so bit for bit whatever the layout of A and B.
 * {@link DgemmPackSimd} is generated from this file for FLOAT64.
 */
final class SgemmPackSimd {

    /**
     * Whether packing moves 8×8 blocks with the in-register transpose of {@link TransposeFloatSimd} (a copy, so
     * bit for bit the scalar loops): the 8-row A panels (MR == 8) of a row-major A and the 8-column groups of a
     * transposed B. Measured on one thread: 1024³ 11.2-11.7 -> 10.7-11.2 ms, 512³ with B transposed 1.54 -> 1.45 ms.
     */
    static final boolean TRANSPOSE8 = MR == TransposeFloatSimd.B && TransposeFloatSimd.FITS;

    private SgemmPackSimd() {}

    /** Packs op(B)[pc:pc+kc, jc:jc+nc] into panels of NR columns, [panel][p][col], zero-padded. */
    static void packB(boolean transB, float[] b, int bOff, int ldb,
                              int pc, int kc, int jc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = jr * kc;
            if (!transB && nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                    FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    dst += NR;
                }
            } else if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    for (int col = 0; col < NR; col++) {
                        bp[dst + col] = col < nr ? b[src + col] : 0f;
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
                        for (; p + TransposeFloatSimd.B <= kc; p += TransposeFloatSimd.B) {
                            TransposeFloatSimd.block(b, src + p, ldb, bp, dst + p * NR + col, NR);
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
                        bp[dst + p * NR + col] = col < nr ? b[src + p] : 0f;
                    }
                }
            }
        }
    }

    /** Packs op(A)[ic:ic+mc, pc:pc+kc] into panels of MR rows, [panel][p][row], zero-padded. */
    static void packA(boolean transA, float[] a, int aOff, int lda,
                              int ic, int mc, int pc, int kc, float[] ap) {
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
                    for (; p + TransposeFloatSimd.B <= kc; p += TransposeFloatSimd.B) {
                        TransposeFloatSimd.block(a, src + p, lda, ap, dst + p * MR, MR);
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
                        ap[dst + p * MR + r] = r < mr ? a[src + r] : 0f;
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * MR + r] = r < mr ? a[src + p] : 0f;
                    }
                }
            }
        }
    }
}
