package dev.tapegrad.ops.kernels;

/** out[c] = Σ_n Σ_p x[n][c][p] over NCHW-style [batch, channels, plane] arrays, accumulated in double. */
public final class ChannelSums {
    private ChannelSums() {}

    public static void sum(float[] x, int batch, int channels, int plane, float[] out) {
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * plane;
                float partial = 0f;
                for (int p = 0; p < plane; p++) {
                    partial += x[base + p];
                }
                s += partial;
            }
            out[c] = (float) s;
        }
    }

    public static void sum(double[] x, int batch, int channels, int plane, double[] out) {
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * plane;
                for (int p = 0; p < plane; p++) {
                    s += x[base + p];
                }
            }
            out[c] = s;
        }
    }
}
