package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SIMD GEMM's packing (8×8 blocks transposed in registers where {@link SgemmSimd#TRANSPOSE8}) against
 * plain loops: packed A panels element for element, and the product of a stored-transposed operand bit for
 * bit equal to the product of the same values stored plainly (packing moves values, it never changes how an
 * element of C is summed). Depths around multiples of the 8×8 block, leading dims wider than the matrix.
 */
class GemmPackTest {

    private static final int[] DEPTHS = {1, 7, 8, 9, 16, 23, 64, 67};

    private static float[] random(int size, Random r) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static double[] widen(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }

    @Test
    void packedAPanelsHoldTheRowsOfA() {
        assumeTrue(Kernels.simd());
        Random r = new Random(5);
        for (int m : new int[] {1, SgemmSimd.MR - 1, SgemmSimd.MR, 3 * SgemmSimd.MR + 2}) {
            for (int k : DEPTHS) {
                int lda = k + 3;
                int off = 2;
                float[] a = random(off + m * lda, r);
                float[] ap = new float[SgemmBlockedSimd.packedSize(m, k)];
                SgemmBlockedSimd.packA(false, a, off, lda, m, k, ap);
                double[] ad = widen(a);
                double[] apd = new double[DgemmBlockedSimd.packedSize(m, k)];
                DgemmBlockedSimd.packA(false, ad, off, lda, m, k, apd);
                float[] expect = new float[ap.length];
                double[] expectD = new double[apd.length];
                for (int i = 0; i < m; i++) {
                    for (int p = 0; p < k; p++) {
                        expect[i / SgemmSimd.MR * SgemmSimd.MR * k + p * SgemmSimd.MR + i % SgemmSimd.MR] =
                                a[off + i * lda + p];
                        expectD[i / DgemmSimd.MR * DgemmSimd.MR * k + p * DgemmSimd.MR + i % DgemmSimd.MR] =
                                a[off + i * lda + p];
                    }
                }
                assertArrayEquals(expect, ap, "m=" + m + " k=" + k);
                assertArrayEquals(expectD, apd, "m=" + m + " k=" + k);
            }
        }
    }

    @Test
    void transposedOperandsGiveTheSameBits() {
        assumeTrue(Kernels.simd());
        Random r = new Random(9);
        int[] ms = {SgemmSimd.MR, 2 * SgemmSimd.MR + 3, SgemmBlockedSimd.MC + 5};
        int[] ns = {SgemmSimd.NR, 2 * SgemmSimd.NR + 5, DgemmSimd.NR + 1};
        for (int m : ms) {
            for (int n : ns) {
                for (int k : DEPTHS) {
                    float[] a = random(m * k, r);
                    float[] b = random(k * n, r);
                    float[] at = new float[k * (m + 1)];
                    float[] bt = new float[n * (k + 2)];
                    for (int i = 0; i < m; i++) {
                        for (int p = 0; p < k; p++) {
                            at[p * (m + 1) + i] = a[i * k + p];
                        }
                    }
                    for (int p = 0; p < k; p++) {
                        for (int j = 0; j < n; j++) {
                            bt[j * (k + 2) + p] = b[p * n + j];
                        }
                    }
                    float[] plain = new float[m * n];
                    SgemmBlockedSimd.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, plain, 0, n);
                    double[] plainD = new double[m * n];
                    DgemmBlockedSimd.gemm(false, false, m, n, k, widen(a), 0, k, widen(b), 0, n, 0.0, plainD, 0, n);
                    for (int t = 1; t < 4; t++) {
                        boolean ta = (t & 1) != 0;
                        boolean tb = (t & 2) != 0;
                        float[] c = new float[m * n];
                        SgemmBlockedSimd.gemm(ta, tb, m, n, k, ta ? at : a, 0, ta ? m + 1 : k, tb ? bt : b, 0,
                                tb ? k + 2 : n, 0f, c, 0, n);
                        assertArrayEquals(plain, c, "m=" + m + " n=" + n + " k=" + k + " t=" + t);
                        double[] cd = new double[m * n];
                        DgemmBlockedSimd.gemm(ta, tb, m, n, k, widen(ta ? at : a), 0, ta ? m + 1 : k, widen(tb ? bt : b), 0,
                                tb ? k + 2 : n, 0.0, cd, 0, n);
                        assertArrayEquals(plainD, cd, "m=" + m + " n=" + n + " k=" + k + " t=" + t);
                    }
                }
            }
        }
    }
}
