package dev.tapegrad.ops;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Arithmetic between a transposed or permuted view and a contiguous tensor of the same shape, either side (the
 * fused transposing copy, {@code StridedCopyFloat.map}, whose bands now run the SIMD row loops at every length):
 * bit for bit the values of element-by-element scalar arithmetic, for sizes around the 8×8 blocks and past a
 * band of 1024 columns, FLOAT32 and FLOAT64.
 */
class TransposedArithmeticTest {
    /** Views of a leaf: a transposed matrix, the last two dims of a 4-D tensor swapped, channels-last storage. */
    private static Tensor view(int kind, int seed, DType dtype, int a, int b) {
        return switch (kind) {
            case 0 -> Ops.transpose(Tensor.randn(seed, dtype, b, a), 0, 1);
            case 1 -> Ops.transpose(Tensor.randn(seed, dtype, 2, 3, b, a), 2, 3);
            default -> Ops.permute(Tensor.randn(seed, dtype, 2, 3, b, a), 0, 3, 1, 2);
        };
    }

    @Test
    void transposedViewAgainstAContiguousTensorEqualsTheScalarResult() {
        int[][] sizes = {{1, 1}, {5, 7}, {16, 16}, {17, 33}, {15, 31}, {32, 48}, {40, 300}, {3, 1100}};
        for (DType dtype : DType.values()) {
            for (int kind = 0; kind < 3; kind++) {
                for (int[] ab : sizes) {
                    Tensor v = view(kind, ab[0] * 31 + ab[1], dtype, ab[0], ab[1]);
                    Tensor other = Ops.add(Tensor.randn(ab[1] * 7 + 1, dtype, v.shape()), 3.0);
                    Arithmetic.assertMatchesScalar(v, other, dtype, "view " + kind + " " + Arrays.toString(v.shape()));
                }
            }
        }
    }
}
