package dev.tapegrad.ops.kernels;

/**
 * Shapes of one grouped, strided, padded, dilated 2-D convolution in NCHW layout: input
 * [batch, inChannels, inH, inW], weight [outChannels, inChannels/groups, kernelH, kernelW], output
 * [batch, outChannels, outH, outW]. The output size is explicit (not recomputed), so the same geometry
 * serves the forward, the input gradient (a transposed convolution) and the weight gradient. Output
 * positions whose window reaches outside the input read zeros.
 */
public record ConvGeometry(int batch, int inChannels, int inH, int inW,
                           int outChannels, int outH, int outW,
                           int kernelH, int kernelW, int strideH, int strideW,
                           int padH, int padW, int dilationH, int dilationW, int groups) {

    /** Input channels per group. */
    public int groupIn() {
        return inChannels / groups;
    }

    /** Output channels per group. */
    public int groupOut() {
        return outChannels / groups;
    }

    /** Rows of one group's im2col matrix: groupIn · kernelH · kernelW. */
    public int patch() {
        return groupIn() * kernelH * kernelW;
    }

    /** Output pixels per channel. */
    public int outPlane() {
        return outH * outW;
    }

    /** Input pixels per channel. */
    public int inPlane() {
        return inH * inW;
    }

    /** Elements of the weight. */
    public int weightSize() {
        return outChannels * patch();
    }

    /** A 1×1, stride-1, unpadded convolution: a plain matrix product per image and group. */
    public boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0
                && outH == inH && outW == inW;
    }

    /** First output column whose tap at input column offset {@code off} (= kj·dW - padW) lies in the input. */
    int firstCol(int off) {
        return clamp(Math.ceilDiv(-off, strideW), outW);
    }

    /** One past the last such output column. */
    int endCol(int off) {
        return Math.max(firstCol(off), clamp(Math.ceilDiv(inW - off, strideW), outW));
    }

    /** First output row whose tap at input row offset {@code off} (= ki·dH - padH) lies in the input. */
    int firstRow(int off) {
        return clamp(Math.ceilDiv(-off, strideH), outH);
    }

    /** One past the last such output row. */
    int endRow(int off) {
        return Math.max(firstRow(off), clamp(Math.ceilDiv(inH - off, strideH), outH));
    }

    private static int clamp(int v, int hi) {
        return Math.max(0, Math.min(v, hi));
    }
}
