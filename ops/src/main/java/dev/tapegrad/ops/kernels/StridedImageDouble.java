// GENERATED from StridedImageFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

/**
 * A stride-2 layer's input image held so that every tap of a row of output pixels is a run of consecutive
 * elements: each channel's rows padded above and below (row ih at ih + padH, the rows outside the input
 * zero), each row split by column parity into an even and an odd half, each half with its zero padding on
 * both sides. Tap (ki, kj) of output pixel (oh, ow) then lies at {@link #tapOffset} + 2·oh·{@link #rowLength}
 * + ow, so the forward's register tile reads B in place ({@link ImplicitGemmSimdDouble}) instead of from packed
 * panels. FLOAT64; Generated from {@link StridedImageFloat}: edit that file, not this one.
 */
final class StridedImageDouble {
    private static final boolean SIMD = Kernels.simd();

    /** Per-thread image and the geometry whose zero padding it holds (only the inside is rewritten). */
    private static final ThreadLocal<double[]> IMAGE = ThreadLocal.withInitial(() -> new double[0]);
    private static final ThreadLocal<ConvGeometry> LAYOUT = new ThreadLocal<>();

    private StridedImageDouble() {}

    /** Whether g is laid out so: stride 2 in both directions, no dilation. */
    static boolean applies(ConvGeometry g) {
        return g.strideH() == 2 && g.strideW() == 2 && g.dilationH() == 1 && g.dilationW() == 1;
    }

    /** Half-row index of input column 2·i (even half) or 2·i + 1 (odd half), less i: the left padding. */
    private static int left(ConvGeometry g) {
        return -Math.floorDiv(-g.padW(), 2);
    }

    /** Elements of one half row: every half-column a tap reads. */
    private static int half(ConvGeometry g) {
        return g.outW() + Math.floorDiv(g.kernelW() - 1 - g.padW(), 2) + left(g);
    }

    /** Elements of one padded, split row. */
    static int rowLength(ConvGeometry g) {
        return 2 * half(g);
    }

    /** Padded rows of a channel: every row a tap reads. */
    private static int rows(ConvGeometry g) {
        return 2 * (g.outH() - 1) + g.kernelH();
    }

    /** Elements from one channel plane to the next. */
    static int plane(ConvGeometry g) {
        return rows(g) * rowLength(g);
    }

    /** Where tap (ki, kj) of channel c for output pixel (0, 0) lies. */
    static int tapOffset(ConvGeometry g, int c, int ki, int kj) {
        int off = kj - g.padW();
        int parity = Math.floorMod(off, 2);
        return c * plane(g) + ki * rowLength(g) + parity * half(g) + Math.floorDiv(off, 2) + left(g);
    }

    /**
     * The groupIn channels of the image at xOff in this layout, in a per-thread buffer whose padding is zeroed
     * when the geometry changes: input row ih of channel c goes to padded row ih + padH, its even columns to
     * the even half from left(g) on, its odd ones to the odd half.
     */
    static double[] fill(ConvGeometry g, double[] x, int xOff) {
        int size = g.groupIn() * plane(g);
        double[] img = IMAGE.get();
        if (img.length < size || !g.equals(LAYOUT.get())) {
            img = img.length < size ? new double[size] : img;
            java.util.Arrays.fill(img, 0, size, 0.0);
            IMAGE.set(img);
            LAYOUT.set(g);
        }
        int row = rowLength(g);
        int h = half(g);
        int left = left(g);
        int evenPairs = Math.min((g.inW() + 1) / 2, h - left);
        int oddPairs = Math.min(g.inW() / 2, h - left);
        int pairs = Math.min(evenPairs, oddPairs);
        int firstRow = Math.max(0, -g.padH());
        int endRow = Math.min(g.inH(), rows(g) - g.padH());
        for (int c = 0; c < g.groupIn(); c++) {
            for (int ih = firstRow; ih < endRow; ih++) {
                int xr = xOff + c * g.inPlane() + ih * g.inW();
                int even = c * plane(g) + (ih + g.padH()) * row + left;
                int odd = even + h;
                int i = SIMD ? Im2colSimdDouble.split(x, xr, pairs, img, even, odd) : 0;
                for (; i < pairs; i++) {
                    img[even + i] = x[xr + 2 * i];
                    img[odd + i] = x[xr + 2 * i + 1];
                }
                for (; i < evenPairs; i++) {
                    img[even + i] = x[xr + 2 * i];
                }
                for (; i < oddPairs; i++) {
                    img[odd + i] = x[xr + 2 * i + 1];
                }
            }
        }
        return img;
    }
}
