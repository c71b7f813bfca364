package dev.tapegrad.ops;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Arithmetic between a view narrowed along its last dim (short rows at a fixed stride, read in place as 2-D boxes
 * of rows by {@code ShortRowsSimdFloat.box}) and a broadcast operand (per channel [C, 1, 1], one element, [N, 1, H,
 * W], [W]), either side: bit for bit the values of element-by-element scalar arithmetic, for row lengths around the
 * lane counts, FLOAT32 and FLOAT64.
 */
class NarrowedBroadcastTest {
    @Test
    void narrowedRowsAgainstBroadcastOperandsEqualTheScalarResult() {
        int n = 2;
        int c = 3;
        int h = 4;
        for (DType dtype : DType.values()) {
            for (int w : new int[] {1, 7, 8, 15, 16, 17, 31, 32, 33, 70}) {
                Tensor leaf = Tensor.randn(w, dtype, n, c, h, w + 5);
                Tensor v = Ops.narrow(leaf, 3, 2, w);
                Tensor[] others = {
                    Ops.add(Tensor.randn(w + 1, dtype, c, 1, 1), 2.0),
                    Ops.add(Tensor.randn(w + 2, dtype, 1), 2.0),
                    Ops.add(Tensor.randn(w + 3, dtype, n, 1, h, w), 2.0),
                    Ops.add(Tensor.randn(w + 4, dtype, w), 2.0)
                };
                for (Tensor other : others) {
                    Arithmetic.assertMatchesScalar(v, other, dtype,
                            "w=" + w + " other " + Arrays.toString(other.shape()));
                }
            }
        }
    }
}
