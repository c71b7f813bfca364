package dev.tapegrad.ops.kernels;

/**
 * Kernels of the fused batch normalisation over FLOAT32 x [batch, channels, plane] (contiguous, plane = H·W):
 * batch statistics, the normalisation, and PyTorch's two-pass backward. Statistics and reductions accumulate
 * in double per channel in a fixed order (channels split over threads, so results do not depend on the
 * thread count). {@link BatchNormKernelsDouble} is generated from this file for FLOAT64.
 */
public final class BatchNormKernelsFloat {
    private BatchNormKernelsFloat() {}

    private static double rowSum(float[] x, int p, int n) {
        return ReduceFloat.rowSum(x, p, n);
    }

    /**
     * Per-channel mean and biased variance of x [batch, channels, plane] (contiguous), two passes per channel
     * in double (sum, then centred squares); channels split over threads.
     */
    public static void stats(float[] x, int batch, int channels, int plane, double[] mean, double[] variance) {
        Parallel.forRange(channels, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                double s = 0;
                for (int n = 0; n < batch; n++) {
                    s += rowSum(x, (n * channels + c) * plane, plane);
                }
                double m = s / ((double) batch * plane);
                double q = 0;
                for (int n = 0; n < batch; n++) {
                    q += centredSquares(x, (n * channels + c) * plane, plane, m);
                }
                mean[c] = m;
                variance[c] = q / ((double) batch * plane);
            }
        });
    }

    /** y = (x - mean[c]) · (invstd[c] · weight[c]) + bias[c] (weight/bias null: 1 and 0). */
    public static void normalize(float[] x, int batch, int channels, int plane, double[] mean, double[] invstd,
                                 float[] weight, float[] bias, float[] y) {
        Parallel.forRange(batch * channels, 1, (from, to) -> {
            for (int r = from; r < to; r++) {
                int c = r % channels;
                double scale = invstd[c] * (weight == null ? 1.0 : weight[c]);
                float a = (float) scale;
                float m = (float) mean[c];
                float b = (float) (bias == null ? 0.0 : bias[c]);
                int p = r * plane;
                for (int i = 0; i < plane; i++) {
                    y[p + i] = (x[p + i] - m) * a + b;
                }
            }
        });
    }

    /**
     * The gradients of {@link #normalize} with batch statistics, PyTorch's two passes: per channel
     * sumG = Σ g and sumGX = Σ g·x̂ (x̂ = (x - mean)·invstd); then dx = w·invstd·(g - sumG/M - x̂·sumGX/M)
     * over M = batch·plane elements (dx null: skipped). dweight = sumGX, dbias = sumG (per channel, in double).
     */
    public static void backward(float[] g, float[] x, int batch, int channels, int plane, double[] mean, double[] invstd,
                                float[] weight, float[] dx, double[] sumG, double[] sumGX) {
        double count = (double) batch * plane;
        Parallel.forRange(channels, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                double sg = 0;
                double sgx = 0;
                for (int n = 0; n < batch; n++) {
                    int p = (n * channels + c) * plane;
                    sg += rowSum(g, p, plane);
                    sgx += centredDot(g, x, p, plane, mean[c]);
                }
                sgx *= invstd[c];
                sumG[c] = sg;
                sumGX[c] = sgx;
                if (dx == null) {
                    continue;
                }
                double k = invstd[c] * (weight == null ? 1.0 : weight[c]);
                // dx = k·g - k·invstd·sgx/M · (x - mean) - k·sg/M = a·g + b·(x - mean) + d
                float a = (float) k;
                double bx = -k * invstd[c] * sgx / count;
                float b = (float) bx;
                float d = (float) (-k * sg / count);
                float m = (float) mean[c];
                for (int n = 0; n < batch; n++) {
                    int p = (n * channels + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        dx[p + i] = g[p + i] * a + (x[p + i] - m) * b + d;
                    }
                }
            }
        });
    }

    /** Σ (x - m)² over a row: {@link BatchNormSimd} lanes when the Vector API is present, else the loop below. */
    private static double centredSquares(float[] x, int p, int n, double m) {
        return Kernels.simd() ? BatchNormSimd.centredSquares(x, p, n, m) : centredSquaresScalar(x, p, n, m);
    }

    /** Σ g·(x - m) over a row: {@link BatchNormSimd} lanes when the Vector API is present, else the loop below. */
    private static double centredDot(float[] g, float[] x, int p, int n, double m) {
        return Kernels.simd() ? BatchNormSimd.centredDot(g, x, p, n, m) : centredDotScalar(g, x, p, n, m);
    }

    /** The scalar reference of {@link #centredSquares}, all in double. */
    static double centredSquaresScalar(float[] x, int p, int n, double m) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = x[p + i] - m;
            s += v * v;
        }
        return s;
    }

    /** The scalar reference of {@link #centredDot}, all in double. */
    static double centredDotScalar(float[] g, float[] x, int p, int n, double m) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += g[p + i] * (x[p + i] - m);
        }
        return s;
    }
}
