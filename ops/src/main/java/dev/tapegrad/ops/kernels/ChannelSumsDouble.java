// GENERATED from ChannelSumsFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

/**
 * out[c] = Σ_n Σ_p x[n][c][p] over [batch, channels, plane] FLOAT64 arrays (a convolution's bias gradient): each
 * plane summed with {@link TapLoops#sum}, the planes of a channel added in double in batch order; channels split
 * over threads (so the result does not depend on the thread count). Generated from {@link ChannelSumsFloat}: edit that file, not this one.
 */
public final class ChannelSumsDouble {
    private ChannelSumsDouble() {}

    public static void sum(double[] x, int batch, int channels, int plane, double[] out) {
        ConvMethod.forEach(channels, (from, to) -> {
            for (int c = from; c < to; c++) {
                double s = 0;
                for (int n = 0; n < batch; n++) {
                    s += TapLoops.sum(x, (n * channels + c) * plane, plane);
                }
                out[c] = (double) s;
            }
        });
    }
}
