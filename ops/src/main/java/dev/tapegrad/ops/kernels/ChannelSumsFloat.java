package dev.tapegrad.ops.kernels;

/**
 * out[c] = Σ_n Σ_p x[n][c][p] over [batch, channels, plane] FLOAT32 arrays (a convolution's bias gradient): each
 * plane summed with {@link TapLoops#sum}, the planes of a channel added in double in batch order; channels split
 * over threads (so the result does not depend on the thread count). {@link ChannelSumsDouble} is generated from
 * this file for FLOAT64.
 */
public final class ChannelSumsFloat {
    private ChannelSumsFloat() {}

    public static void sum(float[] x, int batch, int channels, int plane, float[] out) {
        ConvMethod.forEach(channels, (from, to) -> {
            for (int c = from; c < to; c++) {
                double s = 0;
                for (int n = 0; n < batch; n++) {
                    s += TapLoops.sum(x, (n * channels + c) * plane, plane);
                }
                out[c] = (float) s;
            }
        });
    }
}
