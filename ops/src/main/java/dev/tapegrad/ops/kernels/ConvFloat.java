package dev.tapegrad.ops.kernels;

/**
 * FLOAT32 2-D convolution kernels over NCHW arrays (offset 0, contiguous): the forward, the input
 * gradient (which is also the transposed convolution's forward) and the weight gradient, by the method
 * {@link ConvMethod#choose} (weight gradient: {@link ConvMethod#chooseWeightGradient}) picks for the shape:
 * {@link GemmConvFloat} (im2col and one wide matrix product per chunk of images), {@link DirectConvFloat}
 * (taps as shifted axpys and dots, for few channels per group), {@link DepthwiseConvFloat} (one channel per group;
 * asked of other shapes, it computes as DIRECT) or {@link WinogradFloat} (3×3 stride 1 in one
 * group; asked of other shapes, it computes by GEMM). Direct work is split over images (weight gradient: over
 * output channels), so results do not depend on the thread count. {@link ConvDouble} is generated from this
 * file for FLOAT64.
 */
public final class ConvFloat {
    private ConvFloat() {}

    /** y = conv(x, w) + bias (bias may be null); overwrites y. */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        forward(ConvMethod.choose(g), g, x, w, bias, y);
    }

    public static void forward(ConvMethod m, ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        if (m == ConvMethod.DEPTHWISE && DepthwiseGeometry.applies(g)) {
            DepthwiseConvFloat.forward(g, x, w, bias, y);
            return;
        }
        if (m == ConvMethod.WINOGRAD4 && WinogradFloat.applies(g)) {
            Winograd4Float.forward(g, x, w, bias, y);
            return;
        }
        if (m == ConvMethod.WINOGRAD && WinogradFloat.applies(g)) {
            WinogradFloat.forward(g, x, w, bias, y);
            return;
        }
        if (m != ConvMethod.DIRECT && m != ConvMethod.DEPTHWISE) {
            GemmConvFloat.forward(g, x, w, bias, y);
            return;
        }
        int xs = g.inChannels() * g.inPlane();
        int ys = g.outChannels() * g.outPlane();
        ConvMethod.forEach(g.batch(), (from, to) -> {
            for (int n = from; n < to; n++) {
                DirectConvFloat.forward(g, x, n * xs, w, bias, y, n * ys);
            }
        });
    }

    /** gx = d⟨gy, conv(x, w)⟩/dx, the transposed convolution of gy with w; overwrites gx. */
    public static void backwardData(ConvGeometry g, float[] gy, float[] w, float[] gx) {
        backwardData(ConvMethod.choose(g), g, gy, w, gx);
    }

    public static void backwardData(ConvMethod m, ConvGeometry g, float[] gy, float[] w, float[] gx) {
        if (m == ConvMethod.DEPTHWISE && DepthwiseGeometry.applies(g)) {
            DepthwiseConvFloat.backwardData(g, gy, w, gx);
            return;
        }
        if (m == ConvMethod.WINOGRAD4 && WinogradFloat.applies(g)) {
            Winograd4Float.backwardData(g, gy, w, gx);
            return;
        }
        if (m == ConvMethod.WINOGRAD && WinogradFloat.applies(g)) {
            WinogradFloat.backwardData(g, gy, w, gx);
            return;
        }
        if (m != ConvMethod.DIRECT && m != ConvMethod.DEPTHWISE) {
            GemmConvFloat.backwardData(g, gy, w, gx);
            return;
        }
        int xs = g.inChannels() * g.inPlane();
        int ys = g.outChannels() * g.outPlane();
        ConvMethod.forEach(g.batch(), (from, to) -> {
            for (int n = from; n < to; n++) {
                DirectConvFloat.backwardData(g, gy, n * ys, w, gx, n * xs);
            }
        });
    }

    /** gw = d⟨gy, conv(x, w)⟩/dw, the correlation of x with gy summed over the batch; overwrites gw. */
    public static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        backwardWeight(ConvMethod.chooseWeightGradient(g), g, x, gy, gw);
    }

    public static void backwardWeight(ConvMethod m, ConvGeometry g, float[] x, float[] gy, float[] gw) {
        if (m == ConvMethod.DEPTHWISE && DepthwiseGeometry.applies(g)) {
            DepthwiseConvFloat.backwardWeight(g, x, gy, gw);
            return;
        }
        if (m == ConvMethod.WINOGRAD4 && WinogradFloat.applies(g)) {
            Winograd4Float.backwardWeight(g, x, gy, gw);
            return;
        }
        if (m == ConvMethod.WINOGRAD && WinogradFloat.applies(g)) {
            WinogradFloat.backwardWeight(g, x, gy, gw);
            return;
        }
        if (m != ConvMethod.DIRECT && m != ConvMethod.DEPTHWISE) {
            GemmConvFloat.backwardWeight(g, x, gy, gw);
            return;
        }
        DirectConvWeightFloat.backwardWeight(g, x, gy, gw);
    }
}
