package dev.tapegrad.autograd;

import java.util.Arrays;

/** Shape arithmetic shared by the tensor, the engine and the ops: sizes, strides, broadcasting, dims. */
public final class Shapes {
    private Shapes() {}

    /** Number of elements of a shape; 1 for the 0-d shape. Throws on negative sizes or overflow. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative size in shape " + str(shape));
            }
            n *= s;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major (C-order) strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return strides;
    }

    /**
     * NumPy broadcast of two shapes: align on the right; each pair of sizes must be equal or one of
     * them 1. Throws naming {@code op} and both shapes otherwise.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dim " + i + " of the result: " + da + " vs " + db
                        + "; sizes must match or be 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Resolves a possibly negative dim against a rank, PyTorch style; throws naming {@code op}. */
    public static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor of rank "
                    + rank + " (expected a dim in [" + (-r) + ", " + (r - 1) + "])");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Shape as "[2, 3]"; the 0-d shape as "[]". */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /**
     * Offsets into storage of every element of a strided view, in row-major order of {@code shape}.
     * The one generic path every strided copy and gather goes through.
     */
    public static int[] offsets(int[] shape, int[] strides, int offset) {
        int n = numel(shape);
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        int rank = shape.length;
        int[] idx = new int[rank];
        int pos = offset;
        int last = rank - 1;
        int i = 0;
        while (true) {
            if (rank == 0) {
                out[0] = pos;
                return out;
            }
            int innerStride = strides[last];
            int innerSize = shape[last];
            for (int j = 0; j < innerSize; j++) {
                out[i++] = pos + j * innerStride;
            }
            if (i == n) {
                return out;
            }
            int d = last - 1;
            while (true) {
                idx[d]++;
                pos += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                pos -= strides[d] * shape[d];
                idx[d] = 0;
                d--;
            }
        }
    }

    /** Multi-index of the {@code flat}-th element in row-major order. */
    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /**
     * True when shape with strides (from offset 0) lays its elements over exactly {@code length} array slots,
     * each once: the dims longer than 1, taken from the smallest stride up, step 1, then the product of the
     * sizes below them (a contiguous layout, or the same with the dims in another order).
     */
    static boolean denseOver(int length, int[] shape, int[] strides) {
        int n = numel(shape);
        if (n != length) {
            return false;
        }
        int rank = shape.length;
        boolean[] used = new boolean[rank];
        long expected = 1;
        for (int placed = 0; placed < rank; placed++) {
            int next = -1;
            for (int d = 0; d < rank; d++) {
                if (!used[d] && shape[d] > 1 && strides[d] == expected) {
                    next = d;
                    break;
                }
            }
            if (next < 0) {
                break;
            }
            used[next] = true;
            expected *= shape[next];
        }
        return expected == Math.max(n, 1) || n == 0;
    }
}
