package dev.tapegrad.ops.kernels;

/**
 * Reference GEMM in plain loops, single-threaded: row-major C = beta*C + op(A)·op(B). Also the fallback
 * when the Vector API is absent. Arguments as in {@link Gemm#sgemm}.
 */
public final class GemmScalar {

    private GemmScalar() {}

    /** Float GEMM, C (m×n) = beta*C + op(A) (m×k) · op(B) (k×n); beta == 0 ignores C's old contents. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0 ? 0f : beta * c[ci + j];
            }
            if (transB) {
                // B stored n×k: each C element is a dot product of two rows read in order.
                for (int j = 0; j < n; j++) {
                    float sum = 0f;
                    int bj = bOff + j * ldb;
                    for (int p = 0; p < k; p++) {
                        float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        sum += aip * b[bj + p];
                    }
                    c[ci + j] += sum;
                }
                continue;
            }
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    /** Double GEMM, C (m×n) = beta*C + op(A) (m×k) · op(B) (k×n); beta == 0 ignores C's old contents. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0 ? 0.0 : beta * c[ci + j];
            }
            if (transB) {
                // B stored n×k: each C element is a dot product of two rows read in order.
                for (int j = 0; j < n; j++) {
                    double sum = 0.0;
                    int bj = bOff + j * ldb;
                    for (int p = 0; p < k; p++) {
                        double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        sum += aip * b[bj + p];
                    }
                    c[ci + j] += sum;
                }
                continue;
            }
            for (int p = 0; p < k; p++) {
                double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    /** Columns per panel of {@link #sgemmPanels}' packed B. */
    static final int PANEL = 8;

    /** C (m×n) = beta*C + op(A)·B, B packed as in {@link Gemm#sgemmPanels} with {@link #PANEL} columns. */
    public static void sgemmPanels(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                                   float[] bp, int bpOff, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float sum = beta == 0 ? 0f : beta * c[ci + j];
                int bj = bpOff + j / PANEL * k * PANEL + j % PANEL;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    sum += aip * bp[bj + p * PANEL];
                }
                c[ci + j] = sum;
            }
        }
    }

    /** Double {@link #sgemmPanels}. */
    public static void dgemmPanels(boolean transA, int m, int n, int k, double[] a, int aOff, int lda,
                                   double[] bp, int bpOff, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                double sum = beta == 0 ? 0.0 : beta * c[ci + j];
                int bj = bpOff + j / PANEL * k * PANEL + j % PANEL;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    sum += aip * bp[bj + p * PANEL];
                }
                c[ci + j] = sum;
            }
        }
    }
}
