package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * max() and min() of views read in place (narrowed along the last or a middle dim, narrowed and transposed,
 * channels-last and narrowed, expanded): the same value as the contiguous copy, bit for bit (NaN wins, +0.0 above
 * -0.0), and the same gradient split among the ties; gradcheck through narrow.
 */
class MaxAllViewsTest {
    private static final double[] POOL = {-0.0, 0.0, 1, -1, 2, 2, Double.NaN};

    private static Tensor view(Tensor big, int layout, int w) {
        return switch (layout) {
            case 0 -> Ops.narrow(big, 3, 1, w);
            case 1 -> Ops.narrow(big, 1, 1, 2);
            case 2 -> Ops.transpose(Ops.narrow(big, 3, 1, w), 2, 3);
            case 3 -> Ops.narrow(Ops.permute(big, 0, 3, 1, 2), 1, 1, w);
            default -> Ops.expand(Ops.narrow(big, 3, 1, 1), big.shape()[0], big.shape()[1], big.shape()[2], w);
        };
    }

    @Property(tries = 60)
    void viewsMatchTheirContiguousCopy(@ForAll @IntRange(min = 0, max = 4) int layout,
                                       @ForAll @IntRange(min = 1, max = 37) int w, @ForAll boolean max,
                                       @ForAll boolean nans, @ForAll DType dtype, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] shape = {2, 3, 4, w + 2};
        double[] v = new double[2 * 3 * 4 * (w + 2)];
        for (int i = 0; i < v.length; i++) {
            v[i] = POOL[rng.nextInt(nans && rng.nextInt(8) == 0 ? POOL.length : POOL.length - 1)];
        }
        Tensor big = Ops.cast(Tensor.of(v, shape), dtype).detach().requiresGrad(true);
        Tensor ref = Ops.cast(Tensor.of(v, shape), dtype).detach().requiresGrad(true);
        // the reference reads a dense copy (times 1: the same values, -0.0 and NaN included, and the same gradient)
        Tensor got = extreme(view(big, layout, w), max);
        Tensor want = extreme(Ops.mul(view(ref, layout, w), 1.0), max);
        assertEquals(Double.doubleToLongBits(want.toDoubleArray()[0]), Double.doubleToLongBits(got.toDoubleArray()[0]));
        got.backward();
        want.backward();
        assertArrayEquals(ref.grad().toDoubleArray(), big.grad().toDoubleArray());
    }

    private static Tensor extreme(Tensor x, boolean max) {
        return max ? Ops.max(x) : Ops.min(x);
    }

    @Test
    void gradcheckThroughNarrow() {
        Tensor x = Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 3, 2, 21);
        OpsGradTest.check(t -> Ops.max(Ops.narrow(t[0], 2, 2, 17)), x);
        OpsGradTest.check(t -> Ops.min(Ops.transpose(Ops.narrow(t[0], 2, 1, 19), 1, 2)), x);
    }
}
