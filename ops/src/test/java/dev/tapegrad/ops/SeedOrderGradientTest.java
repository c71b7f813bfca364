package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * div's and sub's gradients from the expanded seed of {@code sum(y).backward()} are formed in the memory order of
 * a transposed or channels-last input (as mul's are): against a same-shape tensor, a (C, 1, 1) scale and a scalar,
 * with the view on either side, the leaf behind the view gets a contiguous gradient of the same values as a
 * contiguous leaf of the same values, and so does the other operand; first and second derivatives intact.
 */
class SeedOrderGradientTest {
    private static final int N = 3;
    private static final int C = 8;
    private static final int H = 5;
    private static final int W = 16;

    private static Tensor positive(long seed, DType dtype, int... shape) {
        return Ops.add(Ops.abs(Tensor.randn(seed, dtype, shape)), 0.5).detach();
    }

    @Test
    void viewLeavesGetTheContiguousLeafsGradient() {
        for (DType dtype : DType.values()) {
            for (String op : new String[] {"div", "sub"}) {
                for (boolean channelsLast : new boolean[] {true, false}) {
                    for (int[] otherShape : new int[][] {{N, C, H, W}, {C, 1, 1}, {}}) {
                        for (boolean viewFirst : new boolean[] {true, false}) {
                            check(dtype, op, channelsLast, otherShape, viewFirst);
                        }
                    }
                }
            }
        }
    }

    private static void check(DType dtype, String op, boolean channelsLast, int[] otherShape, boolean viewFirst) {
        BinaryOperator<Tensor> f = op.equals("div") ? Ops::div : Ops::sub;
        Tensor leaf = (channelsLast ? positive(1, dtype, N, H, W, C) : positive(1, dtype, N, C, W, H)).requiresGrad(true);
        Tensor other = (otherShape.length == 0 ? Ops.cast(Tensor.scalar(1.7), dtype) : positive(2, dtype, otherShape))
                .requiresGrad(true);
        Tensor v = channelsLast ? Ops.permute(leaf, 0, 3, 1, 2) : Ops.transpose(leaf, 2, 3);
        Ops.sum(viewFirst ? f.apply(v, other) : f.apply(other, v)).backward();
        Tensor dense = Tensor.of(v.toDoubleArray(), v.shape());
        dense = (dtype == DType.FLOAT32 ? Ops.cast(dense, dtype) : dense).detach().requiresGrad(true);
        Tensor otherRef = other.detach().requiresGrad(true);
        Ops.sum(viewFirst ? f.apply(dense, otherRef) : f.apply(otherRef, dense)).backward();
        String what = dtype + " " + op + " channelsLast=" + channelsLast + " other " + java.util.Arrays.toString(otherShape)
                + " viewFirst=" + viewFirst;
        assertTrue(leaf.grad().isContiguous(), what);
        Tensor want = channelsLast ? Ops.permute(dense.grad(), 0, 2, 3, 1) : Ops.transpose(dense.grad(), 2, 3);
        assertArrayEquals(want.toDoubleArray(), leaf.grad().toDoubleArray(), 0, what);
        double tol = (dtype == DType.FLOAT32 ? 1e-5 : 1e-12) * leaf.numel();
        assertArrayEquals(otherRef.grad().toDoubleArray(), other.grad().toDoubleArray(), tol, what);
    }

    /**
     * Against a one-element operand the seeded gradient is one value expanded: a leaf behind a narrowed view gets
     * exactly the kernels' value (g·s, g/s, -g rounded once in the dtype) inside the view and 0 outside, and the
     * scalar gets the sum of the view's values.
     */
    @Test
    void oneElementOperandsGiveTheKernelsValue() {
        for (DType dtype : DType.values()) {
            for (String op : new String[] {"mul", "div", "sub"}) {
                Tensor leaf = positive(5, dtype, N, C, H, W + 6).requiresGrad(true);
                Tensor s = Ops.cast(Tensor.scalar(1.7), dtype).requiresGrad(true);
                Tensor v = Ops.narrow(leaf, 3, 2, W);
                Tensor y = switch (op) {
                    case "mul" -> Ops.mul(v, s);
                    case "div" -> Ops.div(v, s);
                    default -> Ops.sub(s, v);
                };
                Ops.sum(y).backward();
                double inside = switch (op) {
                    case "mul" -> dtype == DType.FLOAT32 ? (double) (1f * (float) 1.7) : 1.7;
                    case "div" -> dtype == DType.FLOAT32 ? (double) (1f / (float) 1.7) : 1 / 1.7;
                    default -> -1;
                };
                double[] g = leaf.grad().toDoubleArray();
                for (int i = 0; i < g.length; i++) {
                    int w = i % (W + 6);
                    double want = w >= 2 && w < 2 + W ? inside : 0;
                    if (g[i] != want) {
                        throw new AssertionError(dtype + " " + op + ": leaf gradient " + g[i] + " at " + i + ", want " + want);
                    }
                }
                double sum = 0;
                for (double x : v.toDoubleArray()) {
                    sum += x;
                }
                double sWant = switch (op) {
                    case "mul" -> sum;
                    case "div" -> -sum / (1.7 * 1.7);
                    default -> N * C * H * W;
                };
                assertArrayEquals(new double[] {sWant}, s.grad().toDoubleArray(), Math.abs(sWant) * 1e-5, dtype + " " + op);
            }
        }
    }

    @Test
    void secondDerivativesThroughTheMemoryOrderPath() {
        Tensor leaf = positive(3, DType.FLOAT64, 2, 3, 4, 5).requiresGrad(true);
        Tensor scale = positive(4, DType.FLOAT64, 5, 1, 1).requiresGrad(true);
        GradCheck.Result div = GradCheck.gradgradcheck(t -> Ops.sum(Ops.mul(Ops.div(Ops.permute(t[0], 0, 3, 1, 2), t[1]),
                Ops.permute(t[0], 0, 3, 1, 2))), leaf, scale);
        assertTrue(div.passed(), div.report());
        GradCheck.Result sub = GradCheck.gradgradcheck(t -> Ops.sum(Ops.mul(Ops.sub(t[1], Ops.permute(t[0], 0, 3, 1, 2)),
                Ops.permute(t[0], 0, 3, 1, 2))), leaf, scale);
        assertTrue(sub.passed(), sub.report());
        GradCheck.Result first = GradCheck.gradcheck(t -> Ops.sum(Ops.div(t[1], Ops.permute(t[0], 0, 3, 1, 2))), leaf, scale);
        assertTrue(first.passed(), first.report());
        Tensor s = Tensor.scalar(1.3).requiresGrad(true);
        GradCheck.Result scalar = GradCheck.gradgradcheck(t -> Ops.sum(Ops.mul(Ops.sub(t[1], Ops.div(Ops.narrow(t[0], 3, 1, 3), t[1])),
                Ops.mul(Ops.narrow(t[0], 3, 1, 3), t[1]))), leaf, s);
        assertTrue(scalar.passed(), scalar.report());
    }
}
