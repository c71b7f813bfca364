package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The DEPTHWISE convolution method in FLOAT32: layers with one input and one output channel per group ({@link
 * DepthwiseGeometry#applies}; strided ones are handed to {@link DepthwiseStridedFloat}), every plane a correlation of
 * its own with the channel's kernel, computed where it lies in the NCHW arrays (no padded copies: reads outside a row
 * or a plane are masked to zero). The forward correlates x into y from the bias; the input gradient correlates gy with
 * the kernel turned by 180°; both are split over the batch × channel planes. The weight gradient sums, per tap, gy
 * times the shifted x over every plane of a channel, the channels split over threads and each summed over the batch in
 * order, so no result depends on the thread count. With the Vector API, {@link DepthwiseSimdFloat} computes each plane
 * (3×3 kernels with every input row loaded once per four output rows); without it, the scalar loops below, which the
 * forward and the input gradient match bit for bit (fused multiply-adds in the same order: taps in weight order, rows
 * outside the input skipped, columns outside it read as zeros). At unit stride the forward adds the taps in the order
 * of {@link ConvMethod#DIRECT}, so the two agree exactly too. {@link DepthwiseConvDouble} is generated from this file
 * for FLOAT64.
 */
final class DepthwiseConvFloat {
    private DepthwiseConvFloat() {}

    private static final boolean SIMD = Kernels.simd();

    /** y = conv(x, w) + bias (bias may be null), g depthwise; overwrites y. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        if (DepthwiseGeometry.strided(g)) {
            DepthwiseStridedFloat.forward(g, x, w, bias, y);
            return;
        }
        DepthwiseGeometry q = DepthwiseGeometry.forward(g);
        int channels = g.outChannels();
        ConvMethod.forEach(g.batch() * channels, (from, to) -> {
            for (int p = from; p < to; p++) {
                int c = p % channels;
                correlate(q, x, p * q.inPlane(), w, c * q.taps(), bias == null ? 0f : bias[c], y, p * q.outPlane());
            }
        });
    }

    /** gx = the transposed convolution of gy with w, g depthwise; overwrites gx. */
    static void backwardData(ConvGeometry g, float[] gy, float[] w, float[] gx) {
        if (DepthwiseGeometry.strided(g)) {
            DepthwiseStridedFloat.backwardData(g, gy, w, gx);
            return;
        }
        DepthwiseGeometry q = DepthwiseGeometry.transposed(g);
        int channels = g.inChannels();
        int taps = q.taps();
        float[] turned = new float[w.length];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < taps; t++) {
                turned[c * taps + t] = w[c * taps + taps - 1 - t];
            }
        }
        ConvMethod.forEach(g.batch() * channels, (from, to) -> {
            for (int p = from; p < to; p++) {
                correlate(q, gy, p * q.inPlane(), turned, p % channels * taps, 0f, gx, p * q.outPlane());
            }
        });
    }

    /**
     * gw[c][t] = Σ_n Σ_pixels gy[n][c] · x[n][c] shifted by tap t, g depthwise; overwrites gw.
     * Each thread takes a range of channels and walks it image by image (x and gy read in memory order), each
     * channel's taps summed in lanes over the whole batch and the lanes added up at the end.
     */
    static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        if (DepthwiseGeometry.strided(g)) {
            DepthwiseStridedFloat.backwardWeight(g, x, gy, gw);
            return;
        }
        DepthwiseGeometry q = DepthwiseGeometry.forward(g);
        int channels = g.outChannels();
        int taps = q.taps();
        int lanes = SIMD ? DepthwiseSimdFloat.lanes() : 1;
        ConvMethod.forEach(channels, (from, to) -> {
            int per = taps * lanes;
            float[] sums = DirectConvFloat.SCRATCH.get().sums((to - from) * per);
            Arrays.fill(sums, 0, (to - from) * per, 0f);
            for (int n = 0; n < g.batch(); n++) {
                for (int c = from; c < to; c++) {
                    int p = n * channels + c;
                    if (SIMD) {
                        DepthwiseSimdFloat.weight(q, x, p * q.inPlane(), gy, p * q.outPlane(), sums, (c - from) * per);
                    } else {
                        weightScalar(q, x, p * q.inPlane(), gy, p * q.outPlane(), sums, (c - from) * per);
                    }
                }
            }
            for (int c = from; c < to; c++) {
                for (int t = 0; t < taps; t++) {
                    double s = 0;
                    for (int i = 0; i < lanes; i++) {
                        s += sums[(c - from) * per + t * lanes + i];
                    }
                    gw[c * taps + t] = (float) s;
                }
            }
        });
    }

    /** One plane's correlation ({@link DepthwiseGeometry}), by the Vector API when present. */
    static void correlate(DepthwiseGeometry q, float[] src, int sOff, float[] w, int wOff, float init, float[] dst,
                          int dOff) {
        if (SIMD) {
            DepthwiseSimdFloat.correlate(q, src, sOff, w, wOff, init, dst, dOff);
        } else {
            correlateScalar(q, src, sOff, w, wOff, init, dst, dOff);
        }
    }

    /**
     * Scalar reference of {@link #correlate}: per output, init then one fused multiply-add per tap in weight order,
     * input rows outside the plane skipped and columns outside it read as zeros (as the Vector API version's masked
     * loads do, so that the two agree bit for bit).
     */
    static void correlateScalar(DepthwiseGeometry q, float[] src, int sOff, float[] w, int wOff, float init,
                                float[] dst, int dOff) {
        for (int oh = 0; oh < q.outH(); oh++) {
            for (int ow = 0; ow < q.outW(); ow++) {
                float s = init;
                for (int ki = 0; ki < q.kernelH(); ki++) {
                    int ih = oh - q.padH() + ki * q.dilationH();
                    if (ih < 0 || ih >= q.inH()) {
                        continue;
                    }
                    for (int kj = 0; kj < q.kernelW(); kj++) {
                        int iw = ow - q.padW() + kj * q.dilationW();
                        float v = iw >= 0 && iw < q.inW() ? src[sOff + ih * q.inW() + iw] : 0f;
                        s = Math.fma(w[wOff + ki * q.kernelW() + kj], v, s);
                    }
                }
                dst[dOff + oh * q.outW() + ow] = s;
            }
        }
    }

    /**
     * Scalar reference of {@link DepthwiseSimdFloat#weight} with one lane: sums[sumsOff + t] += Σ_pixels
     * gy[gyOff + pixel] · x at tap t's shift from it (taps reaching outside the input skipped), each plane summed
     * on its own before it is added.
     */
    static void weightScalar(DepthwiseGeometry q, float[] x, int xOff, float[] gy, int gyOff, float[] sums,
                             int sumsOff) {
        for (int ki = 0; ki < q.kernelH(); ki++) {
            for (int kj = 0; kj < q.kernelW(); kj++) {
                float s = 0f;
                for (int oh = 0; oh < q.outH(); oh++) {
                    int ih = oh - q.padH() + ki * q.dilationH();
                    if (ih < 0 || ih >= q.inH()) {
                        continue;
                    }
                    for (int ow = 0; ow < q.outW(); ow++) {
                        int iw = ow - q.padW() + kj * q.dilationW();
                        if (iw >= 0 && iw < q.inW()) {
                            s = Math.fma(gy[gyOff + oh * q.outW() + ow], x[xOff + ih * q.inW() + iw], s);
                        }
                    }
                }
                sums[sumsOff + ki * q.kernelW() + kj] += s;
            }
        }
    }
}
