package dev.tapegrad.autograd;

import dev.tapegrad.autograd.spi.StridedCopier;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Copies between a strided view of a storage array and a dense row-major array, row by row: the view's
 * dims are first collapsed (size-1 dims dropped, neighbours that walk memory as one dim merged), then
 * each innermost row is a plain loop with its stride (stride 0, a broadcast, is a fill; stride 1 an
 * array copy). No per-element index arithmetic, so expanded seeds and transposed views copy at memory
 * speed. Kernels only: no tape, no Tensor. A large same-dtype gather of a view that is not one contiguous row
 * goes instead to the {@link StridedCopier} service when one is present (the ops module's threaded copy with
 * in-register transposes), so that a transposed gradient copied into a leaf's grad() costs one pass at memory
 * speed; both give the same values, a copy being exact.
 */
final class StridedCopy {
    private StridedCopy() {}

    /** Fewest elements for which a gather goes to the {@link #FAST} copier. */
    static final int FAST_MIN = 1 << 12;

    /** The provided copier, or null when no module provides one. */
    private static final StridedCopier FAST = load();

    private static StridedCopier load() {
        try {
            return ServiceLoader.load(StridedCopier.class).findFirst().orElse(null);
        } catch (ServiceConfigurationError e) {
            return null;
        }
    }

    /** True when the gather of r (count rows of r.inner elements, strides as given) should go to {@link #FAST}. */
    private static boolean fast(Rows r, int[] strides) {
        if (FAST == null || r.count < 2 || (long) r.count * r.inner < FAST_MIN) {
            return false;
        }
        for (int s : strides) {
            if (s < 0) {
                return false;
            }
        }
        return true;
    }

    /** The outer rows of a collapsed view: {@link #base} is the storage position of the current row. */
    private static final class Rows {
        final int inner;
        final int innerStride;
        final int count;
        private final int[] size;
        private final int[] stride;
        private final int[] idx;
        int base;

        Rows(int[] shape, int[] strides, int offset) {
            int rank = 0;
            int[] sz = new int[shape.length];
            int[] st = new int[shape.length];
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] == 1) {
                    continue;
                }
                if (rank > 0 && st[rank - 1] == strides[d] * shape[d]) {
                    sz[rank - 1] *= shape[d];       // the outer dim steps exactly over this one: merge
                    st[rank - 1] = strides[d];
                } else {
                    sz[rank] = shape[d];
                    st[rank] = strides[d];
                    rank++;
                }
            }
            if (rank == 0) {
                inner = 1;
                innerStride = 1;
                size = new int[0];
                stride = size;
            } else {
                inner = sz[rank - 1];
                innerStride = st[rank - 1];
                size = java.util.Arrays.copyOf(sz, rank - 1);
                stride = java.util.Arrays.copyOf(st, rank - 1);
            }
            int c = 1;
            for (int s : size) {
                c *= s;
            }
            count = Shapes.numel(shape) == 0 ? 0 : c;
            idx = new int[size.length];
            base = offset;
        }

        void advance() {
            for (int d = size.length - 1; d >= 0; d--) {
                base += stride[d];
                if (++idx[d] < size[d]) {
                    return;
                }
                base -= stride[d] * size[d];
                idx[d] = 0;
            }
        }
    }

    static void gather(float[] src, int[] shape, int[] strides, int offset, float[] dst) {
        Rows r = new Rows(shape, strides, offset);
        if (fast(r, strides)) {
            FAST.copy(src, offset, shape, strides, dst);
            return;
        }
        int n = r.inner;
        int s = r.innerStride;
        for (int row = 0, o = 0; row < r.count; row++, o += n, r.advance()) {
            int p = r.base;
            if (s == 1) {
                System.arraycopy(src, p, dst, o, n);
            } else if (s == 0) {
                java.util.Arrays.fill(dst, o, o + n, src[p]);
            } else {
                for (int j = 0; j < n; j++, p += s) {
                    dst[o + j] = src[p];
                }
            }
        }
    }

    static void gather(double[] src, int[] shape, int[] strides, int offset, double[] dst) {
        Rows r = new Rows(shape, strides, offset);
        if (fast(r, strides)) {
            FAST.copy(src, offset, shape, strides, dst);
            return;
        }
        int n = r.inner;
        int s = r.innerStride;
        for (int row = 0, o = 0; row < r.count; row++, o += n, r.advance()) {
            int p = r.base;
            if (s == 1) {
                System.arraycopy(src, p, dst, o, n);
            } else if (s == 0) {
                java.util.Arrays.fill(dst, o, o + n, src[p]);
            } else {
                for (int j = 0; j < n; j++, p += s) {
                    dst[o + j] = src[p];
                }
            }
        }
    }

    /** FLOAT32 view to dense FLOAT64. */
    static void gather(float[] src, int[] shape, int[] strides, int offset, double[] dst) {
        Rows r = new Rows(shape, strides, offset);
        int n = r.inner;
        int s = r.innerStride;
        for (int row = 0, o = 0; row < r.count; row++, o += n, r.advance()) {
            for (int j = 0, p = r.base; j < n; j++, p += s) {
                dst[o + j] = src[p];
            }
        }
    }

    /** FLOAT64 view to dense FLOAT32 (rounded). */
    static void gather(double[] src, int[] shape, int[] strides, int offset, float[] dst) {
        Rows r = new Rows(shape, strides, offset);
        int n = r.inner;
        int s = r.innerStride;
        for (int row = 0, o = 0; row < r.count; row++, o += n, r.advance()) {
            for (int j = 0, p = r.base; j < n; j++, p += s) {
                dst[o + j] = (float) src[p];
            }
        }
    }

    /** Dense src into a strided view of dst (the view must not overlap itself). */
    static void scatter(float[] src, float[] dst, int[] shape, int[] strides, int offset) {
        Rows r = new Rows(shape, strides, offset);
        int n = r.inner;
        int s = r.innerStride;
        for (int row = 0, o = 0; row < r.count; row++, o += n, r.advance()) {
            if (s == 1) {
                System.arraycopy(src, o, dst, r.base, n);
            } else {
                for (int j = 0, p = r.base; j < n; j++, p += s) {
                    dst[p] = src[o + j];
                }
            }
        }
    }

    /** Dense src into a strided view of dst (the view must not overlap itself). */
    static void scatter(double[] src, double[] dst, int[] shape, int[] strides, int offset) {
        Rows r = new Rows(shape, strides, offset);
        int n = r.inner;
        int s = r.innerStride;
        for (int row = 0, o = 0; row < r.count; row++, o += n, r.advance()) {
            if (s == 1) {
                System.arraycopy(src, o, dst, r.base, n);
            } else {
                for (int j = 0, p = r.base; j < n; j++, p += s) {
                    dst[p] = src[o + j];
                }
            }
        }
    }
}
