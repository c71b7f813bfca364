package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * Adaptive average pooling over planes of H x W into OH x OW, PyTorch's windows: output row i covers input
 * rows [floor(i·H/OH), ceil((i+1)·H/OH)), and likewise for columns. The adjoint spreads each output
 * gradient evenly over its window.
 */
public final class AdaptivePool {
    private AdaptivePool() {}

    public static int start(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    public static int end(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    /** x [planes, h, w] to out [planes, oh, ow]. */
    public static void forward(double[] x, int planes, int h, int w, double[] out, int oh, int ow) {
        for (int p = 0; p < planes; p++) {
            int xb = p * h * w;
            int ob = p * oh * ow;
            for (int i = 0; i < oh; i++) {
                int hs = start(i, h, oh);
                int he = end(i, h, oh);
                for (int j = 0; j < ow; j++) {
                    int ws = start(j, w, ow);
                    int we = end(j, w, ow);
                    double s = 0;
                    for (int r = hs; r < he; r++) {
                        for (int c = ws; c < we; c++) {
                            s += x[xb + r * w + c];
                        }
                    }
                    out[ob + i * ow + j] = s / ((he - hs) * (we - ws));
                }
            }
        }
    }

    /**
     * As {@link #forward(double[], int, int, int, double[], int, int)} over FLOAT32 values read in place from a view:
     * plane p (of {@code channels} per image) from offset + (p / channels)·sN + (p % channels)·sC, its element
     * (r, c) at r·sH + c·sW, strides {sN, sC, sH, sW}; each value is widened to double as it is added, so the sums
     * are those over a dense double copy, without making one.
     */
    public static void forward(float[] x, int offset, int channels, int[] strides, int planes, int h, int w,
                               double[] out, int oh, int ow) {
        int sH = strides[2];
        int sW = strides[3];
        for (int p = 0; p < planes; p++) {
            int xb = offset + p / channels * strides[0] + p % channels * strides[1];
            int ob = p * oh * ow;
            for (int i = 0; i < oh; i++) {
                int hs = start(i, h, oh);
                int he = end(i, h, oh);
                for (int j = 0; j < ow; j++) {
                    int ws = start(j, w, ow);
                    int we = end(j, w, ow);
                    double s = 0;
                    for (int r = hs; r < he; r++) {
                        for (int c = ws; c < we; c++) {
                            s += x[xb + r * sH + c * sW];
                        }
                    }
                    out[ob + i * ow + j] = s / ((he - hs) * (we - ws));
                }
            }
        }
    }

    /**
     * As {@link #forward(float[], int, int, int[], int, int, int, double[], int, int)} for a view whose channels have
     * stride 1 (channels-last storage, or a view of it), read in memory order: each window sums the channel vectors
     * of its pixels, a double per channel, pixel by pixel in the row-major order of the plane loop, so each channel's
     * sum is the plane loop's, bit for bit; the plane loop would read one element of every cache line it touches.
     */
    public static void forwardChannelsLast(float[] x, int offset, int channels, int[] strides, int planes, int h, int w,
                                           double[] out, int oh, int ow) {
        double[] sums = new double[channels];
        for (int n = 0; n < planes / channels; n++) {
            int image = offset + n * strides[0];
            int ob = n * channels * oh * ow;
            for (int i = 0; i < oh; i++) {
                int hs = start(i, h, oh);
                int he = end(i, h, oh);
                for (int j = 0; j < ow; j++) {
                    int ws = start(j, w, ow);
                    int we = end(j, w, ow);
                    Arrays.fill(sums, 0);
                    for (int r = hs; r < he; r++) {
                        for (int c = ws; c < we; c++) {
                            int pixel = image + r * strides[2] + c * strides[3];
                            for (int ch = 0; ch < channels; ch++) {
                                sums[ch] += x[pixel + ch];
                            }
                        }
                    }
                    int count = (he - hs) * (we - ws);
                    for (int ch = 0; ch < channels; ch++) {
                        out[ob + ch * oh * ow + i * ow + j] = sums[ch] / count;
                    }
                }
            }
        }
    }

    /** The adjoint: g [planes, oh, ow] spread into out [planes, h, w] (out starts at zero). */
    public static void adjoint(double[] g, int planes, int oh, int ow, double[] out, int h, int w) {
        for (int p = 0; p < planes; p++) {
            int ob = p * h * w;
            int gb = p * oh * ow;
            for (int i = 0; i < oh; i++) {
                int hs = start(i, h, oh);
                int he = end(i, h, oh);
                for (int j = 0; j < ow; j++) {
                    int ws = start(j, w, ow);
                    int we = end(j, w, ow);
                    double v = g[gb + i * ow + j] / ((he - hs) * (we - ws));
                    for (int r = hs; r < he; r++) {
                        for (int c = ws; c < we; c++) {
                            out[ob + r * w + c] += v;
                        }
                    }
                }
            }
        }
    }
}
