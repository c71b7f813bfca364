package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The row-by-row strided copies against the per-element reference ({@link Shapes#offsets}) on random
 * views: permutations, slices, negative-free steps, broadcast (stride 0) dims and size-1 dims.
 */
class StridedCopyTest {

    /** A random view over a storage of random values; {@code seed} picks everything. */
    private static Tensor randomView(long seed, DType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        int rank = rng.nextInt(0, 5);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = rng.nextInt(0, 10) == 0 ? 1 : rng.nextInt(1, 6);
        }
        if (rank > 0 && rng.nextInt(0, 12) == 0) {
            shape[rng.nextInt(0, rank)] = 0;
        }
        int[] strides = new int[rank];
        int[] order = new int[rank];
        for (int d = 0; d < rank; d++) {
            order[d] = d;
        }
        for (int d = rank - 1; d > 0; d--) {        // a random dim order in memory (permuted views)
            int j = rng.nextInt(0, d + 1);
            int tmp = order[d];
            order[d] = order[j];
            order[j] = tmp;
        }
        int step = 1;
        for (int k = rank - 1; k >= 0; k--) {
            int d = order[k];
            int pad = rng.nextInt(0, 3);                // gaps: a slice of a bigger tensor
            strides[d] = rng.nextInt(0, 5) == 0 ? 0 : step * (1 + (pad == 2 ? 1 : 0));
            step = Math.max(step, Math.abs(strides[d]) * Math.max(shape[d], 1) + pad);
        }
        int offset = rng.nextInt(0, 4);
        int length = offset + step + 1;
        Tensor base = Tensor.rand(rng.nextLong(), dtype, length);
        return base.asStrided(shape, strides, offset);
    }

    private static double[] reference(Tensor t) {
        int[] at = Shapes.offsets(t.shape(), t.strides(), t.storageOffset());
        double[] out = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = t.dtype() == DType.FLOAT32 ? t.floatStorage()[at[i]] : t.doubleStorage()[at[i]];
        }
        return out;
    }

    @Property(tries = 300)
    void gatherMatchesThePerElementReference(@ForAll long seed, @ForAll boolean float32) {
        Tensor v = randomView(seed, float32 ? DType.FLOAT32 : DType.FLOAT64);
        double[] expected = reference(v);
        assertArrayEquals(expected, v.toDoubleArray());
        float[] f = v.toFloatArray();
        for (int i = 0; i < f.length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals((float) expected[i], f[i]);
        }
        assertArrayEquals(expected, v.copy().toDoubleArray());
        assertArrayEquals(expected, v.contiguous().toDoubleArray());
    }

    @Property(tries = 300)
    void copyFromWritesExactlyTheViewsElements(@ForAll long seed, @ForAll boolean float32,
                                               @ForAll @IntRange(min = 0, max = 1) int srcExpanded) {
        Tensor v = randomView(seed, float32 ? DType.FLOAT32 : DType.FLOAT64);
        int[] shape = v.shape();
        int[] strides = v.strides();
        for (int s : strides) {
            if (s == 0) {
                return;                                 // writing through a broadcast view overlaps itself
            }
        }
        double[] storageBefore = v.dtype() == DType.FLOAT32 ? toDoubles(v.floatStorage()) : v.doubleStorage().clone();
        Tensor src = Tensor.rand(seed + 1, DType.FLOAT64, shape);
        v.copyFrom(src);
        double[] srcValues = src.toDoubleArray();
        int[] at = Shapes.offsets(shape, strides, v.storageOffset());
        double[] expected = storageBefore.clone();
        for (int i = 0; i < at.length; i++) {
            expected[at[i]] = v.dtype() == DType.FLOAT32 ? (float) srcValues[i] : srcValues[i];
        }
        double[] after = v.dtype() == DType.FLOAT32 ? toDoubles(v.floatStorage()) : v.doubleStorage();
        assertArrayEquals(expected, after);
    }

    @Test
    void anExpandedScalarCopiesAsAFill() {
        Tensor one = Tensor.of(new float[] {7f});
        Tensor expanded = one.asStrided(new int[] {3, 4, 5}, new int[] {0, 0, 0}, 0);
        float[] values = expanded.toFloatArray();
        for (float x : values) {
            org.junit.jupiter.api.Assertions.assertEquals(7f, x);
        }
        org.junit.jupiter.api.Assertions.assertEquals(60, values.length);
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
