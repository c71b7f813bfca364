package dev.tapegrad.ops.kernels;

/**
 * Single-threaded SIMD GEMM (Vector API): row-major C = beta*C + op(A)·op(B), arguments as in
 * {@link Gemm#sgemm}. Loads jdk.incubator.vector; only call it when {@link Kernels#simd()} is true.
 * SgemmSimd and DgemmSimd are the same code line for line (float and double): change them together.
 */
public final class GemmSimd {

    private GemmSimd() {}

    /** Float GEMM, C (m×n) = beta*C + op(A) (m×k) · op(B) (k×n); beta == 0 ignores C's old contents. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        SgemmBlockedSimd.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Double GEMM, C (m×n) = beta*C + op(A) (m×k) · op(B) (k×n); beta == 0 ignores C's old contents. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        DgemmBlockedSimd.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link Gemm#sgemmPanels} on one thread. */
    public static void sgemmPanels(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                                   float[] bp, int bpOff, float beta, float[] c, int cOff, int ldc) {
        SgemmBlockedSimd.gemmPanels(transA, m, n, k, a, aOff, lda, bp, bpOff, beta, c, cOff, ldc);
    }

    /** {@link Gemm#dgemmPanels} on one thread. */
    public static void dgemmPanels(boolean transA, int m, int n, int k, double[] a, int aOff, int lda,
                                   double[] bp, int bpOff, double beta, double[] c, int cOff, int ldc) {
        DgemmBlockedSimd.gemmPanels(transA, m, n, k, a, aOff, lda, bp, bpOff, beta, c, cOff, ldc);
    }

    /** {@link Gemm#sgemmPackedASize}. */
    static int sgemmPackedASize(int m, int k) {
        return SgemmBlockedSimd.packedSize(m, k);
    }

    /** {@link Gemm#dgemmPackedASize}. */
    static int dgemmPackedASize(int m, int k) {
        return DgemmBlockedSimd.packedSize(m, k);
    }

    /** {@link Gemm#sgemmPackA}. */
    static void sgemmPackA(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] ap) {
        SgemmBlockedSimd.packA(transA, a, aOff, lda, m, k, ap);
    }

    /** {@link Gemm#dgemmPackA}. */
    static void dgemmPackA(boolean transA, int m, int k, double[] a, int aOff, int lda, double[] ap) {
        DgemmBlockedSimd.packA(transA, a, aOff, lda, m, k, ap);
    }

    /** {@link Gemm#sgemmPackedA} on one thread. */
    static void sgemmPackedA(int m, int n, int k, float[] ap, float[] b, int bOff, int ldb, float beta, float[] c,
                             int cOff, int ldc) {
        SgemmBlockedSimd.gemmPackedA(false, m, n, k, ap, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link Gemm#dgemmPackedA} on one thread. */
    static void dgemmPackedA(int m, int n, int k, double[] ap, double[] b, int bOff, int ldb, double beta, double[] c,
                             int cOff, int ldc) {
        DgemmBlockedSimd.gemmPackedA(false, m, n, k, ap, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Register tile width in columns for float (callers split N at multiples of it). */
    static int floatTileN() {
        return SgemmSimd.NR;
    }

    /** Register tile width in columns for double. */
    static int doubleTileN() {
        return DgemmSimd.NR;
    }

    /** Register tile height in rows for float. */
    static int tileM() {
        return SgemmSimd.MR;
    }

    /** Register tile height in rows for double. */
    static int doubleTileM() {
        return DgemmSimd.MR;
    }

    /** E.g. "FloatVector 512-bit = 16 lanes". */
    static String describeSpecies() {
        return "FloatVector " + SgemmSimd.S.vectorBitSize() + "-bit = " + SgemmSimd.L + " lanes";
    }
}
