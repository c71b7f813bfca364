package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Multiplication by a constant ({@code Ops.mul(x, 0.5)}, a 0-d FLOAT64 operand taking x's dtype) of a channels-last
 * or transposed view, with {@code sum(y).backward()}: the leaf behind the view gets a contiguous gradient of the
 * constant, in both dtypes (a FLOAT32 view once failed there: the constant was reshaped before taking x's dtype).
 */
class ScaleViewGradientTest {
    @Test
    void constantTimesAPermutedOrTransposedView() {
        for (DType dtype : DType.values()) {
            for (boolean channelsLast : new boolean[] {true, false}) {
                Tensor leaf = Tensor.randn(1, dtype, 2, 5, 7, 16).requiresGrad(true);
                Tensor v = channelsLast ? Ops.permute(leaf, 0, 3, 1, 2) : Ops.transpose(leaf, 2, 3);
                Ops.sum(Ops.mul(v, 0.5)).backward();
                assertTrue(leaf.grad().isContiguous());
                double[] want = new double[leaf.numel()];
                Arrays.fill(want, 0.5);
                assertArrayEquals(want, leaf.grad().toDoubleArray(), 0, dtype + " channelsLast=" + channelsLast);
            }
        }
    }
}
