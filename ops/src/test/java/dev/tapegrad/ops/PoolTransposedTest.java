package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * 2×2 max and average pooling of an input with H and W transposed, read in place through its stored planes: the
 * values and argmax (ties and NaNs in the windows), y's contiguous layout and the gradients through {@code
 * sum(y).backward()} and through a dense incoming gradient are those of the same pooling of the contiguous copy,
 * bit for bit, for odd and even sizes (the scalar tails and the SIMD rows, one output row or column) and both
 * dtypes; the leaf's gradient
 * comes back contiguous; first and second derivatives pass the numerical check.
 */
class PoolTransposedTest {
    private static final int[][] SIZES = {{2, 3, 9, 11}, {3, 2, 32, 35}, {1, 4, 40, 36}, {2, 2, 66, 17}, {2, 3, 2, 7},
            {2, 3, 7, 3}, {1, 1, 3, 2}};

    private static Tensor pool(Tensor v, boolean max) {
        return max ? Ops.maxPool2d(v, 2) : Ops.avgPool2d(v, 2);
    }

    /** Values with ties (quarters) and, when nans, some NaNs and -0.0. */
    private static double[] values(int n, long seed, boolean nans) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round(rng.nextGaussian() * 3) / 4.0;
            if (nans && rng.nextInt(13) == 0) {
                v[i] = rng.nextBoolean() ? Double.NaN : -0.0;
            }
        }
        return v;
    }

    @Test
    void transposedInputsPoolAsTheirContiguousCopies() {
        for (DType dtype : DType.values()) {
            for (int[] s : SIZES) {
                for (boolean max : new boolean[] {true, false}) {
                    for (boolean nans : new boolean[] {false, true}) {
                        for (boolean expanded : new boolean[] {true, false}) {
                            check(dtype, s, max, nans, expanded);
                        }
                    }
                }
            }
        }
    }

    private static void check(DType dtype, int[] s, boolean max, boolean nans, boolean expanded) {
        String what = dtype + " " + java.util.Arrays.toString(s) + (max ? " max" : " avg") + (nans ? " NaNs" : "")
                + (expanded ? " sum(y).backward()" : " dense gy");
        // the leaf is stored [N, C, W, H]; its transpose is the pooled input
        Tensor leaf = Ops.cast(Tensor.of(values(s[0] * s[1] * s[2] * s[3], 17, nans), s[0], s[1], s[3], s[2]), dtype)
                .detach().requiresGrad(true);
        Tensor v = Ops.transpose(leaf, 2, 3);
        Tensor copy = Ops.cast(Tensor.of(v.toDoubleArray(), v.shape()), dtype).detach().requiresGrad(true);
        Tensor got = pool(v, max);
        Tensor want = pool(copy, max);
        assertTrue(got.isContiguous(), what + ": y contiguous");
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0, what);
        if (expanded) {
            Ops.sum(got).backward();
            Ops.sum(want).backward();
        } else {
            Tensor gy = Ops.cast(Tensor.of(values(want.numel(), 23, false), want.shape()), dtype);
            got.backward(gy);
            want.backward(gy);
        }
        assertTrue(leaf.grad().isContiguous(), what + ": the leaf's gradient contiguous");
        assertArrayEquals(copy.grad().toDoubleArray(), Ops.transpose(leaf.grad(), 2, 3).toDoubleArray(), 0,
                what + " gradient");
    }

    /**
     * Other windows (3×3 stride 2 pad 1, through the channels-last kernels from 16 channels, else the NCHW loops)
     * take the transposed input through the general paths; max pooling gives its gradient its stored layout.
     */
    @Test
    void otherWindowsOfTransposedInputsGiveTheGradientsOfTheirContiguousCopies() {
        for (DType dtype : DType.values()) {
            for (int channels : new int[] {3, 17}) {
                for (boolean max : new boolean[] {true, false}) {
                    for (boolean expanded : new boolean[] {true, false}) {
                        int[] s = {2, channels, 11, 8};
                        String what = dtype + " C " + channels + (max ? " max" : " avg") + " expanded " + expanded;
                        double[] xs = values(s[0] * s[1] * s[2] * s[3], 19, false);
                        Tensor leaf = Ops.cast(Tensor.of(xs, s[0], s[1], s[3], s[2]), dtype).detach()
                                .requiresGrad(true);
                        Tensor v = Ops.transpose(leaf, 2, 3);
                        Tensor copy = Ops.cast(Tensor.of(v.toDoubleArray(), v.shape()), dtype).detach()
                                .requiresGrad(true);
                        Function<Tensor, Tensor> f = t -> max ? Ops.maxPool2d(t, 3, 2, 1) : Ops.avgPool2d(t, 3, 2, 1);
                        Tensor got = f.apply(v);
                        Tensor want = f.apply(copy);
                        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0, what);
                        if (expanded) {
                            Ops.sum(got).backward();
                            Ops.sum(want).backward();
                        } else {
                            Tensor gy = Ops.cast(Tensor.of(values(want.numel(), 29, false), want.shape()), dtype);
                            got.backward(gy);
                            want.backward(gy);
                        }
                        assertArrayEquals(copy.grad().toDoubleArray(), Ops.transpose(leaf.grad(), 2, 3).toDoubleArray(),
                                0, what + " gradient");
                    }
                }
            }
        }
    }

    @Test
    void transposedPoolingGradientsPassTheNumericalCheck() {
        for (int kind = 0; kind < 4; kind++) {
            boolean max = kind % 2 == 0;
            boolean tiles = kind < 2;
            Tensor x = Tensor.randn(5, DType.FLOAT64, 2, 3, 7, 6).requiresGrad(true);
            Function<Tensor[], Tensor> f = t -> {
                Tensor v = Ops.transpose(t[0], 2, 3);
                return tiles ? pool(v, max) : max ? Ops.maxPool2d(v, 3, 2, 1) : Ops.avgPool2d(v, 3, 2, 1);
            };
            GradCheck.Result r = GradCheck.gradcheck(f, x);
            assertTrue(r.passed(), r.report());
            r = GradCheck.gradgradcheck(f, x);
            assertTrue(r.passed(), r.report());
        }
    }
}
