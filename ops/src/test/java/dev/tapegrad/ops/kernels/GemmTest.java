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

    @Test
    void cacheBlockEdges() {
        checkTransposes(SgemmSimd.MC + 7, 2 * SgemmSimd.NR + 5, SgemmSimd.KC + 3, 1, 2);
        checkTransposes(2, SgemmSimd.NC + 5, 3, 0, 1);
        checkTransposes(3, DgemmSimd.NC + 1, 2 * DgemmSimd.KC + 1, 2, 0);
        // C larger than C_IN_L2, k just over KC: two K blocks of the large size, M cut into three blocks.
        checkTransposes(2 * SgemmSimd.MC + 20, 260, SgemmSimd.KC + 12, 0, 1);
    }

    @Property(tries = 300)
    void blocksCoverTheRangeEvenly(@ForAll @IntRange(min = 1, max = 5000) int size, @ForAll @IntRange(min = 1, max = 40) int perBlock,
                                   @ForAll @IntRange(min = 1, max = 8) int multiple) {
        int max = perBlock * multiple;
        int step = SgemmSimd.blockSize(size, max, multiple);
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
