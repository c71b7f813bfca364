package dev.tapegrad.ops.primitive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link ScatterDim} and {@link GatherDim} on shapes drawn with size-1 dims, every dim, keepDim or not, both dtypes
 * and views as inputs: values against a per-element loop over row-major indices, the two are each other's adjoint
 * (⟨scatter(x), y⟩ = ⟨x, gather(y)⟩, exactly, on integer values), and gradcheck and gradgradcheck of both.
 */
class ScatterDimTest {

    private record Case(int[] shape, int dim, boolean keepDim, int[] index) {}

    private static Case draw(long seed, int rank, boolean keepDim) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] shape = new int[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = 1 + rng.nextInt(4);
        }
        int dim = rng.nextInt(rank);
        int[] index = new int[Tensor.zeros(DType.FLOAT64, shape).numel() / shape[dim]];
        for (int i = 0; i < index.length; i++) {
            index[i] = rng.nextInt(shape[dim]);
        }
        return new Case(shape, dim, keepDim, index);
    }

    private static Tensor integers(long seed, DType dtype, int... shape) {
        Tensor r = Tensor.rand(seed, DType.FLOAT64, shape);
        double[] v = r.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.floor(v[i] * 19) - 9;
        }
        Tensor t = Tensor.of(v, shape);
        return dtype == DType.FLOAT32 ? Tensors.as(t, DType.FLOAT32) : t;
    }

    /** The element of row-major position k of the reduced shape, at index along dim, as a full-shape position. */
    private static int full(int[] shape, int dim, int k, int index) {
        int inner = ScatterDim.product(shape, dim + 1, shape.length);
        return (k / inner * shape[dim] + index) * inner + k % inner;
    }

    @Property(tries = 60)
    void valuesAndAdjoint(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll boolean keepDim,
                          @ForAll DType dtype, @ForAll boolean transposed, @ForAll long seed) {
        Case c = draw(seed, rank, keepDim);
        int[] small = ScatterDim.reduced(c.shape, c.dim, keepDim);
        Tensor x = integers(seed + 1, dtype, small);
        Tensor y = integers(seed + 2, dtype, c.shape);
        if (transposed && rank >= 2) {
            // the same values read through a transposed view
            y = Ops.transpose(Ops.transpose(y, 0, rank - 1).contiguous(), 0, rank - 1);
        }
        Tensor s = new ScatterDim(c.shape, c.dim, c.index, keepDim).apply(x);
        Tensor g = new GatherDim(c.dim, c.index, keepDim).apply(y);
        assertArrayEquals(c.shape, s.shape());
        assertArrayEquals(small, g.shape());
        assertEquals(dtype, s.dtype());
        assertEquals(dtype, g.dtype());
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        double[] want = new double[yv.length];
        double[] gathered = new double[xv.length];
        for (int k = 0; k < xv.length; k++) {
            int p = full(c.shape, c.dim, k, c.index[k]);
            want[p] = xv[k];
            gathered[k] = yv[p];
        }
        assertArrayEquals(want, s.toDoubleArray(), 0.0);
        assertArrayEquals(gathered, g.toDoubleArray(), 0.0);
        double left = 0;
        double[] sv = s.toDoubleArray();
        for (int i = 0; i < sv.length; i++) {
            left += sv[i] * yv[i];
        }
        double right = 0;
        for (int k = 0; k < xv.length; k++) {
            right += xv[k] * gathered[k];
        }
        assertEquals(left, right, 0.0);
    }

    private static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result first = GradCheck.gradcheck(f, inputs);
        assertTrue(first.passed(), first.report());
        GradCheck.Result second = GradCheck.gradgradcheck(f, inputs);
        assertTrue(second.passed(), second.report());
    }

    @Property(tries = 25)
    void gradcheckAndGradgradcheck(@ForAll @IntRange(min = 1, max = 3) int rank, @ForAll boolean keepDim,
                                   @ForAll long seed) {
        Case c = draw(seed, rank, keepDim);
        Tensor x = Tensor.randn(seed + 1, DType.FLOAT64, ScatterDim.reduced(c.shape, c.dim, keepDim));
        Tensor y = Tensor.randn(seed + 2, DType.FLOAT64, c.shape);
        // squared, so that the second derivative is not zero
        check(t -> {
            Tensor s = new ScatterDim(c.shape, c.dim, c.index, keepDim).apply(t[0]);
            return Ops.mul(s, s);
        }, x);
        check(t -> {
            Tensor g = new GatherDim(c.dim, c.index, keepDim).apply(t[0]);
            return Ops.mul(g, g);
        }, y);
    }
}
