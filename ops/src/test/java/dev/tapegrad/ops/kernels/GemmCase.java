package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/**
 * One GEMM problem with padded leading dims and offsets, random A and B (exact in float), and C filled with garbage (NaN
 * when beta == 0); checks results against a naive triple loop in double and that C's padding is untouched.
 */
record GemmCase(boolean transA, boolean transB, int m, int n, int k, int beta, int pad, int off, long seed) {

    /** The implementation under test, float or double. */
    interface FloatGemm {
        void run(boolean ta, boolean tb, int m, int n, int k, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);
    }

    interface DoubleGemm {
        void run(boolean ta, boolean tb, int m, int n, int k, double[] a, int aOff, int lda,
                 double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);
    }

    int lda() {
        return (transA ? m : k) + pad;
    }

    int ldb() {
        return (transB ? k : n) + pad + 1;
    }

    int ldc() {
        return n + 2 * pad;
    }

    private double[] random(int size, Random rnd) {
        double[] x = new double[size];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(17) - 8 + rnd.nextInt(64) / 64.0;
        }
        return x;
    }

    double[] a() {
        return random(off + (transA ? k : m) * lda() + 3, new Random(seed));
    }

    double[] b() {
        return random(off + (transB ? n : k) * ldb() + 3, new Random(seed + 1));
    }

    /** Initial C: garbage including NaN for beta == 0, plain values for beta == 1. */
    double[] c0() {
        double[] c = random(off + m * ldc() + 3, new Random(seed + 2));
        if (beta == 0) {
            for (int i = 0; i < c.length; i += 3) {
                c[i] = Double.NaN;
            }
        }
        return c;
    }

    double opA(double[] a, int i, int p) {
        return transA ? a[off + p * lda() + i] : a[off + i * lda() + p];
    }

    double opB(double[] b, int p, int j) {
        return transB ? b[off + j * ldb() + p] : b[off + p * ldb() + j];
    }

    /** Runs a float implementation and returns C. */
    float[] runFloat(FloatGemm gemm) {
        float[] c = toFloat(c0());
        gemm.run(transA, transB, m, n, k, toFloat(a()), off, lda(), toFloat(b()), off, ldb(), beta, c, off, ldc());
        return c;
    }

    double[] runDouble(DoubleGemm gemm) {
        double[] c = c0();
        gemm.run(transA, transB, m, n, k, a(), off, lda(), b(), off, ldb(), beta, c, off, ldc());
        return c;
    }

    /** Checks C against the naive product, within a rounding bound of relEps * (k + 2) * sum |terms|. */
    void check(double[] c, double relEps) {
        double[] a = a();
        double[] b = b();
        double[] c0 = c0();
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - off;
            boolean inside = n > 0 && rel >= 0 && rel / ldc() < m && rel % ldc() < n;
            if (!inside) {
                assertEquals(0, Double.compare(c0[idx], c[idx]), this + ": padding at " + idx + " changed");
                continue;
            }
            int i = rel / ldc();
            int j = rel % ldc();
            double sum = beta == 0 ? 0 : c0[idx];
            double mag = Math.abs(sum);
            for (int p = 0; p < k; p++) {
                double t = opA(a, i, p) * opB(b, p, j);
                sum += t;
                mag += Math.abs(t);
            }
            double tol = relEps * (k + 2) * mag;
            assertTrue(Math.abs(c[idx] - sum) <= tol,
                    this + ": C[" + i + "," + j + "] = " + c[idx] + ", expected " + sum + " ± " + tol);
        }
    }

    static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    static double[] toDouble(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }
}
