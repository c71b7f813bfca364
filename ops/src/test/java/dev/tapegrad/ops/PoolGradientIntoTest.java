package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The input gradient of a max or average pooling of a narrow or select, written by the pooling's backward straight
 * into its place in the zero-padded gradient of the narrowed tensor (the engine's view gradient): the same values,
 * bit for bit, as the plain path (the backward's output padded by narrow's vjp, forced by a hook on the view), for
 * views along every dim (a select along the last dim leaves rows of another stride), both dtypes, few and many
 * channels (the NCHW and the channels-last kernels), and dense or expanded incoming gradients.
 */
class PoolGradientIntoTest {
    private static final List<Function<Tensor, Tensor>> POOLS = List.of(
            v -> Ops.maxPool2d(v, 2), v -> Ops.avgPool2d(v, 2), v -> Ops.maxPool2d(v, 3, 2, 1),
            v -> Ops.avgPool2d(v, 3, 2, 1), v -> Ops.avgPool2d(v, 3, 2, 1, false, false),
            v -> Ops.maxPool2d(v, 3, 1, 0), v -> Ops.avgPool2d(v, 2, 1, 0));

    /** A rank-4 view of x: narrow along dim d of a rank-4 x, or select along dim d of a rank-5 x. */
    private static Tensor view(Tensor x, int d) {
        return x.rank() == 4 ? Ops.narrow(x, d, 1, x.size(d) - 3) : Ops.select(x, d, 1);
    }

    private static Tensor gradient(DType dtype, int[] shape, int d, boolean plain, boolean expandedSeed,
                                   Function<Tensor, Tensor> op) {
        return NarrowGradientIntoTest.gradientThrough(dtype, shape, x -> view(x, d), plain, expandedSeed, op);
    }

    @Test
    void poolingThroughNarrowAndSelectMatchesThePaddedGradient() {
        int[][] shapes = {{4, 5, 12, 14}, {4, 20, 9, 11}, {3, 4, 5, 12, 14}, {2, 3, 18, 9, 11}};
        for (DType dtype : DType.values()) {
            for (int[] shape : shapes) {
                for (int d = 0; d < shape.length; d++) {
                    for (int o = 0; o < POOLS.size(); o++) {
                        for (boolean expanded : new boolean[] {true, false}) {
                            Tensor fast = gradient(dtype, shape, d, false, expanded, POOLS.get(o));
                            Tensor plain = gradient(dtype, shape, d, true, expanded, POOLS.get(o));
                            String what = dtype + " " + java.util.Arrays.toString(shape) + " view " + d + " op " + o
                                    + " expanded " + expanded;
                            assertArrayEquals(plain.toDoubleArray(), fast.toDoubleArray(), 0, what);
                        }
                    }
                }
            }
        }
    }
}
