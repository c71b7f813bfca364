package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * maximum and minimum as torch 1.13 computes them, in FLOAT32 and FLOAT64: NaN propagates and, by PyTorch's
 * formula, sends the whole gradient to both inputs; a tie (-0.0 and +0.0 included) splits it half and half and
 * returns a; broadcast, transposed and 0-d inputs give the values and gradients of their contiguous copies;
 * gradcheck and gradgradcheck of a function whose second derivative goes through the gradient's own vjp.
 */
class MaximumTest {
    private static final double NAN = Double.NaN;

    private static Tensor leaf(DType dtype, double[] v, int... shape) {
        Tensor t = Tensor.of(v, shape);
        if (dtype == DType.FLOAT32) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            t = Tensor.of(f, shape);
        }
        return t.requiresGrad(true);
    }

    @Property(tries = 4)
    void tiesNaNsAndSignedZeros(@ForAll DType dtype, @ForAll boolean max) {
        Tensor a = leaf(dtype, new double[] {1, 2, NAN, 3, -0.0, 0.0, NAN}, 7);
        Tensor b = leaf(dtype, new double[] {2, 2, 1, NAN, 0.0, -0.0, NAN}, 7);
        Tensor y = max ? Ops.maximum(a, b) : Ops.minimum(a, b);
        double[] v = y.toDoubleArray();
        assertEquals(max ? 2.0 : 1.0, v[0]);
        assertEquals(2.0, v[1]);
        assertEquals(NAN, v[2]);
        assertEquals(NAN, v[3]);
        // a tie returns a
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(v[4]));
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(v[5]));
        assertEquals(NAN, v[6]);
        y.backward(Ops.cast(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7}, 7), dtype));
        assertArrayEquals(new double[] {max ? 0 : 1, 1, 3, 4, 2.5, 3, 7}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {max ? 1 : 0, 1, 3, 4, 2.5, 3, 7}, b.grad().toDoubleArray());
        assertEquals(dtype, a.grad().dtype());
    }

    @Property(tries = 4)
    void aZeroDimOperandKeepsItsDtype(@ForAll DType dtype) {
        Tensor a = leaf(dtype, new double[] {-1, 0.5, 2, 0.5}, 2, 2);
        Tensor s = Tensor.scalar(0.5).requiresGrad(true);
        Tensor y = Ops.maximum(a, s);
        assertEquals(dtype, y.dtype());
        assertArrayEquals(new double[] {0.5, 0.5, 2, 0.5}, y.toDoubleArray());
        Ops.sum(y).backward();
        assertArrayEquals(new double[] {0, 0.5, 1, 0.5}, a.grad().toDoubleArray());
        assertEquals(DType.FLOAT64, s.grad().dtype());
        assertEquals(2.0, s.grad().toDoubleArray()[0]);
    }

    @Property(tries = 30)
    void viewsAndBroadcastsMatchContiguousCopies(@ForAll @IntRange(min = 0, max = 3) int pattern, @ForAll boolean max,
                                                 @ForAll DType dtype, @ForAll long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        double[] v = new double[3 * 4 * 37];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(200) == 0 ? NAN : rng.nextInt(5) - 2;
        }
        double[] w = new double[4 * 37];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextInt(5) - 2;
        }
        Tensor a = leaf(dtype, v, 3, 4, 37);
        Tensor b = switch (pattern) {
            case 0 -> leaf(dtype, w, 4, 37);
            case 1 -> leaf(dtype, java.util.Arrays.copyOf(w, 4), 4, 1);
            case 2 -> leaf(dtype, java.util.Arrays.copyOf(w, 37), 37);
            default -> leaf(dtype, java.util.Arrays.copyOf(w, 3), 3, 1, 1);
        };
        // the same values of a, stored transposed
        Tensor at = Ops.transpose(Ops.transpose(a, 0, 2).contiguous(), 0, 2).detach().requiresGrad(true);
        Tensor bc = b.detach().requiresGrad(true);
        Tensor y = max ? Ops.maximum(a, b) : Ops.minimum(a, b);
        Tensor yt = max ? Ops.maximum(bc, at) : Ops.minimum(bc, at);
        double[] yv = y.toDoubleArray();
        double[] ytv = yt.toDoubleArray();
        for (int i = 0; i < yv.length; i++) {
            // maximum(b, a) and maximum(a, b) agree up to the sign of a tied zero (none here) and NaN payloads
            assertEquals(yv[i], ytv[i], 0.0, "element " + i);
        }
        Tensor g = Ops.cast(Tensor.randn(seed, DType.FLOAT64, y.shape()), dtype);
        y.backward(g);
        yt.backward(g);
        assertArrayEquals(a.grad().toDoubleArray(), at.grad().toDoubleArray());
        assertArrayEquals(b.grad().toDoubleArray(), bc.grad().toDoubleArray());
    }

    @Property(tries = 4)
    void withoutGradientsNoFlagsAreKept(@ForAll DType dtype) {
        Tensor a = leaf(dtype, new double[] {1, 5}, 2).detach();
        Tensor b = leaf(dtype, new double[] {3, 2}, 2).detach();
        Tensor y = Ops.maximum(a, b);
        assertArrayEquals(new double[] {3, 5}, y.toDoubleArray());
        assertNull(y.gradFnName());
    }

    @Property(tries = 15)
    void gradgradcheckThroughTheWeights(@ForAll @IntRange(min = 0, max = 2) int pattern, @ForAll boolean max,
                                        @ForAll long seed) {
        int[] bShape = pattern == 0 ? new int[] {2, 3} : pattern == 1 ? new int[] {3} : new int[] {2, 1};
        Tensor a = OpsGradTest.distinct(seed, DType.FLOAT64, 2, 3);
        Tensor b = Ops.add(OpsGradTest.distinct(seed + 1, DType.FLOAT64, bShape), Tensor.scalar(0.1)).detach();
        // squared: the second derivative runs through the weighing's own vjp
        OpsGradTest.check(x -> {
            Tensor y = max ? Ops.maximum(x[0], x[1]) : Ops.minimum(x[0], x[1]);
            return Ops.mul(y, y);
        }, a, b);
    }
}
