package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** GemmSimd, GemmScalar and the threaded Gemm against a naive triple loop, float and double. */
class GemmTest {

    private static final double FLOAT_EPS = 0x1p-23;
    private static final double DOUBLE_EPS = 0x1p-52;

    /** Checks all implementations of both precisions on one case. */
    private static void checkAll(GemmCase gc) {
        gc.check(GemmCase.toDouble(gc.runFloat(GemmScalar::sgemm)), FLOAT_EPS);
        gc.check(GemmCase.toDouble(gc.runFloat(Gemm::sgemm)), FLOAT_EPS);
        gc.check(gc.runDouble(GemmScalar::dgemm), DOUBLE_EPS);
        gc.check(gc.runDouble(Gemm::dgemm), DOUBLE_EPS);
        if (Kernels.simd()) {
            gc.check(GemmCase.toDouble(gc.runFloat(GemmSimd::sgemm)), FLOAT_EPS);
            gc.check(gc.runDouble(GemmSimd::dgemm), DOUBLE_EPS);
        }
    }

    private static void checkAllLayouts(int m, int n, int k, int pad, int off) {
        for (int t = 0; t < 4; t++) {
            for (int beta = 0; beta <= 1; beta++) {
                checkAll(new GemmCase((t & 1) != 0, (t & 2) != 0, m, n, k, beta, pad, off, 31L * m + 7L * n + k));
            }
        }
    }

    /** Fewer runs for larger shapes: each transpose combination once, beta alternating. */
    private static void checkTransposes(int m, int n, int k, int pad, int off) {
        for (int t = 0; t < 4; t++) {
            checkAll(new GemmCase((t & 1) != 0, (t & 2) != 0, m, n, k, t % 2, pad, off, 31L * m + 7L * n + k));
        }
    }

    @Test
    void edgeSizesAroundLanesAndTiles() {
        assumeTrue(Kernels.simd());
        int l = SgemmSimd.L;
        int[] ms = {0, 1, SgemmSimd.MR - 1, SgemmSimd.MR, SgemmSimd.MR + 1, 2 * SgemmSimd.MR + 3};
        int dl = DgemmSimd.L;
        int[] ns = {0, 1, l - 1, l, l + 1, SgemmSimd.NR - 1, SgemmSimd.NR, SgemmSimd.NR + 1, 2 * l + 3,
                    dl - 1, dl + 1, DgemmSimd.NR - 1, DgemmSimd.NR + 1, 2 * dl + 3};
        int[] ks = {0, 1, 2, l + 1};
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    checkAllLayouts(m, n, k, (m + n) % 3, k % 2);
                }
            }
        }
    }

    /**
     * A packed once (Gemm.sgemmPackA / dgemmPackA) then multiplied by B: bit for bit as sgemm / dgemm, both
     * layouts of A, beta 0 (over NaN) and 1, m around the tile height and past one M block, k up to one K block.
     */
    @Test
    void packedAMatchesGemm() {
        assumeTrue(Kernels.simd());
        int[] ms = {1, SgemmSimd.MR - 1, SgemmSimd.MR + 1, SgemmBlockedSimd.MC + 9};
        int[] ks = {1, 5, SgemmBlockedSimd.KC};
        java.util.Random r = new java.util.Random(17);
        for (int m : ms) {
            for (int k : ks) {
                int n = 2 * SgemmSimd.NR + 3;
                assertTrue(Gemm.sgemmPacksA(k) && Gemm.dgemmPacksA(Math.min(k, DgemmBlockedSimd.KC)));
                for (int t = 0; t < 2; t++) {
                    boolean transA = t == 1;
                    float[] a = new float[m * k];
                    float[] b = new float[k * n];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) r.nextGaussian();
                    }
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (float) r.nextGaussian();
                    }
                    int lda = transA ? m : k;
                    for (int beta = 0; beta <= 1; beta++) {
                        float[] expect = new float[m * n];
                        java.util.Arrays.fill(expect, beta == 0 ? Float.NaN : 0.5f);
                        float[] got = expect.clone();
                        GemmSimd.sgemm(transA, false, m, n, k, a, 0, lda, b, 0, n, beta, expect, 0, n);
                        float[] ap = new float[Gemm.sgemmPackedASize(m, k)];
                        Gemm.sgemmPackA(transA, m, k, a, 0, lda, ap);
                        Gemm.sgemmPackedA(m, n, k, ap, b, 0, n, beta, got, 0, n);
                        assertArrayEquals(expect, got);

                        int kd = Math.min(k, DgemmBlockedSimd.KC);
                        double[] ad = new double[m * kd];
                        double[] bd = new double[kd * n];
                        for (int i = 0; i < ad.length; i++) {
                            ad[i] = a[i];
                        }
                        for (int i = 0; i < bd.length; i++) {
                            bd[i] = b[i];
                        }
                        int ldad = transA ? m : kd;
                        double[] expectD = new double[m * n];
                        java.util.Arrays.fill(expectD, beta == 0 ? Double.NaN : 0.5);
                        double[] gotD = expectD.clone();
                        GemmSimd.dgemm(transA, false, m, n, kd, ad, 0, ldad, bd, 0, n, beta, expectD, 0, n);
                        double[] apd = new double[Gemm.dgemmPackedASize(m, kd)];
                        Gemm.dgemmPackA(transA, m, kd, ad, 0, ldad, apd);
                        Gemm.dgemmPackedA(m, n, kd, apd, bd, 0, n, beta, gotD, 0, n);
                        assertArrayEquals(expectD, gotD);
                    }
                }
            }
        }
        assertTrue(!Gemm.sgemmPacksA(SgemmBlockedSimd.KC + 1));
    }

    @Test
    void cacheBlockEdges() {
        checkTransposes(SgemmBlockedSimd.MC + 7, 2 * SgemmSimd.NR + 5, SgemmBlockedSimd.KC + 3, 1, 2);
        checkTransposes(2, SgemmBlockedSimd.NC + 5, 3, 0, 1);
        checkTransposes(3, DgemmBlockedSimd.NC + 1, 2 * DgemmBlockedSimd.KC + 1, 2, 0);
        // C larger than C_IN_L2, k just over KC: two K blocks of the large size, M cut into three blocks.
        checkTransposes(2 * SgemmBlockedSimd.MC + 20, 260, SgemmBlockedSimd.KC + 12, 0, 1);
    }

    @Property(tries = 300)
    void blocksCoverTheRangeEvenly(@ForAll @IntRange(min = 1, max = 5000) int size, @ForAll @IntRange(min = 1, max = 40) int perBlock,
                                   @ForAll @IntRange(min = 1, max = 8) int multiple) {
        int max = perBlock * multiple;
        int step = SgemmBlockedSimd.blockSize(size, max, multiple);
        int blocks = Math.max(1, (size + max - 1) / max);
        assertTrue(step % multiple == 0 && step <= max && step > 0, "step " + step);
        assertTrue((long) step * blocks >= size, "step " + step + " leaves rows over");
        assertTrue((long) step * (blocks - 1) < size, "step " + step + " leaves a block empty");
    }

    @Property(tries = 150)
    void randomShapes(@ForAll @IntRange(max = 70) int m, @ForAll @IntRange(max = 70) int n,
                      @ForAll @IntRange(max = 70) int k, @ForAll boolean transA, @ForAll boolean transB,
                      @ForAll @IntRange(max = 1) int beta, @ForAll @IntRange(max = 3) int pad,
                      @ForAll @IntRange(max = 5) int off) {
        checkAll(new GemmCase(transA, transB, m, n, k, beta, pad, off, m * 1000L + n));
    }

    /** op(B) of a row-major b (transB as stored) copied into panels of width columns, NaN in the unused slots. */
    private static float[] panels(boolean tb, int n, int k, float[] b, int bOff, int ldb, int width) {
        float[] bp = new float[3 + (n + width - 1) / width * width * k];
        java.util.Arrays.fill(bp, Float.NaN);
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                bp[3 + j / width * k * width + p * width + j % width] = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
        return bp;
    }

    private static double[] panels(boolean tb, int n, int k, double[] b, int bOff, int ldb, int width) {
        double[] bp = new double[3 + (n + width - 1) / width * width * k];
        java.util.Arrays.fill(bp, Double.NaN);
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                bp[3 + j / width * k * width + p * width + j % width] = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
        return bp;
    }

    /**
     * Gemm.sgemmPanels/dgemmPanels (B packed by the caller, NaN in the slots past n) against the naive product,
     * and bit for bit against Gemm.sgemm/dgemm on the same operands: the panels change where B is read from,
     * not how an element is summed.
     */
    @Property(tries = 200)
    void packedPanelsMatchGemm(@ForAll @IntRange(max = 40) int m, @ForAll @IntRange(max = 75) int n,
                               @ForAll @IntRange(max = 70) int k, @ForAll boolean transA, @ForAll boolean transB,
                               @ForAll @IntRange(max = 1) int beta, @ForAll @IntRange(max = 3) int pad,
                               @ForAll @IntRange(max = 5) int off) {
        GemmCase gc = new GemmCase(transA, transB, m, n, k, beta, pad, off, m * 1000L + n * 7L + k);
        int fw = Gemm.sgemmPanelWidth();
        int dw = Gemm.dgemmPanelWidth();
        float[] viaPanels = gc.runFloat((ta, tb, mm, nn, kk, a, aOff, lda, b, bOff, ldb, bt, c, cOff, ldc) ->
                Gemm.sgemmPanels(ta, mm, nn, kk, a, aOff, lda, panels(tb, nn, kk, b, bOff, ldb, fw), 3, bt, c, cOff, ldc));
        gc.check(GemmCase.toDouble(viaPanels), FLOAT_EPS);
        double[] viaPanelsD = gc.runDouble((ta, tb, mm, nn, kk, a, aOff, lda, b, bOff, ldb, bt, c, cOff, ldc) ->
                Gemm.dgemmPanels(ta, mm, nn, kk, a, aOff, lda, panels(tb, nn, kk, b, bOff, ldb, dw), 3, bt, c, cOff, ldc));
        gc.check(viaPanelsD, DOUBLE_EPS);
        float[] scalar = gc.runFloat((ta, tb, mm, nn, kk, a, aOff, lda, b, bOff, ldb, bt, c, cOff, ldc) ->
                GemmScalar.sgemmPanels(ta, mm, nn, kk, a, aOff, lda,
                        panels(tb, nn, kk, b, bOff, ldb, GemmScalar.PANEL), 3, bt, c, cOff, ldc));
        gc.check(GemmCase.toDouble(scalar), FLOAT_EPS);
        double[] scalarD = gc.runDouble((ta, tb, mm, nn, kk, a, aOff, lda, b, bOff, ldb, bt, c, cOff, ldc) ->
                GemmScalar.dgemmPanels(ta, mm, nn, kk, a, aOff, lda,
                        panels(tb, nn, kk, b, bOff, ldb, GemmScalar.PANEL), 3, bt, c, cOff, ldc));
        gc.check(scalarD, DOUBLE_EPS);
        if (Kernels.simd()) {
            assertArrayEquals(gc.runFloat(GemmSimd::sgemm), viaPanels, gc + " float");
            assertArrayEquals(gc.runDouble(GemmSimd::dgemm), viaPanelsD, gc + " double");
        }
    }

    @Test
    void packedPanelsAcrossCacheBlocks() {
        // k over KC (two K blocks read from one panel) and n over NC (panels past the first N block).
        for (GemmCase gc : new GemmCase[] {
            new GemmCase(false, true, SgemmBlockedSimd.MC + 9, 2 * SgemmSimd.NR + 3, SgemmBlockedSimd.KC + 5, 1, 1, 2, 11),
            new GemmCase(true, false, 9, SgemmBlockedSimd.NC + SgemmSimd.NR + 1, 40, 0, 0, 1, 12),
        }) {
            float[] viaPanels = gc.runFloat((ta, tb, mm, nn, kk, a, aOff, lda, b, bOff, ldb, bt, c, cOff, ldc) ->
                    Gemm.sgemmPanels(ta, mm, nn, kk, a, aOff, lda, panels(tb, nn, kk, b, bOff, ldb, Gemm.sgemmPanelWidth()),
                            3, bt, c, cOff, ldc));
            gc.check(GemmCase.toDouble(viaPanels), FLOAT_EPS);
            double[] viaPanelsD = gc.runDouble((ta, tb, mm, nn, kk, a, aOff, lda, b, bOff, ldb, bt, c, cOff, ldc) ->
                    Gemm.dgemmPanels(ta, mm, nn, kk, a, aOff, lda, panels(tb, nn, kk, b, bOff, ldb, Gemm.dgemmPanelWidth()),
                            3, bt, c, cOff, ldc));
            gc.check(viaPanelsD, DOUBLE_EPS);
            if (Kernels.simd()) {
                assertArrayEquals(gc.runFloat(GemmSimd::sgemm), viaPanels, gc + " float");
                assertArrayEquals(gc.runDouble(GemmSimd::dgemm), viaPanelsD, gc + " double");
            }
        }
    }

    @Test
    void threadCountDoesNotChangeBits() {
        int saved = Parallel.threads();
        GemmCase[] cases = {
            new GemmCase(false, false, 100, 130, 45, 0, 1, 3, 1),   // splits N
            new GemmCase(true, true, 101, 131, 41, 1, 2, 0, 2),
            new GemmCase(false, true, 400, 20, 70, 1, 0, 1, 3),     // splits M
            new GemmCase(true, false, 401, 17, 80, 0, 3, 2, 4),
        };
        try {
            for (GemmCase gc : cases) {
                assertTrue((long) gc.m() * gc.n() * gc.k() >= Gemm.PARALLEL_MIN_WORK, gc + " is too small to split");
                Parallel.setThreads(1);
                float[] f1 = gc.runFloat(Gemm::sgemm);
                double[] d1 = gc.runDouble(Gemm::dgemm);
                for (int threads = 2; threads <= 3; threads++) {
                    Parallel.setThreads(threads);
                    assertArrayEquals(f1, gc.runFloat(Gemm::sgemm), gc + " float, " + threads + " threads");
                    assertArrayEquals(d1, gc.runDouble(Gemm::dgemm), gc + " double, " + threads + " threads");
                }
                gc.check(GemmCase.toDouble(f1), FLOAT_EPS);
                gc.check(d1, DOUBLE_EPS);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void badSizesAreRejected() {
        float[] x = new float[16];
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 1, 1, x, 0, 1, x, 0, 1, 0, x, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, x, 0, 2, x, 0, 2, 0, x, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(true, true, 2, 3, 2, x, 0, 2, x, 0, 1, 0, x, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 3, 2, x, 0, 2, x, 0, 3, 0, x, 0, 2));
    }

    @Test
    void describeNamesTheKernels() {
        String line = Kernels.describe();
        assertTrue(line.startsWith("Tapegrad kernels: "), line);
        assertTrue(line.contains(Kernels.simd() ? "SIMD" : "scalar"), line);
        assertTrue(line.contains("thread"), line);
    }
}
