package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The DEPTHWISE method in FLOAT32 for strided layers (one input and one output channel per group, a stride above
 * 1 in either direction), the forward, the input gradient and the weight gradient plane by plane. With the Vector
 * API, {@link DepthwiseStridedSimdFloat} reads each input plane through a copy split into column phases
 * ({@link #split}: the columns iw ≡ σ mod strideW side by side, zeros around them), where the columns a tap reads
 * for consecutive outputs lie next to each other; the input gradient is computed in that split layout and
 * {@link #merge}d back. Without it, the scalar loops below, which the forward and the input gradient match bit for
 * bit: per element, one fused multiply-add per tap in weight order, rows outside the plane skipped and columns
 * outside it read as zeros (the input gradient takes only the taps that land on its element); DIRECT adds its
 * strided taps in another order, so the two agree within rounding. {@link DepthwiseStridedDouble} is generated
 * from this file for FLOAT64.
 */
final class DepthwiseStridedFloat {
    private DepthwiseStridedFloat() {}

    private static final boolean SIMD = Kernels.simd();

    /** Per-thread scratch: a split or padded plane, rows, the weight gradient's lane sums and the taps' shifts. */
    static final class Scratch {
        float[] plane = new float[0];
        float[] rows = new float[0];
        float[] sums = new float[0];
        int[] shifts = new int[0];

        float[] plane(int n) {
            return plane = Buffers.atLeast(plane, n);
        }

        float[] rows(int n) {
            return rows = Buffers.atLeast(rows, n);
        }

        int[] shifts(int n) {
            return shifts = Buffers.atLeast(shifts, n);
        }

        /** n zeros. */
        float[] sums(int n) {
            sums = Buffers.atLeast(sums, n);
            Arrays.fill(sums, 0, n, 0f);
            return sums;
        }
    }

    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** y = conv(x, w) + bias (bias may be null), g depthwise and strided; overwrites y. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        int channels = g.outChannels();
        int taps = g.kernelH() * g.kernelW();
        ConvMethod.forEach(g.batch() * channels, (from, to) -> {
            for (int p = from; p < to; p++) {
                int c = p % channels;
                float init = bias == null ? 0f : bias[c];
                if (SIMD) {
                    DepthwiseStridedSimdFloat.forward(g, x, p * g.inPlane(), w, c * taps, init, y, p * g.outPlane());
                } else {
                    forwardScalar(g, x, p * g.inPlane(), w, c * taps, init, y, p * g.outPlane());
                }
            }
        });
    }

    /** gx = the transposed convolution of gy with w, g depthwise and strided; overwrites gx. */
    static void backwardData(ConvGeometry g, float[] gy, float[] w, float[] gx) {
        int channels = g.inChannels();
        int taps = g.kernelH() * g.kernelW();
        ConvMethod.forEach(g.batch() * channels, (from, to) -> {
            for (int p = from; p < to; p++) {
                int c = p % channels;
                if (SIMD) {
                    DepthwiseStridedSimdFloat.backwardData(g, gy, p * g.outPlane(), w, c * taps, gx, p * g.inPlane());
                } else {
                    backwardDataScalar(g, gy, p * g.outPlane(), w, c * taps, gx, p * g.inPlane());
                }
            }
        });
    }

    /**
     * gw[c][t] = Σ_n Σ_pixels gy[n][c] · x[n][c] at tap t's strided position, g depthwise and strided; overwrites
     * gw. As the unit-stride kernel: channels split over threads, each summed over the batch in order, in lanes.
     */
    static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        int channels = g.outChannels();
        int taps = g.kernelH() * g.kernelW();
        int lanes = SIMD ? DepthwiseStridedSimdFloat.lanes() : 1;
        ConvMethod.forEach(channels, (from, to) -> {
            int per = taps * lanes;
            float[] sums = SCRATCH.get().sums((to - from) * per);
            for (int n = 0; n < g.batch(); n++) {
                for (int c = from; c < to; c++) {
                    int p = n * channels + c;
                    if (SIMD) {
                        DepthwiseStridedSimdFloat.weight(g, x, p * g.inPlane(), gy, p * g.outPlane(), sums,
                                (c - from) * per);
                    } else {
                        weightScalar(g, x, p * g.inPlane(), gy, p * g.outPlane(), sums, (c - from) * per);
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

    /** Columns of phase σ in a row of width w split by stride s: the iw < w with iw ≡ σ mod s. */
    static int phaseLength(int w, int s, int sigma) {
        return Math.max(0, Math.ceilDiv(w - sigma, s));
    }

    /**
     * Copies the inH × inW plane at src[off] into dst[dOff] split into column phases: row ih at dOff + ih·rowLen,
     * phase σ at σ·segment + left within it, dst[…+ b] = src[ih·inW + s·b + σ]; every other element of the rows
     * zero.
     */
    static void split(float[] src, int off, int inH, int inW, int s, float[] dst, int dOff, int rowLen, int segment,
                      int left) {
        Arrays.fill(dst, dOff, dOff + inH * rowLen, 0f);
        for (int ih = 0; ih < inH; ih++) {
            int r = off + ih * inW;
            int d = dOff + ih * rowLen + left;
            for (int sigma = 0; sigma < s; sigma++) {
                int n = phaseLength(inW, s, sigma);
                int o = d + sigma * segment;
                for (int b = 0; b < n; b++) {
                    dst[o + b] = src[r + s * b + sigma];
                }
            }
        }
    }

    /** The inverse of {@link #split} for one row: dst[dOff + s·b + σ] = src[sOff + σ·segment + b], w columns. */
    static void merge(float[] src, int sOff, int w, int s, int segment, float[] dst, int dOff) {
        for (int sigma = 0; sigma < s; sigma++) {
            int n = phaseLength(w, s, sigma);
            int o = sOff + sigma * segment;
            for (int b = 0; b < n; b++) {
                dst[dOff + s * b + sigma] = src[o + b];
            }
        }
    }

    /**
     * Scalar forward of one plane: y[oh][ow] = init, then per tap in weight order a fused multiply-add of
     * w[ki][kj] and x[oh·sH - pH + ki·dH][ow·sW - pW + kj·dW] (rows outside skipped, columns outside zero).
     */
    static void forwardScalar(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float init, float[] y,
                              int yOff) {
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
                float s = init;
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    int ih = oh * g.strideH() - g.padH() + ki * g.dilationH();
                    if (ih < 0 || ih >= g.inH()) {
                        continue;
                    }
                    for (int kj = 0; kj < g.kernelW(); kj++) {
                        int iw = ow * g.strideW() - g.padW() + kj * g.dilationW();
                        float v = iw >= 0 && iw < g.inW() ? x[xOff + ih * g.inW() + iw] : 0f;
                        s = Math.fma(w[wOff + ki * g.kernelW() + kj], v, s);
                    }
                }
                y[yOff + oh * g.outW() + ow] = s;
            }
        }
    }

    /**
     * Scalar input gradient of one plane: gx[ih][iw] = per tap in weight order that lands on it (ih + pH - ki·dH
     * a multiple of sH, iw + pW - kj·dW of sW), a fused multiply-add of w[ki][kj] and gy at the output it came
     * from (rows outside the output skipped, columns outside it zero).
     */
    static void backwardDataScalar(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx,
                                   int gxOff) {
        for (int ih = 0; ih < g.inH(); ih++) {
            for (int iw = 0; iw < g.inW(); iw++) {
                float s = 0f;
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    int rh = ih + g.padH() - ki * g.dilationH();
                    int oh = Math.floorDiv(rh, g.strideH());
                    if (Math.floorMod(rh, g.strideH()) != 0 || oh < 0 || oh >= g.outH()) {
                        continue;
                    }
                    for (int kj = 0; kj < g.kernelW(); kj++) {
                        int rw = iw + g.padW() - kj * g.dilationW();
                        if (Math.floorMod(rw, g.strideW()) != 0) {
                            continue;
                        }
                        int ow = Math.floorDiv(rw, g.strideW());
                        float v = ow >= 0 && ow < g.outW() ? gy[gyOff + oh * g.outW() + ow] : 0f;
                        s = Math.fma(w[wOff + ki * g.kernelW() + kj], v, s);
                    }
                }
                gx[gxOff + ih * g.inW() + iw] = s;
            }
        }
    }

    /**
     * Scalar weight gradient of one plane with one lane: sums[sumsOff + t] += Σ_pixels gy · x at tap t's strided
     * position (positions outside the input skipped), the plane summed on its own before it is added.
     */
    static void weightScalar(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] sums, int sumsOff) {
        for (int ki = 0; ki < g.kernelH(); ki++) {
            for (int kj = 0; kj < g.kernelW(); kj++) {
                float s = 0f;
                for (int oh = 0; oh < g.outH(); oh++) {
                    int ih = oh * g.strideH() - g.padH() + ki * g.dilationH();
                    if (ih < 0 || ih >= g.inH()) {
                        continue;
                    }
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int iw = ow * g.strideW() - g.padW() + kj * g.dilationW();
                        if (iw >= 0 && iw < g.inW()) {
                            s = Math.fma(gy[gyOff + oh * g.outW() + ow], x[xOff + ih * g.inW() + iw], s);
                        }
                    }
                }
                sums[sumsOff + ki * g.kernelW() + kj] += s;
            }
        }
    }
}
