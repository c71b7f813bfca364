package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Pointwise ops on a transposed or permuted tensor that fills its storage run in memory order and give their
 * output the input's strides, as PyTorch's TensorIterator does: the values are those of the contiguous case,
 * the strides follow the input (or, for arithmetic, the operand of full shape), and gradients and gradients of
 * gradients are right for permutations and shapes drawn at random, size-1 dims included.
 */
class MemoryOrderTest {

    /** A [d0, d1, d2, d3] tensor laid out in storage in the order {@code perm} of its dims. */
    private static Tensor permuted(long seed, DType dtype, int[] shape, int[] perm) {
        int[] storageShape = new int[4];
        for (int i = 0; i < 4; i++) {
            storageShape[i] = shape[perm[i]];
        }
        int[] back = new int[4];
        for (int i = 0; i < 4; i++) {
            back[perm[i]] = i;
        }
        return Ops.permute(Tensor.randn(seed, dtype, storageShape), back);
    }

    private static void sameLayout(Tensor want, Tensor got, String what) {
        int[] shape = want.shape();
        int[] a = want.strides();
        int[] b = got.strides();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1) {
                assertTrue(a[d] == b[d], what + ": strides " + Arrays.toString(b) + ", expected " + Arrays.toString(a));
            }
        }
    }

    @Test
    void unaryOutputsKeepTheInputsStrides() {
        for (DType dtype : DType.values()) {
            Tensor x = Ops.transpose(Tensor.randn(1, dtype, 3, 5, 7), 0, 2);
            for (Function<Tensor, Tensor> op : java.util.List.<Function<Tensor, Tensor>>of(Ops::relu, Ops::exp, Ops::tanh, Ops::neg)) {
                Tensor y = op.apply(x);
                assertFalse(y.isContiguous());
                sameLayout(x, y, dtype + " unary");
                assertArrayEquals(op.apply(x.contiguous()).toDoubleArray(), y.toDoubleArray());
            }
        }
    }

    /**
     * A full operand that fills its storage transposed leads against a same-layout operand, and against a
     * broadcast one (H, W swapped: rows of H·W; a per-channel scale against channels-last storage: rows of C
     * against the C scales); a full operand of another layout keeps the row-major result.
     */
    @Test
    void arithmeticFollowsTheFullOperand() {
        for (DType dtype : DType.values()) {
            Tensor hw = Ops.transpose(Tensor.randn(2, dtype, 2, 3, 20, 16), 2, 3);
            Tensor hw2 = Ops.transpose(Tensor.randn(3, dtype, 2, 3, 20, 16), 2, 3);
            Tensor scale = Tensor.randn(4, dtype, 3, 1, 1);
            Tensor[][] cases = {{hw, hw2}, {hw, scale}, {scale, hw}};
            for (Tensor[] c : cases) {
                Tensor y = Ops.mul(c[0], c[1]);
                sameLayout(hw, y, dtype + " mul " + Arrays.toString(c[0].shape()));
                assertArrayEquals(Ops.mul(c[0].contiguous(), c[1].contiguous()).toDoubleArray(), y.toDoubleArray());
                Tensor z = Ops.sub(c[0], c[1]);
                sameLayout(hw, z, dtype + " sub " + Arrays.toString(c[0].shape()));
                assertArrayEquals(Ops.sub(c[0].contiguous(), c[1].contiguous()).toDoubleArray(), z.toDoubleArray());
            }
            Tensor last = Ops.permute(Tensor.randn(5, dtype, 2, 4, 5, 3), 0, 3, 1, 2);
            Tensor scaled = Ops.mul(last, scale);
            sameLayout(last, scaled, dtype + " rows of C: channels-last");
            assertArrayEquals(Ops.mul(last.contiguous(), scale).toDoubleArray(), scaled.toDoubleArray());
            assertTrue(Ops.add(hw, hw.contiguous()).isContiguous(), "another layout: row-major");
        }
    }

    @Test
    void fullSumRunsInMemoryOrder() {
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.randn(6, dtype, 64, 33);
            double want = Ops.sum(x).item();
            double got = Ops.sum(Ops.transpose(x, 0, 1)).item();
            assertEquals(want, got, 1e-4 * Math.abs(want) + 1e-3);
        }
    }

    @Test
    void reluBackwardRunsInTheOutputsOrder() {
        for (DType dtype : DType.values()) {
            Tensor x = Ops.transpose(Tensor.randn(5, dtype, 6, 9), 0, 1).detach().requiresGrad(true);
            Tensor y = Ops.relu(x);
            Ops.sum(y).backward();
            Tensor dense = x.contiguous().detach().requiresGrad(true);
            Ops.sum(Ops.relu(dense)).backward();
            assertArrayEquals(dense.grad().toDoubleArray(), x.grad().toDoubleArray());
        }
    }

    @Property(tries = 25)
    void gradientsThroughPermutedLayouts(@ForAll @IntRange(min = 0, max = 23) int permIndex,
                                         @ForAll @IntRange(min = 1, max = 4) int d0, @ForAll @IntRange(min = 1, max = 3) int d1,
                                         @ForAll @IntRange(min = 1, max = 4) int d2, @ForAll @IntRange(min = 1, max = 3) int d3) {
        int[] perm = permutation(permIndex);
        int[] shape = {d0, d1, d2, d3};
        Tensor a = permuted(7, DType.FLOAT64, shape, perm).detach().requiresGrad(true);
        Tensor b = permuted(8, DType.FLOAT64, shape, perm).detach().requiresGrad(true);
        Tensor scale = Tensor.randn(9, DType.FLOAT64, d1, 1, 1).requiresGrad(true);
        Function<Tensor[], Tensor> f = in -> Ops.mul(Ops.tanh(Ops.add(Ops.relu(in[0]), in[1])), Ops.exp(Ops.mul(in[0], in[2])));
        assertTrue(GradCheck.gradcheck(f, a, b, scale).passed(), "gradcheck, perm " + Arrays.toString(perm));
        assertTrue(GradCheck.gradgradcheck(f, a, b, scale).passed(), "gradgradcheck, perm " + Arrays.toString(perm));
    }

    /** The k-th permutation of 0..3 (k in 0..23). */
    private static int[] permutation(int k) {
        java.util.List<Integer> left = new java.util.ArrayList<>(java.util.List.of(0, 1, 2, 3));
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            int f = factorial(3 - i);
            out[i] = left.remove(k / f);
            k %= f;
        }
        return out;
    }

    private static int factorial(int n) {
        return n <= 1 ? 1 : n * factorial(n - 1);
    }
}
