package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The primitives added for nn: softplus, gatherLabels/scatterLabels, adaptiveAvgPool2d. */
class NnOpsTest {
    private static void check(Function<Tensor[], Tensor> f, Tensor... in) {
        var r = GradCheck.gradcheck(f, in);
        assertTrue(r.passed(), r.report());
        var r2 = GradCheck.gradgradcheck(f, in);
        assertTrue(r2.passed(), r2.report());
    }

    @Test
    void softplusValuesAndGradients() {
        Tensor x = Tensor.of(new double[] {-800, -1, 0, 1, 800}, 5);
        double[] y = Ops.softplus(x).toDoubleArray();
        assertEquals(0.0, y[0], 1e-300);
        assertEquals(Math.log1p(Math.exp(-1)), y[1], 1e-15);
        assertEquals(Math.log(2), y[2], 1e-15);
        assertEquals(1 + Math.log1p(Math.exp(-1)), y[3], 1e-15);
        assertEquals(800, y[4], 1e-12);
        check(a -> Ops.softplus(a[0]), Tensor.randn(3, DType.FLOAT64, 2, 3));
    }

    @Test
    void gatherAndScatterLabels() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new double[] {3, 4}, Ops.gatherLabels(x, new int[] {2, 0}).toDoubleArray());
        assertArrayEquals(new double[] {0, 7, 0, 0, 0, 8},
                Ops.scatterLabels(Tensor.of(new double[] {7, 8}, 2), new int[] {1, 2}, 3).toDoubleArray());
        int[] labels = {1, 0, 3};
        check(a -> Ops.gatherLabels(Ops.mul(a[0], a[0]), labels), Tensor.randn(4, DType.FLOAT64, 3, 4));
        check(a -> Ops.scatterLabels(Ops.mul(a[0], a[0]), labels, 4), Tensor.randn(5, DType.FLOAT64, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> Ops.gatherLabels(x, new int[] {0, 3}));
        assertTrue(e.getMessage().contains("index 1 is 3, outside [0, 3)"), e.getMessage());
    }

    @Test
    void adaptiveAvgPoolUsesPyTorchWindows() {
        // 1x1x5 width to 3: windows [0,2), [1,4), [3,5) (floor(i*5/3), ceil((i+1)*5/3))
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5}, 1, 1, 1, 5);
        assertArrayEquals(new double[] {1.5, 3, 4.5}, Ops.adaptiveAvgPool2d(x, 1, 3).toDoubleArray(), 1e-15);
        Tensor f = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2);
        Tensor y = Ops.adaptiveAvgPool2d(f, 1, 1);
        assertEquals(DType.FLOAT32, y.dtype());
        assertArrayEquals(new int[] {1, 1, 1}, y.shape());
        assertEquals(2.5, y.item(), 0);
        check(a -> Ops.adaptiveAvgPool2d(Ops.mul(a[0], a[0]), 2, 3), Tensor.randn(6, DType.FLOAT64, 2, 1, 5, 4));
    }
}
