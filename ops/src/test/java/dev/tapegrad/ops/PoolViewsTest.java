package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * 2×2 max and average pooling of NCHW views (narrowed along W, C or H: pooled in place with the rows' stride;
 * transposed: through the block copy) give the values, and through {@code sum(y).backward()} the gradients, of the
 * same pooling of the view's contiguous copy, bit for bit, with ties (repeated values) in the windows.
 */
class PoolViewsTest {
    @Test
    void viewsPoolAsTheirContiguousCopies() {
        for (DType dtype : DType.values()) {
            for (int view = 0; view < 4; view++) {
                for (boolean max : new boolean[] {true, false}) {
                    check(dtype, view, max);
                }
            }
        }
    }

    private static void check(DType dtype, int view, boolean max) {
        // rounded values: ties inside windows
        Tensor base = Ops.mul(Ops.cast(Tensor.of(rounded(3 * 10 * 12 * 37), 3, 10, 12, 37), dtype), 1.0).detach();
        Tensor leaf = base.requiresGrad(true);
        Tensor v = switch (view) {
            case 0 -> Ops.narrow(leaf, 3, 3, 34);
            case 1 -> Ops.narrow(Ops.narrow(leaf, 1, 2, 7), 3, 0, 36);
            case 2 -> Ops.narrow(Ops.narrow(leaf, 2, 1, 10), 3, 1, 36);
            default -> Ops.transpose(Ops.narrow(leaf, 3, 0, 12), 2, 3);
        };
        Tensor copy = Tensor.of(v.toDoubleArray(), v.shape());
        copy = (dtype == DType.FLOAT32 ? Ops.cast(copy, dtype) : copy).detach().requiresGrad(true);
        Tensor got = max ? Ops.maxPool2d(v, 2) : Ops.avgPool2d(v, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false, true);
        Tensor want = max ? Ops.maxPool2d(copy, 2) : Ops.avgPool2d(copy, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false, true);
        String what = dtype + " view " + view + (max ? " max" : " avg");
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0, what);
        Ops.sum(Ops.mul(got, got)).backward();
        Ops.sum(Ops.mul(want, want)).backward();
        Tensor fromLeaf = switch (view) {
            case 0 -> Ops.narrow(leaf.grad(), 3, 3, 34);
            case 1 -> Ops.narrow(Ops.narrow(leaf.grad(), 1, 2, 7), 3, 0, 36);
            case 2 -> Ops.narrow(Ops.narrow(leaf.grad(), 2, 1, 10), 3, 1, 36);
            default -> Ops.transpose(Ops.narrow(leaf.grad(), 3, 0, 12), 2, 3);
        };
        assertArrayEquals(copy.grad().toDoubleArray(), fromLeaf.toDoubleArray(), 0, what + " gradient");
    }

    private static double[] rounded(int n) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round(rng.nextGaussian() * 4) / 4.0;
        }
        return v;
    }
}
