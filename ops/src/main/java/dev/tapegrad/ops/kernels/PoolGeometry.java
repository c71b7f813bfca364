package dev.tapegrad.ops.kernels;

/**
 * Shapes of one 2-D pooling over {@code planes} independent channels (batch × channels) of
 * inH × inW pixels, giving outH × outW each. Window (oh, ow) covers input rows
 * oh·strideH - padH + ki·dilationH for ki in [0, kernelH), and likewise for columns; taps outside the
 * input are skipped (max) or count as zeros (average, when the divisor includes padding).
 */
public record PoolGeometry(int planes, int inH, int inW, int outH, int outW,
                           int kernelH, int kernelW, int strideH, int strideW,
                           int padH, int padW, int dilationH, int dilationW) {

    public int inPlane() {
        return inH * inW;
    }

    public int outPlane() {
        return outH * outW;
    }

    /** The plane-relative input index of tap ki·kernelW + kj of window (oh, ow) (a tap inside the input). */
    int tapIndex(int oh, int ow, int tap) {
        return tapIndex(oh, ow, tap, inW);
    }

    /** As {@link #tapIndex(int, int, int)} in a plane whose rows are rowStride apart. */
    int tapIndex(int oh, int ow, int tap, int rowStride) {
        int ih = oh * strideH - padH + (tap / kernelW) * dilationH;
        int iw = ow * strideW - padW + (tap % kernelW) * dilationW;
        return ih * rowStride + iw;
    }

    /** As {@link #tapIndex(int, int, int)} in a plane stored transposed (columns of inH elements). */
    int tapIndexTransposed(int oh, int ow, int tap) {
        int ih = oh * strideH - padH + (tap / kernelW) * dilationH;
        int iw = ow * strideW - padW + (tap % kernelW) * dilationW;
        return iw * inH + ih;
    }

    /** The common 2×2, stride-2, unpadded, undilated window that tiles the input. */
    public boolean isTwoByTwo() {
        return kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2 && padH == 0 && padW == 0
                && dilationH == 1 && dilationW == 1 && 2 * outH <= inH && 2 * outW <= inW;
    }

    /**
     * Divisor of average window (oh, ow), as PyTorch: the window clipped to the padded input
     * (input + padding on both sides), then, unless {@code countIncludePad}, to the input itself.
     */
    int avgDivisor(int oh, int ow, boolean countIncludePad) {
        int h0 = oh * strideH - padH;
        int w0 = ow * strideW - padW;
        int h1 = Math.min(h0 + kernelH, inH + padH);
        int w1 = Math.min(w0 + kernelW, inW + padW);
        if (countIncludePad) {
            return (h1 - h0) * (w1 - w0);
        }
        return (Math.min(h1, inH) - Math.max(h0, 0)) * (Math.min(w1, inW) - Math.max(w0, 0));
    }
}
