package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Max and average pooling of a channels-last leaf give a channels-last gradient (the leaf's own strides, so the
 * engine keeps it as grad() without a copy) whatever the layout of the incoming gradient: the expanded seed of
 * sum(y).backward(), a per-channel broadcast, a contiguous or a channels-last gradient; the values are exactly
 * those of the same pooling of a contiguous copy, in FLOAT32 and FLOAT64.
 */
class ChannelsLastPoolGradientTest {
    private static final int N = 2;
    private static final int C = 19;
    private static final int H = 8;
    private static final int W = 7;

    private static Tensor[] seeds(DType dtype, int[] ys) {
        int n = ys[0];
        int c = ys[1];
        int h = ys[2];
        int w = ys[3];
        return new Tensor[] {
            Ops.expand(Tensor.randn(11, dtype, 1, 1, 1, 1), ys),
            Ops.expand(Tensor.randn(12, dtype, 1, c, 1, 1), ys),
            Tensor.randn(13, dtype, ys),
            Ops.permute(Tensor.randn(14, dtype, n, h, w, c), 0, 3, 1, 2),
        };
    }

    private static void check(DType dtype, Function<Tensor, Tensor> pool) {
        Tensor storage = Tensor.randn(1, dtype, N, H, W, C);
        Tensor leaf = Ops.permute(storage, 0, 3, 1, 2).detach().requiresGrad(true);
        Tensor dense = leaf.contiguous().detach().requiresGrad(true);
        for (Tensor seed : seeds(dtype, pool.apply(dense).shape())) {
            leaf.setGrad(null);
            dense.setGrad(null);
            pool.apply(leaf).backward(seed);
            pool.apply(dense).backward(seed);
            String what = dtype + " seed strides " + Arrays.toString(seed.strides());
            assertArrayEquals(dense.grad().toDoubleArray(), leaf.grad().toDoubleArray(), "gradient, " + what);
            assertArrayEquals(leaf.strides(), leaf.grad().strides(), "layout, " + what);
        }
        // through the permute from the [N, H, W, C] leaf itself: a contiguous gradient there
        Tensor x = storage.detach().requiresGrad(true);
        Ops.sum(pool.apply(Ops.permute(x, 0, 3, 1, 2))).backward();
        dense.setGrad(null);
        Ops.sum(pool.apply(dense)).backward();
        assertArrayEquals(Ops.permute(dense.grad(), 0, 2, 3, 1).toDoubleArray(), x.grad().toDoubleArray(), "leaf " + dtype);
        assertArrayEquals(x.strides(), x.grad().strides());
    }

    @Test
    void maxPooling() {
        for (DType dtype : DType.values()) {
            check(dtype, x -> Ops.maxPool2d(x, 2));
            check(dtype, x -> Ops.maxPool2d(x, 3, 2, 1));
        }
    }

    @Test
    void averagePooling() {
        for (DType dtype : DType.values()) {
            check(dtype, x -> Ops.avgPool2d(x, 2));
            check(dtype, x -> Ops.avgPool2d(x, 3, 2, 1));
        }
    }
}
