package dev.tapegrad.ops.kernels;

/**
 * Row-major GEMM, C = beta*C + op(A)·op(B), on the SIMD kernels when the Vector API is present (else
 * scalar loops), split over {@link Parallel} threads by rows or columns of C, never by K, so results are
 * bit-for-bit the same for any thread count.
 */
public final class Gemm {

    private static final boolean SIMD = Kernels.simd();

    /**
     * Below this many multiply-adds (m*n*k, about 80³) a call runs on the caller thread alone: measured on
     * 2 cores, 64³ was faster serial and 96³ faster on two threads when the worker is awake.
     */
    static final long PARALLEL_MIN_WORK = 1L << 19;

    private Gemm() {}

    /**
     * Float GEMM: C (m×n, leading dim ldc) = beta*C + op(A)·op(B), op(A) m×k (A stored k×m if transA),
     * op(B) k×n (B stored n×k if transB). beta == 0 ignores C's old contents, NaN included.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        checkDims(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        boolean splitN = preferSplitN(m, n, SIMD ? GemmSimd.floatTileN() : 1, SIMD ? GemmSimd.tileM() : 6);
        if (!parallel(m, n, k)) {
            serial(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (splitN) {
            int tile = SIMD ? GemmSimd.floatTileN() : 1;
            Parallel.forRange(blocks(n, tile), 1, (from, to) -> {
                int j0 = from * tile;
                int j1 = Math.min(n, to * tile);
                int bj = transB ? bOff + j0 * ldb : bOff + j0;
                serial(transA, transB, m, j1 - j0, k, a, aOff, lda, b, bj, ldb, beta, c, cOff + j0, ldc);
            });
        } else {
            int tile = SIMD ? GemmSimd.tileM() : 1;
            Parallel.forRange(blocks(m, tile), 1, (from, to) -> {
                int i0 = from * tile;
                int i1 = Math.min(m, to * tile);
                int ai = transA ? aOff + i0 : aOff + i0 * lda;
                serial(transA, transB, i1 - i0, n, k, a, ai, lda, b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
            });
        }
    }

    /** Double GEMM, arguments as in {@link #sgemm}. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        checkDims(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        boolean splitN = preferSplitN(m, n, SIMD ? GemmSimd.doubleTileN() : 1, SIMD ? GemmSimd.doubleTileM() : 6);
        if (!parallel(m, n, k)) {
            serial(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (splitN) {
            int tile = SIMD ? GemmSimd.doubleTileN() : 1;
            Parallel.forRange(blocks(n, tile), 1, (from, to) -> {
                int j0 = from * tile;
                int j1 = Math.min(n, to * tile);
                int bj = transB ? bOff + j0 * ldb : bOff + j0;
                serial(transA, transB, m, j1 - j0, k, a, aOff, lda, b, bj, ldb, beta, c, cOff + j0, ldc);
            });
        } else {
            int tile = SIMD ? GemmSimd.doubleTileM() : 1;
            Parallel.forRange(blocks(m, tile), 1, (from, to) -> {
                int i0 = from * tile;
                int i1 = Math.min(m, to * tile);
                int ai = transA ? aOff + i0 : aOff + i0 * lda;
                serial(transA, transB, i1 - i0, n, k, a, ai, lda, b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
            });
        }
    }

    /**
     * Columns per panel of the packed B that {@link #sgemmPanels} reads: the SIMD register tile's width, or
     * the scalar kernel's.
     */
    public static int sgemmPanelWidth() {
        return SIMD ? GemmSimd.floatTileN() : GemmScalar.PANEL;
    }

    /** Columns per panel of the packed B that {@link #dgemmPanels} reads. */
    public static int dgemmPanelWidth() {
        return SIMD ? GemmSimd.doubleTileN() : GemmScalar.PANEL;
    }

    /**
     * Single-threaded float GEMM with B packed by the caller: C (m×n) = beta*C + op(A)·B, where B (k×n) is
     * held in panels of w = {@link #sgemmPanelWidth()} columns, panel j (columns [j·w, j·w + w)) starting at
     * bp[bpOff + j·k·w] with row p at + p·w; columns past n in the last panel are ignored. For callers that
     * can write B in this layout directly (the convolution's weight gradient writes its transposed unfolded
     * input so), saving the copy and transpose that packing would make. Each C element is computed as by
     * {@link #sgemm}.
     */
    public static void sgemmPanels(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                                   float[] bp, int bpOff, float beta, float[] c, int cOff, int ldc) {
        checkDims(transA, false, m, n, k, lda, n, ldc);
        if (SIMD) {
            GemmSimd.sgemmPanels(transA, m, n, k, a, aOff, lda, bp, bpOff, beta, c, cOff, ldc);
        } else {
            GemmScalar.sgemmPanels(transA, m, n, k, a, aOff, lda, bp, bpOff, beta, c, cOff, ldc);
        }
    }

    /** Double {@link #sgemmPanels}, panels of {@link #dgemmPanelWidth()} columns. */
    public static void dgemmPanels(boolean transA, int m, int n, int k, double[] a, int aOff, int lda,
                                   double[] bp, int bpOff, double beta, double[] c, int cOff, int ldc) {
        checkDims(transA, false, m, n, k, lda, n, ldc);
        if (SIMD) {
            GemmSimd.dgemmPanels(transA, m, n, k, a, aOff, lda, bp, bpOff, beta, c, cOff, ldc);
        } else {
            GemmScalar.dgemmPanels(transA, m, n, k, a, aOff, lda, bp, bpOff, beta, c, cOff, ldc);
        }
    }

    /**
     * Whether {@link #sgemmPackedA} takes an A of depth k: with the Vector API, when k fits the GEMM's one K
     * block (768), so that A is packed once for products with many B (the convolution's weight for each image).
     */
    static boolean sgemmPacksA(int k) {
        return SIMD && k <= SgemmBlockedSimd.KC;
    }

    /** {@link #sgemmPacksA} for {@link #dgemmPackedA}. */
    static boolean dgemmPacksA(int k) {
        return SIMD && k <= DgemmBlockedSimd.KC;
    }

    /** Elements of op(A) (m×k) packed by {@link #sgemmPackA}. */
    static int sgemmPackedASize(int m, int k) {
        return GemmSimd.sgemmPackedASize(m, k);
    }

    /** Elements of op(A) (m×k) packed by {@link #dgemmPackA}. */
    static int dgemmPackedASize(int m, int k) {
        return GemmSimd.dgemmPackedASize(m, k);
    }

    /** Packs op(A) (m×k, A stored k×m if transA) for {@link #sgemmPackedA}; only where {@link #sgemmPacksA}. */
    static void sgemmPackA(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] ap) {
        GemmSimd.sgemmPackA(transA, m, k, a, aOff, lda, ap);
    }

    /** Packs op(A) for {@link #dgemmPackedA}; only where {@link #dgemmPacksA}. */
    static void dgemmPackA(boolean transA, int m, int k, double[] a, int aOff, int lda, double[] ap) {
        GemmSimd.dgemmPackA(transA, m, k, a, aOff, lda, ap);
    }

    /**
     * Single-threaded C (m×n) = beta*C + op(A)·B with op(A) packed by {@link #sgemmPackA}; each C element is
     * computed as by {@link #sgemm}.
     */
    static void sgemmPackedA(int m, int n, int k, float[] ap, float[] b, int bOff, int ldb, float beta, float[] c,
                             int cOff, int ldc) {
        checkDims(false, false, m, n, k, k, ldb, ldc);
        GemmSimd.sgemmPackedA(m, n, k, ap, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Double {@link #sgemmPackedA}. */
    static void dgemmPackedA(int m, int n, int k, double[] ap, double[] b, int bOff, int ldb, double beta,
                             double[] c, int cOff, int ldc) {
        checkDims(false, false, m, n, k, k, ldb, ldc);
        GemmSimd.dgemmPackedA(m, n, k, ap, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * Single-threaded C (m×n) = beta*C + op(A)·B with op(A) packed by {@link #sgemmPackA} and B in the panels of
     * {@link #sgemmPanels}; only where {@link #sgemmPacksA}. Each C element is computed as by {@link #sgemm}.
     */
    static void sgemmPanelsPackedA(int m, int n, int k, float[] ap, float[] bp, int bpOff, float beta, float[] c,
                                   int cOff, int ldc) {
        checkDims(false, false, m, n, k, k, n, ldc);
        SgemmBlockedSimd.gemmPanelsPackedA(m, n, k, ap, bp, bpOff, beta, c, cOff, ldc);
    }

    /** Double {@link #sgemmPanelsPackedA}. */
    static void dgemmPanelsPackedA(int m, int n, int k, double[] ap, double[] bp, int bpOff, double beta, double[] c,
                                   int cOff, int ldc) {
        checkDims(false, false, m, n, k, k, n, ldc);
        DgemmBlockedSimd.gemmPanelsPackedA(m, n, k, ap, bp, bpOff, beta, c, cOff, ldc);
    }

    private static void serial(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        if (SIMD) {
            GemmSimd.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            GemmScalar.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static void serial(boolean transA, boolean transB, int m, int n, int k,
                               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double beta, double[] c, int cOff, int ldc) {
        if (SIMD) {
            GemmSimd.dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            GemmScalar.dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static boolean parallel(int m, int n, int k) {
        return Parallel.threads() > 1 && (long) m * n * Math.max(k, 1) >= PARALLEL_MIN_WORK;
    }

    /** Split N unless C has clearly more row tiles than column tiles (each thread then packs all of B). */
    private static boolean preferSplitN(int m, int n, int tileN, int tileM) {
        return blocks(n, tileN) * 4L >= blocks(m, tileM) || blocks(m, tileM) < 2 * Parallel.threads();
    }

    private static int blocks(int size, int tile) {
        return (size + tile - 1) / tile;
    }

    private static void checkDims(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative GEMM size m=" + m + " n=" + n + " k=" + k);
        }
        if (lda < (transA ? m : k) || ldb < (transB ? k : n) || ldc < n) {
            throw new IllegalArgumentException("GEMM leading dims too small: lda=" + lda + " ldb=" + ldb
                    + " ldc=" + ldc + " for m=" + m + " n=" + n + " k=" + k + " transA=" + transA
                    + " transB=" + transB);
        }
    }
}
