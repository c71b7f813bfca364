// GENERATED from ConvFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

/**
 * FLOAT64 2-D convolution kernels over NCHW arrays (offset 0, contiguous): the forward, the input
 * gradient (which is also the transposed convolution's forward) and the weight gradient, by the method
 * {@link ConvMethod#choose} (weight gradient: {@link ConvMethod#chooseWeightGradient}) picks for the shape:
 * {@link GemmConvDouble} (im2col and one wide matrix product per chunk of images), {@link DirectConvDouble}
 * (taps as shifted axpys and dots, for few channels per group), {@link DepthwiseConvDouble} (one channel per group;
 * asked of other shapes, it computes as DIRECT) or {@link WinogradDouble} (3×3 stride 1 in one
 * group; asked of other shapes, it computes by GEMM). Direct work is split over images (weight gradient: over
 * output channels), so results do not depend on the thread count. Generated from {@link ConvFloat}: edit that file, not this one.
 */
public final class ConvDouble {
    private ConvDouble() {}

    /** y = conv(x, w) + bias (bias may be null); overwrites y. */
    public static void forward(ConvGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        forward(ConvMethod.choose(g), g, x, w, bias, y);
    }

    public static void forward(ConvMethod m, ConvGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        if (m == ConvMethod.DEPTHWISE && DepthwiseGeometry.applies(g)) {
            DepthwiseConvDouble.forward(g, x, w, bias, y);
            return;
        }
        if (m == ConvMethod.WINOGRAD4 && WinogradDouble.applies(g)) {
            Winograd4Double.forward(g, x, w, bias, y);
            return;
        }
        if (m == ConvMethod.WINOGRAD && WinogradDouble.applies(g)) {
            WinogradDouble.forward(g, x, w, bias, y);
            return;
        }
        if (m != ConvMethod.DIRECT && m != ConvMethod.DEPTHWISE) {
            GemmConvDouble.forward(g, x, w, bias, y);
            return;
        }
        int xs = g.inChannels() * g.inPlane();
        int ys = g.outChannels() * g.outPlane();
        ConvMethod.forEach(g.batch(), (from, to) -> {
            for (int n = from; n < to; n++) {
                DirectConvDouble.forward(g, x, n * xs, w, bias, y, n * ys);
            }
        });
    }

    /** gx = d⟨gy, conv(x, w)⟩/dx, the transposed convolution of gy with w; overwrites gx. */
    public static void backwardData(ConvGeometry g, double[] gy, double[] w, double[] gx) {
        backwardData(ConvMethod.choose(g), g, gy, w, gx);
    }

    public static void backwardData(ConvMethod m, ConvGeometry g, double[] gy, double[] w, double[] gx) {
        if (m == ConvMethod.DEPTHWISE && DepthwiseGeometry.applies(g)) {
            DepthwiseConvDouble.backwardData(g, gy, w, gx);
            return;
        }
        if (m == ConvMethod.WINOGRAD4 && WinogradDouble.applies(g)) {
            Winograd4Double.backwardData(g, gy, w, gx);
            return;
        }
        if (m == ConvMethod.WINOGRAD && WinogradDouble.applies(g)) {
            WinogradDouble.backwardData(g, gy, w, gx);
            return;
        }
        if (m != ConvMethod.DIRECT && m != ConvMethod.DEPTHWISE) {
            GemmConvDouble.backwardData(g, gy, w, gx);
            return;
        }
        int xs = g.inChannels() * g.inPlane();
        int ys = g.outChannels() * g.outPlane();
        ConvMethod.forEach(g.batch(), (from, to) -> {
            for (int n = from; n < to; n++) {
                DirectConvDouble.backwardData(g, gy, n * ys, w, gx, n * xs);
            }
        });
    }

    /** gw = d⟨gy, conv(x, w)⟩/dw, the correlation of x with gy summed over the batch; overwrites gw. */
    public static void backwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) {
        backwardWeight(ConvMethod.chooseWeightGradient(g), g, x, gy, gw);
    }

    public static void backwardWeight(ConvMethod m, ConvGeometry g, double[] x, double[] gy, double[] gw) {
        if (m == ConvMethod.DEPTHWISE && DepthwiseGeometry.applies(g)) {
            DepthwiseConvDouble.backwardWeight(g, x, gy, gw);
            return;
        }
        if (m == ConvMethod.WINOGRAD4 && WinogradDouble.applies(g)) {
            Winograd4Double.backwardWeight(g, x, gy, gw);
            return;
        }
        if (m == ConvMethod.WINOGRAD && WinogradDouble.applies(g)) {
            WinogradDouble.backwardWeight(g, x, gy, gw);
            return;
        }
        if (m != ConvMethod.DIRECT && m != ConvMethod.DEPTHWISE) {
            GemmConvDouble.backwardWeight(g, x, gy, gw);
            return;
        }
        DirectConvWeightDouble.backwardWeight(g, x, gy, gw);
    }
}
