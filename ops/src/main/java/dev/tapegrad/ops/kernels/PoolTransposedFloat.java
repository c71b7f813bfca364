package dev.tapegrad.ops.kernels;

/**
 * FLOAT32 pooling of NCHW views whose H dim has stride 1 (H and W transposed: each plane stored as its transpose,
 * [N, C, W, H]), read in place. 2×2 tiles pool each stored plane a pair of its rows at a time with windows read as
 * (a c / b d) ({@link PoolTilesFloat}'s transposed rows), so that ties, NaNs and the order of the additions are the
 * view's; each plane's result is transposed back in registers into a contiguous y, while max pooling's argmax keeps
 * the stored order ([N, C, OW, OH] row-major), where its scatter writes a gradient stored as the input was ([N, C, W,
 * H] row-major, so that transpose's vjp hands it on without a copy). The same values and argmax as for the
 * contiguous copy. {@link PoolTransposedDouble} is generated from this file for FLOAT64.
 */
public final class PoolTransposedFloat {
    private PoolTransposedFloat() {}

    /** True when the transposes of pooled planes go through {@link TransposeFloatSimd}. */
    private static final boolean TRANSPOSE_SIMD = Kernels.simd() && TransposeFloatSimd.FITS;

    /**
     * 2×2 max pooling of an NCHW view whose H dim has stride 1 (storage src from offset, strides {sN, sC, sH, sW},
     * {@code channels} planes per image): y contiguous NCHW, argmaxT in [N, C, OW, OH] row-major order (as {@link
     * #maxScatter} reads it).
     */
    public static void maxForward(PoolGeometry g, int channels, float[] src, int offset, int[] strides, float[] y,
                                  float[] argmaxT) {
        boolean simd = Kernels.simd();
        int rowStride = strides[3];
        int outH = g.outH();
        ConvMethod.forEach(g.planes(), (from, to) -> {
            float[] t = new float[g.outPlane()];
            for (int p = from; p < to; p++) {
                int xOff = offset + p / channels * strides[0] + p % channels * strides[1];
                int yOff = p * g.outPlane();
                for (int ow = 0; ow < g.outW(); ow++) {
                    int r0 = xOff + 2 * ow * rowStride;
                    PoolTilesFloat.maxRow(src, r0, r0 + rowStride, t, ow * outH, argmaxT, yOff + ow * outH, outH, true,
                            simd);
                }
                transposePlane(t, g.outW(), outH, y, yOff);
            }
        });
    }

    /** 2×2 average pooling of a view whose H dim has stride 1, read in place as {@link #maxForward}. */
    public static void avgForward(PoolGeometry g, int channels, float[] src, int offset, int[] strides, float[] y) {
        boolean simd = Kernels.simd();
        int rowStride = strides[3];
        int outH = g.outH();
        ConvMethod.forEach(g.planes(), (from, to) -> {
            float[] t = new float[g.outPlane()];
            for (int p = from; p < to; p++) {
                int xOff = offset + p / channels * strides[0] + p % channels * strides[1];
                for (int ow = 0; ow < g.outW(); ow++) {
                    int r0 = xOff + 2 * ow * rowStride;
                    PoolTilesFloat.avgRow(src, r0, r0 + rowStride, t, ow * outH, outH, true, simd);
                }
                transposePlane(t, g.outW(), outH, y, p * g.outPlane());
            }
        });
    }

    /** y[yOff + c·rows + r] = t[r·cols + c]: a rows × cols plane transposed, 8×8 blocks in registers. */
    private static void transposePlane(float[] t, int rows, int cols, float[] y, int yOff) {
        int r0 = 0;
        if (TRANSPOSE_SIMD) {
            int b = TransposeFloatSimd.B;
            for (; r0 + b <= rows; r0 += b) {
                int c0 = 0;
                for (; c0 + b <= cols; c0 += b) {
                    TransposeFloatSimd.block(t, r0 * cols + c0, cols, y, yOff + c0 * rows + r0, rows);
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
    public static void maxScatter(PoolGeometry g, float[] gyT, float[] argmaxT, float[] gxT) {
        boolean simd = Kernels.simd();
        int rowStride = g.inH();
        int outH = g.outH();
        ConvMethod.forEach(g.planes(), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int r0 = p * g.inPlane() + 2 * ow * rowStride;
                    int r1 = r0 + rowStride;
                    int src = p * g.outPlane() + ow * outH;
                    int done = simd ? PoolFloatSimd.maxScatterRow(gyT, argmaxT, src, gxT, r0, r1, outH, true) : 0;
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
     * As {@link PoolFloat#maxScatter(PoolGeometry, float[], float[], float[])} (any windows; gy and argmax
     * contiguous NCHW) into gxT stored with H and W transposed ([N, C, W, H] row-major, zeroed by the caller): the
     * gradient of an input stored so.
     */
    public static void maxScatterInto(PoolGeometry g, float[] gy, float[] argmax, float[] gxT) {
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
    public static void avgBackward(PoolGeometry g, float[] gyT, float[] gxT) {
        PoolGeometry stored = new PoolGeometry(g.planes(), g.inW(), g.inH(), g.outW(), g.outH(), 2, 2, 2, 2, 0, 0, 1, 1);
        PoolFloat.avgBackward(stored, gyT, gxT, true);
    }
}
