package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * mul's gradient from the expanded seed of {@code sum(y).backward()} is formed in the memory order of a
 * transposed or channels-last input, so that it reaches the leaf behind the view without a copy: the same values
 * as the reference, a contiguous leaf gradient, and first and second derivatives intact.
 */
class MulViewGradientTest {
    private static final int N = 4;
    private static final int C = 8;
    private static final int H = 6;
    private static final int W = 16;

    @Test
    void channelsLastAndTransposedLeavesGetAContiguousGradientOfTheRightValues() {
        for (DType dtype : DType.values()) {
            for (boolean channelsLast : new boolean[] {true, false}) {
                Tensor leaf = channelsLast ? Tensor.randn(1, dtype, N, H, W, C).requiresGrad(true)
                        : Tensor.randn(1, dtype, N, C, W, H).requiresGrad(true);
                Tensor scale = Tensor.randn(2, dtype, C, 1, 1).requiresGrad(true);
                Tensor v = channelsLast ? Ops.permute(leaf, 0, 3, 1, 2) : Ops.transpose(leaf, 2, 3);
                Ops.sum(Ops.mul(v, scale)).backward();
                Tensor g = leaf.grad();
                assertTrue(g.isContiguous(), dtype + " channelsLast=" + channelsLast);
                double[] want = new double[g.numel()];
                for (int i = 0; i < want.length; i++) {
                    int c = channelsLast ? i % C : (i / (W * H)) % C;
                    want[i] = scale.get(c, 0, 0);
                }
                assertArrayEquals(want, g.toDoubleArray(), 0, dtype + " channelsLast=" + channelsLast);
                double[] scaleWant = new double[C];
                double[] values = leaf.toDoubleArray();
                for (int i = 0; i < values.length; i++) {
                    scaleWant[channelsLast ? i % C : (i / (W * H)) % C] += values[i];
                }
                assertArrayEquals(scaleWant, scale.grad().toDoubleArray(), dtype == DType.FLOAT32 ? 1e-3 : 1e-9);
            }
        }
    }

    @Test
    void secondDerivativesThroughTheMemoryOrderPath() {
        Tensor leaf = Tensor.randn(3, DType.FLOAT64, 2, 3, 4, 5).requiresGrad(true);
        Tensor scale = Tensor.randn(4, DType.FLOAT64, 5, 1, 1).requiresGrad(true);
        GradCheck.Result r = GradCheck.gradgradcheck(t -> Ops.sum(Ops.mul(Ops.mul(Ops.permute(t[0], 0, 3, 1, 2), t[1]),
                Ops.permute(t[0], 0, 3, 1, 2))), leaf, scale);
        assertTrue(r.passed(), r.report());
        GradCheck.Result first = GradCheck.gradcheck(t -> Ops.sum(Ops.mul(Ops.permute(t[0], 0, 3, 1, 2), t[1])), leaf, scale);
        assertTrue(first.passed(), first.report());
    }
}
