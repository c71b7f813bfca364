package dev.tapegrad.ops.kernels;

/**
 * Layer normalization over the last {@code n} elements of each of {@code rows} dense FLOAT32 rows.
 * {@link LayerNormKernelsDouble} is generated from this file for FLOAT64. Statistics are accumulated in
 * double in one pass, shifted by the row's first element (so a large mean does not cancel the variance):
 * mean μ, biased variance σ², rstd = 1/√(σ² + eps), x̂ = (x - μ)·rstd. The backward kernels recompute the
 * statistics rather than trusting saved ones, so each is a pure function of its arguments. The loops run as
 * {@link LayerNormSimdFloat} when the Vector API is present; the scalar ones here are its references.
 */
public final class LayerNormKernelsFloat {
    private LayerNormKernelsFloat() {}

    /** Writes {μ, rstd} of row x[at, at + n) into stats[0..1]. */
    static void stats(float[] x, int at, int n, double eps, double[] stats) {
        double shift = x[at];
        double s1 = 0;
        double s2 = 0;
        for (int j = 0; j < n; j++) {
            double d = x[at + j] - shift;
            s1 += d;
            s2 += d * d;
        }
        double var = Math.max(0.0, (s2 - s1 * s1 / n) / n);
        stats[0] = shift + s1 / n;
        stats[1] = 1.0 / Math.sqrt(var + eps);
    }

    /** y = x̂·w + b per row; w and b (length n) may be null (1 and 0). */
    public static void forward(float[] x, float[] w, float[] b, int rows, int n, double eps, float[] y) {
        if (Kernels.simd()) {
            LayerNormSimdFloat.forward(x, w, b, rows, n, eps, y);
        } else {
            forwardScalar(x, w, b, rows, n, eps, y);
        }
    }

    /** The scalar reference of {@link LayerNormSimdFloat#forward}. */
    static void forwardScalar(float[] x, float[] w, float[] b, int rows, int n, double eps, float[] y) {
        double[] st = new double[2];
        for (int r = 0; r < rows; r++) {
            int at = r * n;
            stats(x, at, n, eps, st);
            float mean = (float) st[0];
            float rstd = (float) st[1];
            for (int j = 0; j < n; j++) {
                float v = (x[at + j] - mean) * rstd;
                if (w != null) {
                    v *= w[j];
                }
                if (b != null) {
                    v += b[j];
                }
                y[at + j] = v;
            }
        }
    }

    /** dx = rstd·(u - mean(u) - x̂·mean(u·x̂)) per row with u = g·w (w null: u = g). */
    public static void backwardInput(float[] g, float[] x, float[] w, int rows, int n, double eps, float[] dx) {
        if (Kernels.simd()) {
            LayerNormSimdFloat.backwardInput(g, x, w, rows, n, eps, dx);
        } else {
            backwardInputScalar(g, x, w, rows, n, eps, dx);
        }
    }

    /** The scalar reference of {@link LayerNormSimdFloat#backwardInput}. */
    static void backwardInputScalar(float[] g, float[] x, float[] w, int rows, int n, double eps, float[] dx) {
        double[] st = new double[2];
        for (int r = 0; r < rows; r++) {
            int at = r * n;
            stats(x, at, n, eps, st);
            double mean = st[0];
            double rstd = st[1];
            double su = 0;
            double sux = 0;
            for (int j = 0; j < n; j++) {
                double u = w == null ? g[at + j] : (double) g[at + j] * w[j];
                su += u;
                sux += u * (x[at + j] - mean);
            }
            double a = su / n;
            double c = sux * rstd * rstd / n;
            for (int j = 0; j < n; j++) {
                double u = w == null ? g[at + j] : (double) g[at + j] * w[j];
                dx[at + j] = (float) (rstd * (u - a - (x[at + j] - mean) * c));
            }
        }
    }

    /** acc[j] = Σ_rows g·x̂ (weight gradient) and acc[n + j] = Σ_rows g (bias gradient); acc zeroed by the caller. */
    public static void paramGrads(float[] g, float[] x, int rows, int n, double eps, double[] acc) {
        if (Kernels.simd()) {
            LayerNormSimdFloat.paramGrads(g, x, rows, n, eps, acc);
        } else {
            paramGradsScalar(g, x, rows, n, eps, acc);
        }
    }

    /** The scalar reference of {@link LayerNormSimdFloat#paramGrads}. */
    static void paramGradsScalar(float[] g, float[] x, int rows, int n, double eps, double[] acc) {
        double[] st = new double[2];
        for (int r = 0; r < rows; r++) {
            int at = r * n;
            stats(x, at, n, eps, st);
            double mean = st[0];
            double rstd = st[1];
            for (int j = 0; j < n; j++) {
                double gj = g[at + j];
                acc[j] += gj * (x[at + j] - mean) * rstd;
                acc[n + j] += gj;
            }
        }
    }
}
