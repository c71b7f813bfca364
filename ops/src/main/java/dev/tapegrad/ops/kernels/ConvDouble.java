package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * FLOAT64 2-D convolution kernels over NCHW arrays (offset 0, contiguous): the forward, the input
 * gradient (which is also the transposed convolution's forward) and the weight gradient. Two methods:
 * {@link ConvMethod#GEMM} unfolds each image and group with {@link Im2col} (nothing to unfold for a
 * pointwise 1×1 convolution) and multiplies with {@link Gemm}; {@link ConvMethod#DIRECT} runs the taps as
 * row-wise axpys, which wins when each group has few channels (depthwise, first layers).
 * Work is split over images (weight gradient: over a fixed number of image ranges, summed in a fixed
 * order), so results do not depend on the thread count. {@link ConvFloat} is the same code for FLOAT32.
 */
public final class ConvDouble {
    private ConvDouble() {}

    /** Number of image ranges whose weight gradients are summed, independent of the thread count. */
    static final int WEIGHT_PARTS = 4;

    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    private static double[] scratch(int size) {
        double[] s = SCRATCH.get();
        if (s.length < size) {
            s = new double[size];
            SCRATCH.set(s);
        }
        return s;
    }

    /** y = conv(x, w) + bias (bias may be null); overwrites y. */
    public static void forward(ConvGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        forward(ConvMethod.choose(g), g, x, w, bias, y);
    }

    public static void forward(ConvMethod m, ConvGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        int xs = g.inChannels() * g.inPlane();
        int ys = g.outChannels() * g.outPlane();
        ConvMethod.forEach(g.batch(), (from, to) -> {
            for (int n = from; n < to; n++) {
                if (m == ConvMethod.DIRECT) {
                    DirectConvDouble.forward(g, x, n * xs, w, bias, y, n * ys);
                } else {
                    forwardGemm(g, x, n * xs, w, bias, y, n * ys);
                }
            }
        });
    }

    /** gx = d⟨gy, conv(x, w)⟩/dx, the transposed convolution of gy with w; overwrites gx. */
    public static void backwardData(ConvGeometry g, double[] gy, double[] w, double[] gx) {
        backwardData(ConvMethod.choose(g), g, gy, w, gx);
    }

    public static void backwardData(ConvMethod m, ConvGeometry g, double[] gy, double[] w, double[] gx) {
        int xs = g.inChannels() * g.inPlane();
        int ys = g.outChannels() * g.outPlane();
        ConvMethod.forEach(g.batch(), (from, to) -> {
            for (int n = from; n < to; n++) {
                if (m == ConvMethod.DIRECT) {
                    DirectConvDouble.backwardData(g, gy, n * ys, w, gx, n * xs);
                } else {
                    backwardDataGemm(g, gy, n * ys, w, gx, n * xs);
                }
            }
        });
    }

    /** gw = d⟨gy, conv(x, w)⟩/dw, the correlation of x with gy summed over the batch; overwrites gw. */
    public static void backwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) {
        backwardWeight(ConvMethod.choose(g), g, x, gy, gw);
    }

    public static void backwardWeight(ConvMethod m, ConvGeometry g, double[] x, double[] gy, double[] gw) {
        int size = g.weightSize();
        Arrays.fill(gw, 0, size, 0.0);
        if (m == ConvMethod.DIRECT) {
            ConvMethod.forEach(g.outChannels(), (from, to) -> {
                for (int o = from; o < to; o++) {
                    DirectConvDouble.backwardWeight(g, x, gy, gw, o);
                }
            });
            return;
        }
        int parts = Math.min(g.batch(), WEIGHT_PARTS);
        double[][] partial = new double[parts][];
        ConvMethod.forEach(parts, (from, to) -> {
            for (int part = from; part < to; part++) {
                double[] acc = part == 0 ? gw : new double[size];
                int n0 = ConvMethod.bound(g.batch(), part, parts);
                int n1 = ConvMethod.bound(g.batch(), part + 1, parts);
                for (int n = n0; n < n1; n++) {
                    backwardWeightGemm(g, x, gy, n, acc);
                }
                partial[part] = acc;
            }
        });
        for (int part = 1; part < parts; part++) {
            double[] p = partial[part];
            for (int i = 0; i < size; i++) {
                gw[i] += p[i];
            }
        }
    }

    // ------------------------------------------------------------------ GEMM method, one image

    private static void forwardGemm(ConvGeometry g, double[] x, int xOff, double[] w, double[] bias, double[] y, int yOff) {
        int og = g.groupOut();
        int kg = g.patch();
        int plane = g.outPlane();
        for (int grp = 0; grp < g.groups(); grp++) {
            int xg = xOff + grp * g.groupIn() * g.inPlane();
            double[] col = x;
            int colOff = xg;
            if (!g.isPointwise()) {
                col = scratch(kg * plane);
                colOff = 0;
                Im2col.im2col(g, x, xg, col);
            }
            Gemm.dgemm(false, false, og, plane, kg, w, grp * og * kg, kg, col, colOff, plane,
                    0.0, y, yOff + grp * og * plane, plane);
        }
        addBias(g, bias, y, yOff);
    }

    private static void backwardDataGemm(ConvGeometry g, double[] gy, int gyOff, double[] w, double[] gx, int gxOff) {
        int og = g.groupOut();
        int kg = g.patch();
        int plane = g.outPlane();
        if (!g.isPointwise()) {
            Arrays.fill(gx, gxOff, gxOff + g.inChannels() * g.inPlane(), 0.0);
        }
        for (int grp = 0; grp < g.groups(); grp++) {
            int xg = gxOff + grp * g.groupIn() * g.inPlane();
            int wOff = grp * og * kg;
            int yg = gyOff + grp * og * plane;
            if (g.isPointwise()) {
                Gemm.dgemm(true, false, kg, plane, og, w, wOff, kg, gy, yg, plane, 0.0, gx, xg, plane);
            } else {
                double[] col = scratch(kg * plane);
                Gemm.dgemm(true, false, kg, plane, og, w, wOff, kg, gy, yg, plane, 0.0, col, 0, plane);
                Im2col.col2im(g, col, gx, xg);
            }
        }
    }

    /** acc += gy[n] · im2col(x[n])ᵀ for every group. */
    private static void backwardWeightGemm(ConvGeometry g, double[] x, double[] gy, int n, double[] acc) {
        int og = g.groupOut();
        int kg = g.patch();
        int plane = g.outPlane();
        int xOff = n * g.inChannels() * g.inPlane();
        int gyOff = n * g.outChannels() * plane;
        for (int grp = 0; grp < g.groups(); grp++) {
            int xg = xOff + grp * g.groupIn() * g.inPlane();
            double[] col = x;
            int colOff = xg;
            if (!g.isPointwise()) {
                col = scratch(kg * plane);
                colOff = 0;
                Im2col.im2col(g, x, xg, col);
            }
            Gemm.dgemm(false, true, og, kg, plane, gy, gyOff + grp * og * plane, plane, col, colOff, plane,
                    1.0, acc, grp * og * kg, kg);
        }
    }

    private static void addBias(ConvGeometry g, double[] bias, double[] y, int yOff) {
        if (bias == null) {
            return;
        }
        int plane = g.outPlane();
        for (int o = 0; o < g.outChannels(); o++) {
            double b = bias[o];
            int base = yOff + o * plane;
            for (int p = 0; p < plane; p++) {
                y[base + p] += b;
            }
        }
    }
}
