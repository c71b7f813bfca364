package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * Copies a strided FLOAT32 view (storage, offset, shape, non-negative strides) into a dense row-major
 * array at memory speed, so that a kernel fed a view (expanded, transposed, narrowed, permuted) pays one
 * pass over its elements. The layout is first reduced ({@link CopyLayout}); then each innermost row is
 * one {@code System.arraycopy} (stride 1) or one {@code Arrays.fill} (stride 0, an expanded dim); when
 * instead another dim has stride 1 (a transposed or permuted view) that dim and the last are copied in
 * square tiles, so that reads and writes both stay within a few cache lines; any other row is walked with
 * its stride. {@link StridedCopyDouble} is generated from this file for FLOAT64.
 */
public final class StridedCopyFloat {
    private StridedCopyFloat() {}

    /** Side of the tiles of a transposing copy. */
    static final int TILE = 32;

    /** dst[i] = src[offset + Σ_d index_d(i) · strides[d]] for i in row-major order over shape. */
    public static void copy(float[] src, int offset, int[] shape, int[] strides, float[] dst) {
        CopyLayout l = CopyLayout.of(shape, strides);
        int rank = l.rank();
        if (l.count() == 0) {
            return;
        }
        if (rank == 0) {
            dst[0] = src[offset];
            return;
        }
        int[] size = l.sizes();
        int[] stride = l.strides();
        int unit = l.unitDim();
        if (unit >= 0 && unit < rank - 1 && stride[rank - 1] != 0) {
            copyTiled(src, offset, size, stride, unit, dst);
            return;
        }
        int n = size[rank - 1];
        int s = stride[rank - 1];
        int[] outerSize = Arrays.copyOf(size, rank - 1);
        int[] outerStride = Arrays.copyOf(stride, rank - 1);
        int[] index = new int[rank - 1];
        int d = 0;
        do {
            row(src, offset + CopyLayout.dot(index, outerStride), s, n, dst, d);
            d += n;
        } while (CopyLayout.advance(index, outerSize));
    }

    private static void row(float[] src, int p, int s, int n, float[] dst, int d) {
        if (s == 1) {
            System.arraycopy(src, p, dst, d, n);
        } else if (s == 0) {
            Arrays.fill(dst, d, d + n, src[p]);
        } else {
            for (int i = 0; i < n; i++) {
                dst[d + i] = src[p + i * s];
            }
        }
    }

    /**
     * The dim u of stride 1 and the last dim (stride s) copied as an m×n block in TILE×TILE tiles, once per
     * index of the other dims; in dst, u's stride is the product of the sizes after it.
     */
    private static void copyTiled(float[] src, int offset, int[] size, int[] stride, int u, float[] dst) {
        int rank = size.length;
        int m = size[u];
        int n = size[rank - 1];
        int s = stride[rank - 1];
        int[] dense = new int[rank];
        int total = 1;
        for (int d = rank - 1; d >= 0; d--) {
            dense[d] = total;
            total *= size[d];
        }
        int[] outerSize = new int[rank - 2];
        int[] outerStride = new int[rank - 2];
        int[] outerDense = new int[rank - 2];
        for (int d = 0, k = 0; d < rank - 1; d++) {
            if (d != u) {
                outerSize[k] = size[d];
                outerStride[k] = stride[d];
                outerDense[k] = dense[d];
                k++;
            }
        }
        int dstU = dense[u];
        int[] index = new int[rank - 2];
        do {
            int p = offset + CopyLayout.dot(index, outerStride);
            int q = CopyLayout.dot(index, outerDense);
            for (int i0 = 0; i0 < m; i0 += TILE) {
                int i1 = Math.min(m, i0 + TILE);
                for (int j0 = 0; j0 < n; j0 += TILE) {
                    int len = Math.min(n, j0 + TILE) - j0;
                    for (int i = i0; i < i1; i++) {
                        int from = p + i + j0 * s;
                        int to = q + i * dstU + j0;
                        for (int j = 0; j < len; j++) {
                            dst[to + j] = src[from + j * s];
                        }
                    }
                }
            }
        } while (CopyLayout.advance(index, outerSize));
    }
}
