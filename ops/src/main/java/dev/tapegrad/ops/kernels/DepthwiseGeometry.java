package dev.tapegrad.ops.kernels;

/**
 * One plane of a depthwise convolution as a correlation at unit stride: out[oh][ow] = init +
 * Σ_ki Σ_kj w[ki·kernelW + kj] · in[oh - padH + ki·dilationH][ow - padW + kj·dilationW], reading zeros outside
 * the inH × inW input (the padding may be negative: the transposed correlation of a layer padded by more than its
 * kernel's reach). The forward of a layer is such a correlation of x, its input gradient one of the output
 * gradient with the kernel turned by 180° ({@link #transposed}). Shared by {@link DepthwiseConvFloat} and its
 * FLOAT64 twin.
 */
record DepthwiseGeometry(int inH, int inW, int outH, int outW, int kernelH, int kernelW, int padH, int padW,
                         int dilationH, int dilationW) {

    /**
     * Whether the DEPTHWISE method computes g: one input and one output channel per group (PyTorch's
     * depthwise layers with a channel multiplier of 1, whatever the number of groups), at any stride (strided
     * layers by {@link DepthwiseStridedFloat}).
     */
    static boolean applies(ConvGeometry g) {
        return g.groupIn() == 1 && g.groupOut() == 1;
    }

    /** Whether g (where {@link #applies}) is strided, computed by {@link DepthwiseStridedFloat}. */
    static boolean strided(ConvGeometry g) {
        return g.strideH() != 1 || g.strideW() != 1;
    }

    /** The forward of g: x's planes correlated into y's. */
    static DepthwiseGeometry forward(ConvGeometry g) {
        return new DepthwiseGeometry(g.inH(), g.inW(), g.outH(), g.outW(), g.kernelH(), g.kernelW(), g.padH(),
                g.padW(), g.dilationH(), g.dilationW());
    }

    /**
     * The input gradient of g: gx[ih][iw] = Σ w[ki][kj] · gy[ih + padH - ki·dH][iw + padW - kj·dW], the output
     * gradient's planes correlated with the turned kernel w'[a][b] = w[kH-1-a][kW-1-b], padded by
     * (k - 1)·d - pad.
     */
    static DepthwiseGeometry transposed(ConvGeometry g) {
        return new DepthwiseGeometry(g.outH(), g.outW(), g.inH(), g.inW(), g.kernelH(), g.kernelW(),
                (g.kernelH() - 1) * g.dilationH() - g.padH(), (g.kernelW() - 1) * g.dilationW() - g.padW(),
                g.dilationH(), g.dilationW());
    }

    int taps() {
        return kernelH * kernelW;
    }

    int inPlane() {
        return inH * inW;
    }

    int outPlane() {
        return outH * outW;
    }

    /** A 3×3 kernel without dilation: the register-blocked kernels apply. */
    boolean is3x3() {
        return kernelH == 3 && kernelW == 3 && dilationH == 1 && dilationW == 1;
    }
}
