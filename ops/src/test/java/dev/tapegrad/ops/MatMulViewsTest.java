package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * matmul fed views (rows expanded from one row, columns expanded from one column, fully expanded, transposed,
 * narrowed) and seeded by views (the expanded seed of sum(y).backward(), a transposed gradient) gives exactly
 * the values and gradients of the product of contiguous copies, in FLOAT32 and FLOAT64: the one-row and
 * one-column shortcuts and the transposed operands change which elements are computed together, never how
 * one is summed.
 */
class MatMulViewsTest {

    /** Views of an [..., rows, cols] tensor, batch dims first. */
    private static Tensor[] views(DType dtype, long seed, int[] batch, int rows, int cols) {
        int r = batch.length;
        int[] shape = java.util.Arrays.copyOf(batch, r + 2);
        shape[r] = rows;
        shape[r + 1] = cols;
        int[] oneRow = shape.clone();
        oneRow[r] = 1;
        int[] oneCol = shape.clone();
        oneCol[r + 1] = 1;
        int[] swapped = shape.clone();
        swapped[r] = cols;
        swapped[r + 1] = rows;
        int[] wide = shape.clone();
        wide[r + 1] = cols + 3;
        int[] ones = new int[r + 2];
        java.util.Arrays.fill(ones, 1);
        Tensor big = Tensor.randn(seed + 5, dtype, wide);
        return new Tensor[] {
            Tensor.randn(seed, dtype, shape),
            Ops.expand(Tensor.randn(seed + 1, dtype, oneRow), shape),
            Ops.expand(Tensor.randn(seed + 2, dtype, oneCol), shape),
            Ops.expand(Tensor.randn(seed + 3, dtype, ones), shape),
            Ops.transpose(Tensor.randn(seed + 4, dtype, swapped), r, r + 1),
            big.asStrided(shape, big.strides(), 1)
        };
    }

    private static void check(DType dtype, int[] batch, int m, int n, int k) {
        check(dtype, batch, batch, m, n, k);
    }

    private static void check(DType dtype, int[] batch, int[] bBatch, int m, int n, int k) {
        Tensor[] as = views(dtype, 10, batch, m, k);
        Tensor[] bs = views(dtype, 20, bBatch, k, n);
        Tensor[] gs = views(dtype, 30, batch, m, n);
        for (int i = 0; i < as.length; i++) {
            for (int j = 0; j < bs.length; j++) {
                Tensor a = as[i].detach().requiresGrad(true);
                Tensor b = bs[j].detach().requiresGrad(true);
                Tensor ad = as[i].contiguous().detach().requiresGrad(true);
                Tensor bd = bs[j].contiguous().detach().requiresGrad(true);
                String what = dtype + " " + m + "x" + n + "x" + k + " views " + i + ", " + j;
                Tensor got = Ops.matmul(a, b);
                Tensor want = Ops.matmul(ad, bd);
                assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), "values, " + what);
                Tensor g = gs[(i + j) % gs.length];
                got.backward(g);
                want.backward(g.contiguous());
                assertArrayEquals(ad.grad().toDoubleArray(), a.grad().toDoubleArray(), "grad a, " + what);
                assertArrayEquals(bd.grad().toDoubleArray(), b.grad().toDoubleArray(), "grad b, " + what);
            }
        }
    }

    @Test
    void matricesAroundTheTileSizes() {
        for (DType dtype : DType.values()) {
            check(dtype, new int[0], 1, 1, 1);
            check(dtype, new int[0], 7, 9, 5);
            check(dtype, new int[0], 37, 41, 19);
            check(dtype, new int[0], 130, 70, 96);
        }
    }

    @Test
    void batchedStacks() {
        for (DType dtype : DType.values()) {
            check(dtype, new int[] {3}, 9, 17, 20);
            check(dtype, new int[] {2, 2}, 12, 33, 8);
            check(dtype, new int[] {3}, new int[0], 9, 17, 20);
        }
    }
}
