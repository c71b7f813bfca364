package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The pointwise ops written straight into a box of a larger array ({@link StridedCopyFloat#mapInto}), against an
 * element-by-element reference bit for bit, and the 2-D mask kernel's SIMD form against its scalar reference at
 * every tail length; both dtypes.
 */
class MapIntoTest {
    private static final int[] OPS = {ViewOps.COPY, ViewOps.RELU, ViewOps.MASK, ViewOps.ADD, ViewOps.SUB, ViewOps.MUL,
        ViewOps.DIV, ViewOps.SUB_FROM, ViewOps.DIV_INTO, ViewOps.NEG, ViewOps.ABS};

    @Property(tries = 200)
    void mapIntoMatchesTheReference(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + rng.nextInt(d == rank - 1 ? 40 : 6);
        }
        int op = OPS[rng.nextInt(OPS.length)];
        // src: dense, expanded on some dims, or transposed-ish strides; aux likewise; dst: a box of a padded array
        int[] srcStrides = strides(rng, shape);
        int[] auxStrides = strides(rng, shape);
        int[] padded = shape.clone();
        int[] lo = new int[rank];
        for (int d = 0; d < rank; d++) {
            lo[d] = rng.nextInt(3);
            padded[d] += lo[d] + rng.nextInt(3);
        }
        int[] dstStrides = contiguous(padded);
        int dstOffset = 0;
        for (int d = 0; d < rank; d++) {
            dstOffset += lo[d] * dstStrides[d];
        }
        float[] src = random(rng, reach(shape, srcStrides) + 3);
        float[] aux = random(rng, reach(shape, auxStrides) + 2);
        float[] dst = new float[product(padded)];
        float[] want = new float[dst.length];
        double[] wantD = new double[dst.length];
        int n = product(shape);
        for (int i = 0; i < n; i++) {
            int[] index = unravel(i, shape);
            int at = dstOffset + dot(index, dstStrides);
            want[at] = ViewOps.apply(op, src[3 + dot(index, srcStrides)], aux[2 + dot(index, auxStrides)]);
            wantD[at] = ViewOps.apply(op, (double) src[3 + dot(index, srcStrides)], (double) aux[2 + dot(index, auxStrides)]);
        }
        StridedCopyFloat.mapInto(op, src, 3, shape, srcStrides, aux, 2, auxStrides, dst, dstOffset, dstStrides);
        assertArrayEquals(want, dst);
        double[] dstD = new double[dst.length];
        StridedCopyDouble.mapInto(op, doubles(src), 3, shape, srcStrides, doubles(aux), 2, auxStrides, dstD,
                dstOffset, dstStrides);
        assertArrayEquals(wantD, dstD);
    }

    @Property(tries = 60)
    void maskPositiveRowsMatchesScalar(@ForAll @IntRange(min = 0, max = 40) int n, @ForAll @IntRange(min = 0, max = 4) int rows,
                                       @ForAll boolean repeated, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int gs = repeated ? 0 : 1;
        int gr = n + 1;
        int yr = n + 2;
        int os = n + 3;
        float[] g = random(rng, rows * gr + 1);
        float[] y = random(rng, rows * yr + 1);
        for (int i = 0; i < y.length; i += 5) {
            y[i] = i % 2 == 0 ? 0f : Float.NaN;
        }
        float[] simd = new float[rows * os + 1];
        float[] scalar = new float[rows * os + 1];
        ElementwiseSimdFloat.maskPositiveRows(g, 1, gr, gs, y, 1, yr, simd, 1, os, rows, n);
        ElementwiseFloat.maskPositiveRowsScalar(g, 1, gr, gs, y, 1, yr, scalar, 1, os, rows, n);
        assertArrayEquals(scalar, simd);
        double[] simdD = new double[simd.length];
        double[] scalarD = new double[simd.length];
        ElementwiseSimdDouble.maskPositiveRows(doubles(g), 1, gr, gs, doubles(y), 1, yr, simdD, 1, os, rows, n);
        ElementwiseDouble.maskPositiveRowsScalar(doubles(g), 1, gr, gs, doubles(y), 1, yr, scalarD, 1, os, rows, n);
        assertArrayEquals(scalarD, simdD);
    }

    /** Per dim: 0 (expanded), the dense stride, or the dense stride of a transposed layout. */
    private static int[] strides(SplittableRandom rng, int[] shape) {
        int[] dense = contiguous(shape);
        int[] s = new int[shape.length];
        int kind = rng.nextInt(3);
        for (int d = 0; d < shape.length; d++) {
            s[d] = kind == 1 && rng.nextBoolean() ? 0 : dense[d];
        }
        if (kind == 2 && shape.length > 1) {
            int[] t = contiguous(reverse(shape));
            for (int d = 0; d < shape.length; d++) {
                s[d] = t[shape.length - 1 - d];
            }
        }
        return s;
    }

    private static int[] reverse(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    private static int[] contiguous(int[] shape) {
        int[] s = new int[shape.length];
        int step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }

    private static int reach(int[] shape, int[] strides) {
        int r = 1;
        for (int d = 0; d < shape.length; d++) {
            r += (shape[d] - 1) * strides[d];
        }
        return r;
    }

    private static int product(int[] shape) {
        int p = 1;
        for (int s : shape) {
            p *= s;
        }
        return p;
    }

    private static int[] unravel(int i, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = i % shape[d];
            i /= shape[d];
        }
        return index;
    }

    private static int dot(int[] a, int[] b) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(7) == 0 ? 0f : (float) rng.nextGaussian();
        }
        return a;
    }
}
