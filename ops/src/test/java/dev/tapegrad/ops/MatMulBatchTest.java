package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Parallel;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * matmul's batched paths (a stack times one matrix folded into one GEMM; many small products spread over
 * the threads by batch index) against one 2-D product per batch element, and their gradients.
 */
class MatMulBatchTest {
    /** Matrix i of the leading-flattened x [count, r, c] as a 2-D tensor. */
    private static Tensor matrix(Tensor x, int i) {
        Tensor flat = Ops.reshape(x, -1, x.size(-2), x.size(-1));
        return Ops.reshape(Ops.sum(Ops.mul(flat, oneHot(flat.size(0), i, flat.dtype())), new int[] {0}, false),
                x.size(-2), x.size(-1));
    }

    private static Tensor oneHot(int n, int i, DType dtype) {
        Tensor t = Tensor.zeros(dtype, n, 1, 1);
        t.set(1, i, 0, 0);
        return t;
    }

    private static void samePerMatrix(Tensor a, Tensor b, Tensor product, boolean bIsStack) {
        Tensor flat = Ops.reshape(product, -1, product.size(-2), product.size(-1));
        for (int i = 0; i < flat.size(0); i++) {
            Tensor expected = Ops.matmul(matrix(a, i), bIsStack ? matrix(b, i) : b);
            double[] e = expected.toDoubleArray();
            double[] got = matrix(product, i).toDoubleArray();
            for (int j = 0; j < e.length; j++) {
                assertEquals(e[j], got[j], 1e-5 * (1 + Math.abs(e[j])), "matrix " + i + " element " + j);
            }
        }
    }

    @Property(tries = 20)
    void stackTimesMatrixIsOneProductPerMatrix(@ForAll @IntRange(min = 1, max = 4) int b0,
            @ForAll @IntRange(min = 1, max = 3) int b1, @ForAll @IntRange(min = 1, max = 9) int m,
            @ForAll @IntRange(min = 1, max = 9) int k, @ForAll @IntRange(min = 1, max = 9) int n,
            @ForAll boolean transposedA, @ForAll boolean float32) {
        DType dt = float32 ? DType.FLOAT32 : DType.FLOAT64;
        Tensor a = transposedA ? Ops.transpose(Tensor.randn(1, dt, b0, b1, k, m), -1, -2) : Tensor.randn(1, dt, b0, b1, m, k);
        Tensor w = Tensor.randn(2, dt, k, n);
        Tensor y = Ops.matmul(a, w);
        assertArrayEquals(new int[] {b0, b1, m, n}, y.shape());
        samePerMatrix(a, w, y, false);
    }

    @Property(tries = 20)
    void manySmallProductsMatchOneByOne(@ForAll @IntRange(min = 1, max = 70) int count,
            @ForAll @IntRange(min = 1, max = 17) int m, @ForAll @IntRange(min = 1, max = 17) int k,
            @ForAll @IntRange(min = 1, max = 17) int n, @ForAll boolean transposedB) {
        Tensor a = Tensor.randn(3, DType.FLOAT32, count, m, k);
        Tensor b = transposedB ? Ops.transpose(Tensor.randn(4, DType.FLOAT32, count, n, k), -1, -2)
                : Tensor.randn(4, DType.FLOAT32, count, k, n);
        samePerMatrix(a, b, Ops.matmul(a, b), true);
    }

    @Property(tries = 5)
    void batchSplitGivesTheSameBitsOnAnyThreadCount(@ForAll @IntRange(min = 2, max = 300) int count) {
        Tensor a = Tensor.randn(5, DType.FLOAT32, count, 17, 16);
        Tensor b = Ops.transpose(Tensor.randn(6, DType.FLOAT32, count, 17, 16), -1, -2);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] one = Ops.matmul(a, b).toDoubleArray();
            Parallel.setThreads(2);
            assertArrayEquals(one, Ops.matmul(a, b).toDoubleArray());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Property(tries = 10)
    void gradientsOfTheBatchedPaths(@ForAll @IntRange(min = 1, max = 3) int b0, @ForAll @IntRange(min = 1, max = 4) int m,
            @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 4) int n) {
        Tensor a = Tensor.randn(7, DType.FLOAT64, b0, 2, m, k);
        Tensor w = Tensor.randn(8, DType.FLOAT64, k, n);
        Tensor bs = Tensor.randn(9, DType.FLOAT64, b0, 2, k, n);
        for (var r : new GradCheck.Result[] {
            GradCheck.gradcheck(x -> Ops.matmul(x[0], x[1]), a, w),
            GradCheck.gradgradcheck(x -> Ops.matmul(x[0], x[1]), a, w),
            GradCheck.gradcheck(x -> Ops.matmul(x[0], x[1]), a, bs),
            GradCheck.gradgradcheck(x -> Ops.matmul(x[0], x[1]), a, bs)}) {
            assertTrue(r.passed(), r.report());
        }
    }

    @Property(tries = 15)
    void headViewsWithWideRowStridesNeedNoCopy(@ForAll @IntRange(min = 1, max = 3) int b,
            @ForAll @IntRange(min = 1, max = 6) int t, @ForAll @IntRange(min = 1, max = 3) int h,
            @ForAll @IntRange(min = 1, max = 5) int d, @ForAll boolean float32) {
        DType dt = float32 ? DType.FLOAT32 : DType.FLOAT64;
        // [B, T, H·d] -> [B, T, H, d] -> [B, H, T, d]: each head is row-major with row stride H·d
        Tensor q = Ops.transpose(Ops.reshape(Tensor.randn(1, dt, b, t, h * d), b, t, h, d), 1, 2);
        Tensor k = Ops.transpose(Ops.reshape(Tensor.randn(2, dt, b, t, h * d), b, t, h, d), 1, 2);
        Tensor scores = Ops.matmul(q, Ops.transpose(k, -1, -2));
        Tensor expected = Ops.matmul(q.contiguous(), Ops.transpose(k, -1, -2).contiguous());
        assertArrayEquals(expected.shape(), scores.shape());
        double[] e = expected.toDoubleArray();
        double[] got = scores.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], got[i], 1e-5 * (1 + Math.abs(e[i])), "element " + i);
        }
        if (!float32) {
            var r = GradCheck.gradgradcheck(x -> Ops.matmul(Ops.transpose(Ops.reshape(x[0], b, t, h, d), 1, 2),
                    Ops.transpose(Ops.transpose(Ops.reshape(x[1], b, t, h, d), 1, 2), -1, -2)),
                    Tensor.randn(3, dt, b, t, h * d), Tensor.randn(4, dt, b, t, h * d));
            assertTrue(r.passed(), r.report());
        }
    }
}
