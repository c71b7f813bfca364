package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * conv2d, convTranspose2d, pooling and the pointwise ops fed views (transposed, channels-last permuted, narrowed, expanded)
 * and seeded by views (the expanded seed of sum(y).backward(), a permuted gradient) give exactly the values
 * and gradients of the same ops on contiguous copies, in FLOAT32 and FLOAT64.
 */
class ViewInputsTest {
    private static final int N = 2;
    private static final int C = 3;
    private static final int H = 6;
    private static final int W = 5;

    /** The views of an [N, C, H, W] tensor whose values are all different. */
    private static Tensor[] views(DType dtype) {
        return views(dtype, N, C, H, W);
    }

    /** The views of an [n, c, h, w] tensor. */
    private static Tensor[] views(DType dtype, int N, int C, int H, int W) {
        Tensor hw = Ops.transpose(Tensor.randn(1, dtype, N, C, W, H), 2, 3);
        Tensor channelsLast = Ops.permute(Tensor.randn(2, dtype, N, H, W, C), 0, 3, 1, 2);
        Tensor wide = Tensor.randn(3, dtype, N, C, H, W + 4);
        Tensor narrowed = wide.asStrided(new int[] {N, C, H, W}, wide.strides(), 2);
        Tensor expanded = Ops.expand(Tensor.randn(4, dtype, 1, C, 1, W), N, C, H, W);
        return new Tensor[] {hw, channelsLast, narrowed, expanded};
    }

    private static void sameAsContiguous(DType dtype, Function<Tensor, Tensor> op) {
        sameAsContiguous(views(dtype), dtype, op);
    }

    private static void sameAsContiguous(Tensor[] views, DType dtype, Function<Tensor, Tensor> op) {
        for (Tensor view : views) {
            Tensor dense = view.contiguous().detach().requiresGrad(true);
            Tensor leaf = view.detach().requiresGrad(true);
            Tensor want = op.apply(dense);
            Tensor got = op.apply(leaf);
            String what = dtype + " strides " + java.util.Arrays.toString(view.strides());
            assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), "values, " + what);
            Ops.sum(want).backward();
            Ops.sum(got).backward();
            assertArrayEquals(dense.grad().toDoubleArray(), leaf.grad().toDoubleArray(), "sum seed, " + what);
            dense.setGrad(null);
            leaf.setGrad(null);
            int[] ys = want.shape();
            Tensor g = Ops.permute(Tensor.randn(5, dtype, ys[0], ys[2], ys[3], ys[1]), 0, 3, 1, 2);
            op.apply(dense).backward(g.contiguous());
            op.apply(leaf).backward(g);
            assertArrayEquals(dense.grad().toDoubleArray(), leaf.grad().toDoubleArray(), "permuted seed, " + what);
        }
    }

    @Test
    void conv2d() {
        for (DType dtype : DType.values()) {
            Tensor w = Tensor.randn(6, dtype, 4, C, 3, 3);
            Tensor b = Tensor.randn(7, dtype, 4);
            Tensor wd = Tensor.randn(8, dtype, C, 1, 3, 3);
            sameAsContiguous(dtype, x -> Ops.conv2d(x, w, b, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1));
            sameAsContiguous(dtype, x -> Ops.conv2d(x, wd, null, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 1}, C));
        }
    }

    @Test
    void convTranspose2d() {
        for (DType dtype : DType.values()) {
            Tensor w = Tensor.randn(9, dtype, C, 2, 3, 3);
            sameAsContiguous(dtype, x -> Ops.convTranspose2d(x, w, null, 2, 1, 1, 1, 1));
        }
    }

    @Test
    void pooling() {
        for (DType dtype : DType.values()) {
            sameAsContiguous(dtype, x -> Ops.maxPool2d(x, 2));
            sameAsContiguous(dtype, x -> Ops.maxPool2d(x, 3, 1, 1));
            sameAsContiguous(dtype, x -> Ops.avgPool2d(x, 2));
            sameAsContiguous(dtype, x -> Ops.avgPool2d(x, 3, 2, 1));
        }
    }

    /** Large enough (past one block and one thread's chunk) for the blocked, threaded paths of views. */
    private static Tensor[] largeViews(DType dtype) {
        return views(dtype, 3, 16, 40, 36);
    }

    @Test
    void poolingLarge() {
        for (DType dtype : DType.values()) {
            sameAsContiguous(largeViews(dtype), dtype, x -> Ops.maxPool2d(x, 2));
            sameAsContiguous(largeViews(dtype), dtype, x -> Ops.avgPool2d(x, 2));
            sameAsContiguous(largeViews(dtype), dtype, x -> Ops.maxPool2d(x, 3, 2, 1));
        }
    }

    @Test
    void pointwise() {
        for (DType dtype : DType.values()) {
            for (Tensor[] views : new Tensor[][] {views(dtype), largeViews(dtype)}) {
                sameAsContiguous(views, dtype, Ops::relu);
                sameAsContiguous(views, dtype, Ops::tanh);
                sameAsContiguous(views, dtype, Ops::exp);
                sameAsContiguous(views, dtype, x -> Ops.relu(Ops.mul(x, x)));
            }
        }
    }

    @Test
    void broadcastingArithmetic() {
        for (DType dtype : DType.values()) {
            Tensor other = Tensor.randn(10, dtype, 3, 16, 40, 36);
            Tensor scale = Tensor.randn(11, dtype, 16, 1, 1);
            Tensor[] views = largeViews(dtype);
            Tensor[] withFull = java.util.Arrays.copyOf(views, views.length + 1);
            withFull[views.length] = Ops.expand(Tensor.randn(12, dtype, 1, 1, 1, 1), 3, 16, 40, 36);
            sameAsContiguous(withFull, dtype, x -> Ops.add(x, other));
            sameAsContiguous(withFull, dtype, x -> Ops.mul(x, scale));
            sameAsContiguous(withFull, dtype, x -> Ops.div(scale, x));
            sameAsContiguous(withFull, dtype, x -> Ops.sub(x, x));
        }
    }

    /**
     * A view operand of the output's full shape is copied block-wise into the output and combined there: as the
     * first or the second operand (order matters for sub, div), next to a contiguous, broadcast or second view
     * operand, small and past one block and one thread's chunk.
     */
    @Test
    void arithmeticOnViewsOfTheOutputShape() {
        for (DType dtype : DType.values()) {
            for (int[] s : new int[][] {{N, C, H, W}, {3, 16, 40, 36}}) {
                Tensor other = Tensor.randn(13, dtype, s);
                Tensor otherLast = Ops.permute(Tensor.randn(14, dtype, s[0], s[2], s[3], s[1]), 0, 3, 1, 2);
                Tensor otherHw = Ops.transpose(Tensor.randn(15, dtype, s[0], s[1], s[3], s[2]), 2, 3);
                Tensor row = Tensor.randn(16, dtype, s[3]);
                Tensor[] views = views(dtype, s[0], s[1], s[2], s[3]);
                sameAsContiguous(views, dtype, x -> Ops.sub(other, x));
                sameAsContiguous(views, dtype, x -> Ops.div(x, Ops.add(Ops.mul(other, other), 1.0)));
                sameAsContiguous(views, dtype, x -> Ops.sub(x, otherLast));
                sameAsContiguous(views, dtype, x -> Ops.mul(otherHw, x));
                sameAsContiguous(views, dtype, x -> Ops.div(row, Ops.add(Ops.mul(x, x), 1.0)));
                sameAsContiguous(views, dtype, x -> Ops.add(Ops.sub(x, row), x));
            }
        }
    }

    /**
     * Sums over the last dim of transposed matrices and over H, W of channels-last views: read in place in memory
     * order (rows of the unit-stride kept dim added together), equal to the contiguous sums up to rounding.
     */
    @Test
    void sumsOverTrailingDimsInGroups() {
        for (DType dtype : DType.values()) {
            for (int[] rc : new int[][] {{7, 5}, {300, 70}, {2000, 33}}) {
                Tensor t = Ops.transpose(Tensor.randn(17, dtype, rc[1], rc[0]), 0, 1);
                assertArrayEquals(Ops.sum(t.contiguous(), new int[] {1}, false).toDoubleArray(),
                        Ops.sum(t, new int[] {1}, false).toDoubleArray(), sumTolerance(dtype, rc[1]),
                        dtype + " " + java.util.Arrays.toString(rc));
            }
            for (int[] s : new int[][] {{3, 16, 40, 36}, {5, 7, 60, 61}, {2, 300, 3, 4}}) {
                Tensor v = Ops.permute(Tensor.randn(18, dtype, s[0], s[2], s[3], s[1]), 0, 3, 1, 2);
                for (int[] dims : new int[][] {{2, 3}, {3}}) {
                    assertArrayEquals(Ops.sum(v.contiguous(), dims, true).toDoubleArray(),
                            Ops.sum(v, dims, true).toDoubleArray(), sumTolerance(dtype, s[2] * s[3]),
                            dtype + " " + java.util.Arrays.toString(s));
                }
            }
        }
    }

    /**
     * Tensor's own copies of large views (contiguous(), a leaf's gradient that arrives as a view) go to the
     * kernels' strided copy (the StridedCopier service): the same values as reading each element by its
     * index, for every layout, in FLOAT32 and FLOAT64.
     */
    @Test
    void largeViewsCopiedByTheKernelsService() {
        for (DType dtype : DType.values()) {
            for (Tensor[] views : new Tensor[][] {largeViews(dtype), views(dtype, 4, 64, 32, 32)}) {
                for (Tensor view : views) {
                    String what = dtype + " strides " + java.util.Arrays.toString(view.strides());
                    double[] want = byIndex(view);
                    assertArrayEquals(want, view.contiguous().toDoubleArray(), what);
                    Tensor x = Tensor.randn(19, dtype, view.shape()).requiresGrad(true);
                    Ops.add(x, Tensor.randn(20, dtype, view.shape())).backward(view);
                    assertArrayEquals(want, x.grad().toDoubleArray(), "add's grad, " + what);
                }
            }
        }
    }

    /** The values of a rank-4 tensor read one by one with get, in row-major order. */
    private static double[] byIndex(Tensor t) {
        int[] s = t.shape();
        double[] out = new double[t.numel()];
        int i = 0;
        for (int a = 0; a < s[0]; a++) {
            for (int b = 0; b < s[1]; b++) {
                for (int c = 0; c < s[2]; c++) {
                    for (int d = 0; d < s[3]; d++) {
                        out[i++] = t.get(a, b, c, d);
                    }
                }
            }
        }
        return out;
    }

    /**
     * A bound on the difference between two sums of n standard normal values added in different orders (the
     * memory-order sums of views against the row-major sums of the contiguous input).
     */
    private static double sumTolerance(DType dtype, int n) {
        return (dtype == DType.FLOAT32 ? 1e-6 : 1e-14) * n;
    }

    /**
     * Sums over trailing dims of a view: read in place in memory order where {@code ReduceFloat.sumRows} takes the
     * layout, else each run gathered and added up exactly as the contiguous input; equal up to rounding.
     */
    @Test
    void sumsOverTrailingDims() {
        for (DType dtype : DType.values()) {
            for (Tensor[] views : new Tensor[][] {views(dtype), largeViews(dtype)}) {
                for (Tensor view : views) {
                    Tensor dense = view.contiguous();
                    for (int[] dims : new int[][] {{2, 3}, {3}, {1, 2, 3}, {0, 2}}) {
                        String what = dtype + " strides " + java.util.Arrays.toString(view.strides()) + " dims "
                                + java.util.Arrays.toString(dims);
                        assertArrayEquals(Ops.sum(dense, dims, false).toDoubleArray(),
                                Ops.sum(view, dims, false).toDoubleArray(), sumTolerance(dtype, view.numel()), what);
                    }
                }
            }
        }
    }
}
