package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Plain-loop references for the forward values of the ops, written independently of the library's
 * kernels and stride machinery: every element is read with {@link Tensor#get(int...)} and every index
 * is computed here, in double.
 */
final class Reference {
    private Reference() {}

    /** A dense row-major double array under a shape: the reference's own tensor. */
    record Dense(int[] shape, double[] v) {
        int numel() {
            return v.length;
        }
    }

    static Dense of(Tensor t) {
        int[] shape = t.shape();
        double[] v = new double[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.get(unravel(i, shape));
        }
        return new Dense(shape, v);
    }

    static int count(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    static int ravel(int[] idx, int[] shape) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            flat = flat * shape[d] + idx[d];
        }
        return flat;
    }

    /** NumPy broadcast shape, or null when the shapes do not broadcast. */
    static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - rank + a.length];
            int db = i < rank - b.length ? 1 : b[i - rank + b.length];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** The element of {@code x} that broadcasting sends to output multi-index {@code out}. */
    static double pick(Dense x, int[] out) {
        int[] idx = new int[x.shape.length];
        for (int d = 0; d < idx.length; d++) {
            int o = out[out.length - idx.length + d];
            idx[d] = x.shape[d] == 1 ? 0 : o;
        }
        return x.v[ravel(idx, x.shape)];
    }

    static Dense binary(Tensor a, Tensor b, DoubleBinaryOperator f) {
        Dense x = of(a);
        Dense y = of(b);
        int[] shape = broadcastShape(x.shape, y.shape);
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            out[i] = f.applyAsDouble(pick(x, idx), pick(y, idx));
        }
        return new Dense(shape, out);
    }

    static Dense unary(Tensor a, DoubleUnaryOperator f) {
        Dense x = of(a);
        double[] out = new double[x.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(x.v[i]);
        }
        return new Dense(x.shape, out);
    }

    /** a[..., m, k] · b[..., k, n] with broadcast batch dims, by the triple loop. */
    static Dense matmul(Tensor ta, Tensor tb) {
        Dense a = of(ta);
        Dense b = of(tb);
        int ra = a.shape.length;
        int rb = b.shape.length;
        int m = a.shape[ra - 2];
        int k = a.shape[ra - 1];
        int n = b.shape[rb - 1];
        int[] batch = broadcastShape(Arrays.copyOf(a.shape, ra - 2), Arrays.copyOf(b.shape, rb - 2));
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        double[] out = new double[count(shape)];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unravel(o, shape);
            int i = idx[batch.length];
            int j = idx[batch.length + 1];
            double s = 0;
            for (int p = 0; p < k; p++) {
                idx[batch.length] = i;
                idx[batch.length + 1] = p;
                double x = pick(a, idx);
                idx[batch.length] = p;
                idx[batch.length + 1] = j;
                s += x * pick(b, idx);
            }
            out[o] = s;
        }
        return new Dense(shape, out);
    }

    /** Sum over the dims flagged in {@code reduce}. */
    static Dense sum(Tensor t, boolean[] reduce, boolean keepDim) {
        Dense x = of(t);
        int[] kept = x.shape.clone();
        for (int d = 0; d < kept.length; d++) {
            if (reduce[d]) {
                kept[d] = 1;
            }
        }
        double[] out = new double[count(kept)];
        for (int i = 0; i < x.numel(); i++) {
            int[] idx = unravel(i, x.shape);
            for (int d = 0; d < idx.length; d++) {
                if (reduce[d]) {
                    idx[d] = 0;
                }
            }
            out[ravel(idx, kept)] += x.v[i];
        }
        return new Dense(keepDim ? kept : drop(kept, reduce), out);
    }

    /** Maximum along dim d, and the first position of it. */
    static Dense max(Tensor t, int d, boolean keepDim) {
        Dense x = of(t);
        int[] kept = x.shape.clone();
        kept[d] = 1;
        double[] out = new double[count(kept)];
        Arrays.fill(out, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.numel(); i++) {
            int[] idx = unravel(i, x.shape);
            idx[d] = 0;
            int o = ravel(idx, kept);
            out[o] = Math.max(out[o], x.v[i]);
        }
        boolean[] r = new boolean[kept.length];
        r[d] = true;
        return new Dense(keepDim ? kept : drop(kept, r), out);
    }

    /** Softmax or log-softmax along dim d, straight from the definition. */
    static Dense softmax(Tensor t, int d, boolean log) {
        Dense x = of(t);
        int[] kept = x.shape.clone();
        kept[d] = 1;
        double[] denom = new double[count(kept)];
        for (int i = 0; i < x.numel(); i++) {
            int[] idx = unravel(i, x.shape);
            idx[d] = 0;
            denom[ravel(idx, kept)] += Math.exp(x.v[i]);
        }
        double[] out = new double[x.numel()];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, x.shape);
            idx[d] = 0;
            double s = denom[ravel(idx, kept)];
            out[i] = log ? x.v[i] - Math.log(s) : Math.exp(x.v[i]) / s;
        }
        return new Dense(x.shape, out);
    }

    /** out[i0..] = x[i_perm...]: element at output index idx comes from input index with idx[i] at perm[i]. */
    static Dense permute(Tensor t, int[] perm) {
        Dense x = of(t);
        int[] shape = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            shape[i] = x.shape[perm[i]];
        }
        double[] out = new double[x.numel()];
        for (int o = 0; o < out.length; o++) {
            int[] idx = unravel(o, shape);
            int[] src = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                src[perm[i]] = idx[i];
            }
            out[o] = x.v[ravel(src, x.shape)];
        }
        return new Dense(shape, out);
    }

    private static int[] drop(int[] shape, boolean[] r) {
        return java.util.stream.IntStream.range(0, shape.length).filter(d -> !r[d]).map(d -> shape[d]).toArray();
    }

    /**
     * Asserts {@code actual} has the expected shape, the dtype {@code dtype}, and values within a
     * tolerance suited to that dtype (relative 1e-5 for FLOAT32, 1e-12 for FLOAT64).
     */
    static void assertClose(Dense expected, Tensor actual, DType dtype) {
        assertArrayEquals(expected.shape, actual.shape(), "shape");
        assertEquals(dtype, actual.dtype(), "dtype");
        double rel = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            double want = expected.v[i];
            int element = i;
            assertEquals(want, got[i], rel * Math.max(1, Math.abs(want)),
                    () -> "element " + Arrays.toString(unravel(element, expected.shape)));
        }
    }
}
