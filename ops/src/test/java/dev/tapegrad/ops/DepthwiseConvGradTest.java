package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradients and gradients of gradients of depthwise layers (groups = channels, the DEPTHWISE method) in float64:
 * conv2d with and without bias, a dilated 5×3 kernel padded beyond its reach, strides 2 and 3, and the transposed
 * convolutions whose forward is DEPTHWISE's input gradient.
 */
class DepthwiseConvGradTest {

    private static void check(Function<Tensor[], Tensor> f, Tensor... in) {
        GradCheck.Result first = GradCheck.gradcheck(f, in);
        assertTrue(first.passed(), first.report());
        GradCheck.Result second = GradCheck.gradgradcheck(f, in);
        assertTrue(second.passed(), second.report());
    }

    @Test
    void conv2d3x3WithBias() {
        check(t -> Ops.conv2d(t[0], t[1], t[2], 1, 1, 1, 3), Tensor.randn(1, DType.FLOAT64, 2, 3, 5, 6),
                Tensor.randn(2, DType.FLOAT64, 3, 1, 3, 3), Tensor.randn(3, DType.FLOAT64, 3));
    }

    @Test
    void conv2dDilatedWidePadding() {
        check(t -> Ops.conv2d(t[0], t[1], null, new int[] {1, 1}, new int[] {3, 1}, new int[] {2, 1}, 2),
                Tensor.randn(4, DType.FLOAT64, 1, 2, 4, 7), Tensor.randn(5, DType.FLOAT64, 2, 1, 5, 3));
    }

    @Test
    void conv2dStride2() {
        check(t -> Ops.conv2d(t[0], t[1], t[2], 2, 1, 1, 3), Tensor.randn(9, DType.FLOAT64, 2, 3, 7, 8),
                Tensor.randn(10, DType.FLOAT64, 3, 1, 3, 3), Tensor.randn(11, DType.FLOAT64, 3));
    }

    @Test
    void conv2dStrides3And2DilatedWidePadding() {
        check(t -> Ops.conv2d(t[0], t[1], null, new int[] {3, 2}, new int[] {3, 1}, new int[] {2, 1}, 2),
                Tensor.randn(12, DType.FLOAT64, 1, 2, 9, 7), Tensor.randn(13, DType.FLOAT64, 2, 1, 5, 3));
    }

    @Test
    void convTranspose2dStride2Depthwise() {
        check(t -> Ops.convTranspose2d(t[0], t[1], t[2], 2, 1, 1, 1, 4), Tensor.randn(14, DType.FLOAT64, 2, 4, 4, 3),
                Tensor.randn(15, DType.FLOAT64, 4, 1, 3, 3), Tensor.randn(16, DType.FLOAT64, 4));
    }

    @Test
    void convTranspose2dDepthwise() {
        check(t -> Ops.convTranspose2d(t[0], t[1], t[2], 1, 1, 0, 1, 4), Tensor.randn(6, DType.FLOAT64, 2, 4, 5, 5),
                Tensor.randn(7, DType.FLOAT64, 4, 1, 3, 3), Tensor.randn(8, DType.FLOAT64, 4));
    }
}
