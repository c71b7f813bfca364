package dev.tapegrad.ops;

import static dev.tapegrad.ops.OpsGradTest.check;
import static dev.tapegrad.ops.OpsGradTest.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** gelu and silu: literal reference values, gradcheck and gradgradcheck over drawn shapes. */
class VocabElementwiseTest {
    private static final int TRIES = 25;
    private static final double[] X = {-8.0, -5.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0};

    private static int[] shape(List<Integer> dims) {
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void geluMatchesTheExactErfForm() {
        // x·Φ(x) from mpmath 1.2.1 at 40 digits. torch 1.13's F.gelu agrees to the last digit except at
        // x = -8, where it gives -4.884981308350689e-15 (it forms 1 + erf(x/√2) and loses the tail).
        double[] expected = {-4.976768459417427e-15, -1.4332578593959695e-06, -0.0040496940948902835,
            -0.15865525393145705, -0.15426876936299344, 0.0, 0.34573123063700656, 0.8413447460685429,
            1.9544997361036416, 2.99595030590511};
        double[] y = Ops.gelu(Tensor.of(X, X.length)).toDoubleArray();
        for (int i = 0; i < X.length; i++) {
            // Rounding x/√2 before erfc costs about x² ulps of relative accuracy in the tail (as in torch).
            assertEquals(expected[i], y[i], (1 + X[i] * X[i]) * 1e-15 * Math.abs(expected[i]),
                    "gelu(" + X[i] + ")");
        }
        // Φ(x) + x·φ(x) from mpmath 1.2.1; torch 1.13's gradient of F.gelu(x).sum() agrees to 1e-15 relative
        // except again at x = -8 (-3.9807546004751306e-14, from its less accurate tail).
        double[] slope = {-3.979607261086796e-14, -7.146946001792295e-06, -0.011945647204183927,
            -0.0833154705876863, 0.13250487534383715, 0.5, 0.8674951246561629, 1.0833154705876864,
            1.085231801078197, 1.011945647204184};
        Tensor x = Tensor.of(X, X.length).requiresGrad(true);
        Ops.sum(Ops.gelu(x)).backward();
        double[] g = x.grad().toDoubleArray();
        for (int i = 0; i < X.length; i++) {
            assertEquals(slope[i], g[i], (1 + X[i] * X[i]) * 1e-15 * Math.abs(slope[i]), "gelu'(" + X[i] + ")");
        }
        // FLOAT32: the float kernel is accurate to about 1e-6 relative
        float[] y32 = Ops.gelu(Tensor.of(new float[] {-8f, -3f, 0.5f, 2f}, 4)).toFloatArray();
        double[] e32 = {expected[0], expected[2], expected[6], expected[8]};
        for (int i = 0; i < e32.length; i++) {
            assertEquals(e32[i], y32[i], 1e-6 * Math.abs(e32[i]), "FLOAT32 gelu, element " + i);
        }
    }

    @Test
    void siluMatchesPyTorch() {
        // torch 1.13: F.silu(x) in float64
        double[] expected = {-0.002682801043731825, -0.03346425462142428, -0.14227761953270035, -0.2689414213699951,
            -0.1887703343990727, 0.0, 0.3112296656009273, 0.7310585786300049, 1.7615941559557646,
            2.8577223804672998};
        assertArrayEquals(expected, Ops.silu(Tensor.of(X, X.length)).toDoubleArray(), 1e-15);
        assertEquals(-0.0, Ops.silu(Tensor.of(new double[] {-800}, 1)).item(), 0.0);
    }

    @Property(tries = TRIES)
    void gelu(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
              @ForAll long seed) {
        Tensor a = OpsGradTest.normal(seed, dtype, shape(dims));
        check(x -> Ops.gelu(Ops.mul(x[0], 2.0)), a);
    }

    @Property(tries = TRIES)
    void silu(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
              @ForAll long seed) {
        Tensor a = normal(seed, dtype, shape(dims));
        check(x -> Ops.silu(Ops.mul(x[0], 2.0)), a);
    }

    @Test
    void specialValuesAsPyTorch() {
        // torch 1.13, both dtypes: gelu and silu of -inf, inf, NaN are NaN, inf, NaN
        double[] special = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN};
        for (DType dtype : DType.values()) {
            for (int n : new int[] {3, 40}) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = special[i % 3];
                }
                Tensor x = Tensor.of(v, n);
                if (dtype == DType.FLOAT32) {
                    x = Ops.cast(x, DType.FLOAT32);
                }
                double[] gelu = Ops.gelu(x).toDoubleArray();
                double[] silu = Ops.silu(x).toDoubleArray();
                for (int i = 0; i < n; i++) {
                    double expected = i % 3 == 1 ? Double.POSITIVE_INFINITY : Double.NaN;
                    assertEquals(expected, gelu[i], 0.0, dtype + " gelu(" + v[i] + ")");
                    assertEquals(expected, silu[i], 0.0, dtype + " silu(" + v[i] + ")");
                }
            }
        }
    }
}
