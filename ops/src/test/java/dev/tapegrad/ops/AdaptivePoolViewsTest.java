package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Adaptive average pooling of views (narrowed along each dim, H and W transposed, channels-last, rank 3), read in
 * place: the values and, through {@code sum(y).backward()}, the gradients of the same pooling of the view's
 * contiguous copy, bit for bit, in both dtypes.
 */
class AdaptivePoolViewsTest {
    @Test
    void viewsPoolAsTheirContiguousCopies() {
        for (DType dtype : DType.values()) {
            for (int view = 0; view < 7; view++) {
                for (int[] out : new int[][] {{1, 1}, {3, 5}, {4, 4}}) {
                    Tensor leaf = Tensor.randn(3, dtype, 3, 6, 13, 11).requiresGrad(true);
                    Tensor v = switch (view) {
                        case 0 -> Ops.narrow(leaf, 3, 1, 9);
                        case 1 -> Ops.narrow(leaf, 2, 2, 10);
                        case 2 -> Ops.narrow(leaf, 1, 1, 4);
                        case 3 -> Ops.transpose(leaf, 2, 3);
                        case 4 -> Ops.permute(leaf, 0, 3, 1, 2);
                        case 5 -> Ops.select(leaf, 0, 1);
                        default -> Ops.select(Ops.transpose(leaf, 1, 3), 0, 2);
                    };
                    Tensor copy = Ops.cast(Tensor.of(v.toDoubleArray(), v.shape()), dtype).detach().requiresGrad(true);
                    Tensor got = Ops.adaptiveAvgPool2d(v, out[0], out[1]);
                    Tensor want = Ops.adaptiveAvgPool2d(copy, out[0], out[1]);
                    String what = dtype + " view " + view + " to " + out[0] + "x" + out[1];
                    assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0, what);
                    Ops.sum(Ops.mul(got, got)).backward();
                    Ops.sum(Ops.mul(want, want)).backward();
                    Tensor fromLeaf = switch (view) {
                        case 0 -> Ops.narrow(leaf.grad(), 3, 1, 9);
                        case 1 -> Ops.narrow(leaf.grad(), 2, 2, 10);
                        case 2 -> Ops.narrow(leaf.grad(), 1, 1, 4);
                        case 3 -> Ops.transpose(leaf.grad(), 2, 3);
                        case 4 -> Ops.permute(leaf.grad(), 0, 3, 1, 2);
                        case 5 -> Ops.select(leaf.grad(), 0, 1);
                        default -> Ops.select(Ops.transpose(leaf.grad(), 1, 3), 0, 2);
                    };
                    assertArrayEquals(copy.grad().toDoubleArray(), fromLeaf.toDoubleArray(), 0, what + " gradient");
                }
            }
        }
    }
}
