package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Broadcasting arithmetic and sums on views read in place in memory order: a per-channel scale (and other
 * broadcast operands) against channels-last storage gives the contiguous case's values bit for bit and a
 * channels-last output; sums, means and variances of channels-last, transposed and narrowed views over any dims
 * agree with a double-precision reference up to rounding (their additions run in memory order, as PyTorch's do
 * for non-contiguous inputs), and so does the scale's gradient, a channel sum over a channels-last gradient.
 */
class ChannelsLastReductionTest {
    private static final int[][] SHAPES = {{2, 16, 5, 7}, {3, 64, 4, 4}, {2, 3, 6, 5}, {1, 20, 1, 1}, {2, 33, 3, 2}};

    /** An [n, c, h, w] tensor stored channels-last. */
    private static Tensor channelsLast(long seed, DType dtype, int[] s) {
        return Ops.permute(Tensor.randn(seed, dtype, s[0], s[2], s[3], s[1]), 0, 3, 1, 2);
    }

    /** An [n, c, h, w] tensor stored with h and w swapped. */
    private static Tensor transposed(long seed, DType dtype, int[] s) {
        return Ops.transpose(Tensor.randn(seed, dtype, s[0], s[1], s[3], s[2]), 2, 3);
    }

    /** An [n, c, h, w] slice of a tensor 3 wider in w. */
    private static Tensor narrowed(long seed, DType dtype, int[] s) {
        return Ops.narrow(Tensor.randn(seed, dtype, s[0], s[1], s[2], s[3] + 3), 3, 2, s[3]);
    }

    private static Tensor[] views(long seed, DType dtype, int[] s) {
        return new Tensor[] {channelsLast(seed, dtype, s), transposed(seed + 1, dtype, s), narrowed(seed + 2, dtype, s)};
    }

    @Test
    void arithmeticAgainstBroadcastOperandsMatchesContiguous() {
        for (DType dtype : DType.values()) {
            for (int[] s : SHAPES) {
                int[][] operands = {{s[1], 1, 1}, {1, s[1], 1, 1}, {s[0], s[1], 1, 1}, {s[0], 1, s[2], s[3]}, {s[3]}, {}};
                for (Tensor x : views(5, dtype, s)) {
                    Tensor dense = x.contiguous();
                    for (int[] os : operands) {
                        Tensor b = Ops.add(Tensor.randn(7, dtype, os), 3.0);
                        String what = dtype + " " + Arrays.toString(s) + " strides " + Arrays.toString(x.strides())
                                + " by " + Arrays.toString(os);
                        assertArrayEquals(Ops.mul(dense, b).toDoubleArray(), Ops.mul(x, b).toDoubleArray(), what);
                        assertArrayEquals(Ops.add(dense, b).toDoubleArray(), Ops.add(x, b).toDoubleArray(), what);
                        assertArrayEquals(Ops.sub(b, dense).toDoubleArray(), Ops.sub(b, x).toDoubleArray(), what);
                        assertArrayEquals(Ops.div(dense, b).toDoubleArray(), Ops.div(x, b).toDoubleArray(), what);
                        assertArrayEquals(Ops.div(b, dense).toDoubleArray(), Ops.div(b, x).toDoubleArray(), what);
                    }
                }
            }
        }
    }

    @Test
    void scaleOfChannelsLastStorageIsChannelsLast() {
        for (DType dtype : DType.values()) {
            int[] s = {4, 64, 8, 8};
            Tensor x = channelsLast(3, dtype, s);
            Tensor y = Ops.mul(x, Tensor.randn(4, dtype, 64, 1, 1));
            assertFalse(y.isContiguous());
            assertArrayEquals(x.strides(), y.strides(), dtype.toString());
        }
    }

    /** Σ over the dims of v (all when none) in double, from its values read one by one. */
    private static double[][] reference(Tensor v, boolean[] reduced) {
        int[] s = v.shape();
        int[] outStrides = new int[4];
        int size = 1;
        for (int d = 3; d >= 0; d--) {
            outStrides[d] = reduced[d] ? 0 : size;
            size *= reduced[d] ? 1 : s[d];
        }
        double[] sum = new double[size];
        double[] abs = new double[size];
        for (int a = 0; a < s[0]; a++) {
            for (int b = 0; b < s[1]; b++) {
                for (int c = 0; c < s[2]; c++) {
                    for (int d = 0; d < s[3]; d++) {
                        int o = a * outStrides[0] + b * outStrides[1] + c * outStrides[2] + d * outStrides[3];
                        double x = v.get(a, b, c, d);
                        sum[o] += x;
                        abs[o] += Math.abs(x);
                    }
                }
            }
        }
        return new double[][] {sum, abs};
    }

    private static void close(double[][] want, double[] got, DType dtype, String what) {
        assertEquals(want[0].length, got.length, what);
        double eps = dtype == DType.FLOAT32 ? 1e-5 : 1e-13;
        for (int i = 0; i < got.length; i++) {
            assertEquals(want[0][i], got[i], eps * (want[1][i] + 1), what + " at " + i);
        }
    }

    @Test
    void sumsOfViewsOverAnyDimsMatchTheDoubleReference() {
        int[][] dimSets = {{2, 3}, {0, 2, 3}, {3}, {2}, {1}, {0}, {1, 2, 3}, {0, 1}, {0, 3}, {0, 2}, {}};
        for (DType dtype : DType.values()) {
            for (int[] s : new int[][] {{2, 16, 5, 7}, {3, 64, 40, 4}, {2, 3, 6, 300}, {2, 33, 3, 2}, {1, 20, 1, 1}}) {
                for (Tensor v : views(11, dtype, s)) {
                    for (int[] dims : dimSets) {
                        boolean[] reduced = new boolean[4];
                        for (int d : dims) {
                            reduced[d] = true;
                        }
                        if (dims.length == 0) {
                            Arrays.fill(reduced, true);
                        }
                        String what = dtype + " " + Arrays.toString(s) + " strides " + Arrays.toString(v.strides())
                                + " dims " + Arrays.toString(dims);
                        close(reference(v, reduced), Ops.sum(v, dims, true).toDoubleArray(), dtype, what);
                    }
                }
            }
        }
    }

    @Test
    void meanAndVarianceOfViewsMatchContiguous() {
        for (DType dtype : DType.values()) {
            for (int[] s : new int[][] {{2, 16, 5, 7}, {3, 64, 8, 8}}) {
                for (Tensor v : views(13, dtype, s)) {
                    Tensor dense = v.contiguous();
                    double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
                    for (int[] dims : new int[][] {{2, 3}, {0, 2, 3}}) {
                        assertArrayEquals(Ops.mean(dense, dims, false).toDoubleArray(),
                                Ops.mean(v, dims, false).toDoubleArray(), tol, dtype + " mean");
                        assertArrayEquals(Ops.var(dense, dims, true, false).toDoubleArray(),
                                Ops.var(v, dims, true, false).toDoubleArray(), tol, dtype + " var");
                    }
                }
            }
        }
    }

    /** A per-channel scale's gradient from channels-last activations: a channel sum over rows of C. */
    @Test
    void scaleGradientFromChannelsLastMatchesReference() {
        for (DType dtype : DType.values()) {
            for (int[] s : new int[][] {{4, 64, 8, 8}, {2, 20, 3, 5}}) {
                Tensor x = channelsLast(17, dtype, s);
                Tensor scale = Tensor.randn(18, dtype, s[1], 1, 1).requiresGrad(true);
                Ops.sum(Ops.mul(x, scale)).backward();
                boolean[] reduced = {true, false, true, true};
                close(reference(x, reduced), scale.grad().toDoubleArray(), dtype, dtype + " " + Arrays.toString(s));
            }
        }
    }
}
