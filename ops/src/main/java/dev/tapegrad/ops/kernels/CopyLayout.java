package dev.tapegrad.ops.kernels;

/**
 * A strided view's shape and strides reduced to the fewest dims that address the same elements in the same
 * row-major order: size-1 dims dropped, and a dim merged into the next when its stride is the next's stride
 * times the next's size (expanded dims, stride 0, merge with each other). Used by the strided copies ({@link StridedCopyFloat}); elementwise and reduction loops use {@link StridedLayout}.
 *
 * @param sizes   the remaining sizes (empty for a single element)
 * @param strides their strides
 * @param count   the number of elements (0 when a size is 0)
 */
record CopyLayout(int[] sizes, int[] strides, int count) {
    static CopyLayout of(int[] shape, int[] stride) {
        int[] size = new int[shape.length];
        int[] step = new int[shape.length];
        int rank = 0;
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            if (stride[d] < 0) {
                throw new IllegalArgumentException("strided copy: negative stride " + stride[d] + " in dim " + d);
            }
            count *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            if (rank > 0 && step[rank - 1] == (long) stride[d] * shape[d]) {
                size[rank - 1] *= shape[d];
                step[rank - 1] = stride[d];
            } else {
                size[rank] = shape[d];
                step[rank] = stride[d];
                rank++;
            }
        }
        return new CopyLayout(java.util.Arrays.copyOf(size, rank), java.util.Arrays.copyOf(step, rank),
                (int) count);
    }

    int rank() {
        return sizes.length;
    }

    /** The outermost dim of stride 1, or -1. */
    int unitDim() {
        return unitDim(strides);
    }

    /** The outermost dim of stride 1 among the given strides, or -1. */
    static int unitDim(int[] strides) {
        for (int d = 0; d < strides.length; d++) {
            if (strides[d] == 1) {
                return d;
            }
        }
        return -1;
    }

    /** Advances a row-major odometer over index (one entry per dim of size); false after the last index. */
    static boolean advance(int[] index, int[] size) {
        for (int d = index.length - 1; d >= 0; d--) {
            if (++index[d] < size[d]) {
                return true;
            }
            index[d] = 0;
        }
        return false;
    }

    /** Σ index[d] · stride[d]. */
    static int dot(int[] index, int[] stride) {
        int p = 0;
        for (int d = 0; d < index.length; d++) {
            p += index[d] * stride[d];
        }
        return p;
    }
}
