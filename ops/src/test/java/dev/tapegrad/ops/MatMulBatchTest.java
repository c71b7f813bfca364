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
}
