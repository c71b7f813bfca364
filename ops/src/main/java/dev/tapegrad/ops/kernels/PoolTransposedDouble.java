// GENERATED from PoolTransposedFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

/**
 * FLOAT64 pooling of NCHW views whose H dim has stride 1 (H and W transposed: each plane stored as its transpose,
 * [N, C, W, H]), read in place. 2×2 tiles pool each stored plane a pair of its rows at a time with windows read as
 * (a c / b d) ({@link PoolTilesDouble}'s transposed rows), so that ties, NaNs and the order of the additions are the
 * view's; each plane's result is transposed back in registers into a contiguous y, while max pooling's argmax keeps
 * the stored order ([N, C, OW, OH] row-major), where its scatter writes a gradient stored as the input was ([N, C, W,
 * H] row-major, so that transpose's vjp hands it on without a copy). The same values and argmax as for the
 * contiguous copy. Generated from {@link PoolTransposedFloat}: edit that file, not this one.
 */
public final class PoolTransposedDouble {
    private PoolTransposedDouble() {}

    /** True when the transposes of pooled planes go through {@link TransposeDoubleSimd}. */
    private static final boolean TRANSPOSE_SIMD = Kernels.simd() && TransposeDoubleSimd.FITS;

    /**
     * 2×2 max pooling of an NCHW view whose H dim has stride 1 (storage src from offset, strides {sN, sC, sH, sW},
     * {@code channels} planes per image): y contiguous NCHW, argmaxT in [N, C, OW, OH] row-major order (as {@link
     * #maxScatter} reads it).
     */
    public static void maxForward(PoolGeometry g, int channels, double[] src, int offset, int[] strides, double[] y,
                                  double[] argmaxT) {
        boolean simd = Kernels.simd();
        int rowStride = strides[3];
        int outH = g.outH();
        ConvMethod.forEach(g.planes(), (from, to) -> {
            double[] t = new double[g.outPlane()];
            for (int p = from; p < to; p++) {
                int xOff = offset + p / channels * strides[0] + p % channels * strides[1];
                int yOff = p * g.outPlane();
                for (int ow = 0; ow < g.outW(); ow++) {
                    int r0 = xOff + 2 * ow * rowStride;
                    PoolTilesDouble.maxRow(src, r0, r0 + rowStride, t, ow * outH, argmaxT, yOff + ow * outH, outH, true,
                            simd);
                }
                transposePlane(t, g.outW(), outH, y, yOff);
            }
        });
    }

    /** 2×2 average pooling of a view whose H dim has stride 1, read in place as {@link #maxForward}. */
    public static void avgForward(PoolGeometry g, int channels, double[] src, int offset, int[] strides, double[] y) {
        boolean simd = Kernels.simd();
        int rowStride = strides[3];
        int outH = g.outH();
        ConvMethod.forEach(g.planes(), (from, to) -> {
            double[] t = new double[g.outPlane()];
            for (int p = from; p < to; p++) {
                int xOff = offset + p / channels * strides[0] + p % channels * strides[1];
                for (int ow = 0; ow < g.outW(); ow++) {
                    int r0 = xOff + 2 * ow * rowStride;
                    PoolTilesDouble.avgRow(src, r0, r0 + rowStride, t, ow * outH, outH, true, simd);
                }
                transposePlane(t, g.outW(), outH, y, p * g.outPlane());
            }
        });
    }

    /** y[yOff + c·rows + r] = t[r·cols + c]: a rows × cols plane transposed, 8×8 blocks in registers. */
    private static void transposePlane(double[] t, int rows, int cols, double[] y, int yOff) {
        int r0 = 0;
        if (TRANSPOSE_SIMD) {
            int b = TransposeDoubleSimd.B;
            for (; r0 + b <= rows; r0 += b) {
                int c0 = 0;
                for (; c0 + b <= cols; c0 += b) {
                    TransposeDoubleSimd.block(t, r0 * cols + c0, cols, y, yOff + c0 * rows + r0, rows);
                }
                for (int r = r0; r < r0 + b; r++) {
                    for (int c = c0; c < cols; c++) {
                        y[yOff + c * rows + r] = t[r * cols + c];
                    }
                }
            }
        }
        for (int r = r0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                y[yOff + c * rows + r] = t[r * cols + c];
            }
        }
    }

    /**
     * The scatter of a pooling by {@link #maxForward}, in the stored order of its input: gyT and argmaxT in [N, C,
     * OW, OH] row-major order, gxT (zeroed by the caller) in [N, C, W, H] row-major order, so that a transposed
     * view of gxT is the input's gradient.
     */
    public static void maxScatter(PoolGeometry g, double[] gyT, double[] argmaxT, double[] gxT) {
        boolean simd = Kernels.simd();
        int rowStride = g.inH();
        int outH = g.outH();
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int r0 = p * g.inPlane() + 2 * ow * rowStride;
                    int r1 = r0 + rowStride;
                    int src = p * g.outPlane() + ow * outH;
                    int done = simd ? PoolDoubleSimd.maxScatterRow(gyT, argmaxT, src, gxT, r0, r1, outH, true) : 0;
                    for (int oh = done; oh < outH; oh++) {
                        int tap = (int) argmaxT[src + oh];
                        // view tap ki·2 + kj sits in stored row kj, column ki
                        gxT[((tap & 1) == 0 ? r0 : r1) + 2 * oh + (tap >> 1)] += gyT[src + oh];
                    }
                }
            }
        });
    }

    /**
     * As {@link PoolDouble#maxScatter(PoolGeometry, double[], double[], double[])} (any windows; gy and argmax
     * contiguous NCHW) into gxT stored with H and W transposed ([N, C, W, H] row-major, zeroed by the caller): the
     * gradient of an input stored so.
     */
    public static void maxScatterInto(PoolGeometry g, double[] gy, double[] argmax, double[] gxT) {
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int xOff = p * g.inPlane();
                int yOff = p * g.outPlane();
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int i = yOff + oh * g.outW() + ow;
                        int tap = (int) argmax[i];
                        if (tap >= 0) {
                            gxT[xOff + g.tapIndexTransposed(oh, ow, tap)] += gy[i];
                        }
                    }
                }
            }
        });
    }

    /**
     * The adjoint of {@link #avgForward} in the stored order of its input: gyT in [N, C, OW, OH] row-major order
     * into gxT (zeroed by the caller) in [N, C, W, H] row-major order.
     */
    public static void avgBackward(PoolGeometry g, double[] gyT, double[] gxT) {
        PoolGeometry stored = new PoolGeometry(g.planes(), g.inW(), g.inH(), g.outW(), g.outH(), 2, 2, 2, 2, 0, 0, 1, 1);
        PoolDouble.avgBackward(stored, gyT, gxT, true);
    }
}
