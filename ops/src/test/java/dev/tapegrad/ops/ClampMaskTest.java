package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * clamp's gradient mask [lo <= x <= hi], compared in double as PyTorch does, in both dtypes: FLOAT32 values next to
 * bounds that no float represents (0.1, 0.7), at the bounds themselves, NaN, infinities, lo > hi, and a transposed
 * input (its mask made from a copy).
 */
class ClampMaskTest {
    private static void assertMask(float[] values, double lo, double hi, DType dtype, boolean transposed) {
        int n = values.length;
        Tensor x = Tensor.of(values, n, 1);
        if (dtype == DType.FLOAT64) {
            x = Ops.cast(x, DType.FLOAT64);
        }
        Tensor leaf = x.detach().requiresGrad(true);
        Tensor v = transposed ? Ops.transpose(Ops.reshape(leaf, 1, n), 0, 1) : leaf;
        Ops.sum(Ops.clamp(v, lo, hi)).backward();
        double[] g = leaf.grad().toDoubleArray();
        for (int i = 0; i < n; i++) {
            double e = values[i];
            assertEquals(e >= lo && e <= hi ? 1.0 : 0.0, g[i], dtype + " clamp(" + values[i] + ", " + lo + ", " + hi + ")'");
        }
    }

    private static float[] near(double lo, double hi) {
        float l = (float) lo;
        float h = (float) hi;
        return new float[] {Math.nextDown(l), l, Math.nextUp(l), Math.nextDown(h), h, Math.nextUp(h), Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 0.5f, 3f, -3f, 0.1f, 0.7f, 1e30f, -1e30f};
    }

    @Test
    void boundsNoFloatRepresents() {
        for (DType dtype : DType.values()) {
            for (boolean transposed : new boolean[] {false, true}) {
                assertMask(near(0.1, 0.7), 0.1, 0.7, dtype, transposed);
                assertMask(near(-0.7, -0.1), -0.7, -0.1, dtype, transposed);
                assertMask(near(-1e300, 1e300), -1e300, 1e300, dtype, transposed);
                assertMask(near(0.5, 0.5), 0.5, 0.5, dtype, transposed);
                assertMask(near(0.7, 0.1), 0.7, 0.1, dtype, transposed);
                assertMask(near(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY, dtype, transposed);
            }
        }
    }

    @Property(tries = 40)
    void drawnValuesAndBounds(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(70);
        double lo = rng.nextGaussian();
        double hi = lo + Math.abs(rng.nextGaussian());
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = rng.nextInt(4) == 0 ? (float) (rng.nextBoolean() ? lo : hi) : (float) (rng.nextGaussian() * 2);
        }
        assertMask(values, lo, hi, rng.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64, rng.nextBoolean());
    }
}
