package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The max / min kernels ({@link ExtremaFloat}, {@link ExtremaDouble}) against their scalar references, bit for bit,
 * at every tail length around the lane count, on values full of ties, signed zeros and NaNs (extremes, their
 * first index and the mask of their ties); and the reduction over
 * a dim of permuted views against a per-slice scalar loop in row-major order (value and first index).
 */
class ExtremaTest {
    private static final float[] POOL = {-0.0f, 0.0f, 1f, -1f, 2f, Float.NaN, Float.NEGATIVE_INFINITY, 3f};

    private static float[] floats(SplittableRandom rng, int n, boolean nans) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = POOL[rng.nextInt(nans && rng.nextInt(4) == 0 ? POOL.length : POOL.length - 3)];
            if (a[i] != a[i] && !nans) {
                a[i] = 4f;
            }
        }
        return a;
    }

    @Property(tries = 200)
    void rowsMatchScalar(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll boolean max, @ForAll boolean nans,
                         @ForAll long seed) {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        float[] a = floats(new SplittableRandom(seed), n + 2, nans);
        assertEquals(Float.floatToIntBits(ExtremaFloat.extremeScalar(a, 1, n, max)),
                Float.floatToIntBits(ExtremaSimdFloat.extreme(a, 1, n, max)));
        assertEquals(ExtremaFloat.argRowScalar(a, 1, n, max), ExtremaFloat.argRow(a, 1, n, max));
        double[] d = doubles(a);
        assertEquals(Double.doubleToLongBits(ExtremaDouble.extremeScalar(d, 1, n, max)),
                Double.doubleToLongBits(ExtremaSimdDouble.extreme(d, 1, n, max)));
        assertEquals(ExtremaDouble.argRowScalar(d, 1, n, max), ExtremaDouble.argRow(d, 1, n, max));
        // the ties of the extreme, and of a value that may not occur
        for (float m : new float[] {ExtremaFloat.extremeScalar(a, 1, n, max), a[0], Float.NaN, 0f}) {
            float[] want = new float[n];
            float[] got = new float[n];
            assertEquals(ExtremaFloat.markTiesScalar(a, 1, n, m, want, 0, 0), ExtremaSimdFloat.markTies(a, 1, n, m, got, 0));
            assertArrayEquals(want, got);
            double[] wantD = new double[n];
            double[] gotD = new double[n];
            assertEquals(ExtremaDouble.markTiesScalar(d, 1, n, m, wantD, 0, 0), ExtremaSimdDouble.markTies(d, 1, n, m, gotD, 0));
            assertArrayEquals(wantD, gotD);
            assertArrayEquals(doubles(want), gotD);
        }
    }

    @Property(tries = 300)
    void rowsOfAViewMatchScalar(@ForAll @IntRange(min = 1, max = 140) int n, @ForAll @IntRange(min = 1, max = 6) int rows,
                                @ForAll @IntRange(min = 1, max = 3) int groups, @ForAll boolean max,
                                @ForAll boolean nans, @ForAll long seed) {
        // groups of rows of n at a stride of n + 3 (a narrowed last dim), around every lane count's tail and past
        // ExtremaFloat.LONG_ROW; the groups in reverse storage order
        SplittableRandom rng = new SplittableRandom(seed);
        int stride = n + 3;
        float[] a = floats(rng, groups * rows * stride + 2, nans);
        int[] starts = new int[groups];
        for (int g = 0; g < groups; g++) {
            starts[g] = 2 + (groups - 1 - g) * rows * stride;
        }
        float[] c = new float[groups * rows * n];
        for (int g = 0, o = 0; g < groups; g++) {
            for (int j = 0; j < rows; j++, o += n) {
                System.arraycopy(a, starts[g] + j * stride, c, o, n);
            }
        }
        float want = ExtremaFloat.extremeScalar(c, 0, c.length, max);
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(ExtremaFloat.extreme(a, starts, rows, stride, n, max)));
        float last = ExtremaFloat.extremeScalar(c, (groups - 1) * rows * n, rows * n, max);
        if (n >= ExtremaSimdFloat.lanes()) {
            assertEquals(Float.floatToIntBits(last), Float.floatToIntBits(ExtremaSimdFloat.extreme(a, 2, rows, stride, n, max)));
        }
        assertEquals(Float.floatToIntBits(last), Float.floatToIntBits(ExtremaFloat.extremeScalar(a, 2, rows, stride, n, max)));
        double[] d = doubles(a);
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(ExtremaDouble.extreme(d, starts, rows, stride, n,
                max)));
        for (float m : new float[] {want, a[2], Float.NaN, 0f}) {
            float[] wantTies = new float[c.length];
            int count = ExtremaFloat.markTiesScalar(c, 0, c.length, m, wantTies, 0, 0);
            float[] got = new float[c.length];
            assertEquals(count, ExtremaFloat.markTies(a, starts, rows, stride, n, m, got));
            assertArrayEquals(wantTies, got);
            double[] gotD = new double[c.length];
            assertEquals(count, ExtremaDouble.markTies(d, starts, rows, stride, n, m, gotD));
            assertArrayEquals(doubles(wantTies), gotD);
        }
    }

    @Property(tries = 100)
    void longRowsMatchScalar(@ForAll @IntRange(min = 120, max = 300) int n, @ForAll boolean max, @ForAll boolean nans,
                             @ForAll long seed) {
        // rows from ExtremaFloat.LONG_ROW on take their extreme with four accumulators before the search
        float[] a = floats(new SplittableRandom(seed), n + 2, nans);
        assertEquals(ExtremaFloat.argRowScalar(a, 1, n, max), ExtremaFloat.argRow(a, 1, n, max));
        assertEquals(ExtremaDouble.argRowScalar(doubles(a), 1, n, max), ExtremaDouble.argRow(doubles(a), 1, n, max));
    }

    @Property(tries = 200)
    void columnsMatchScalar(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll @IntRange(min = 1, max = 5) int size,
                            @ForAll boolean max, @ForAll boolean nans, @ForAll long seed) {
        int stride = n + 3;
        float[] a = floats(new SplittableRandom(seed), size * stride + 1, nans);
        float[] best = new float[n];
        float[] arg = new float[n];
        float[] bestRef = new float[n];
        float[] argRef = new float[n];
        ExtremaFloat.columns(a, 1, stride, size, n, max, best, arg);
        System.arraycopy(a, 1, bestRef, 0, n);
        for (int j = 1; j < size; j++) {
            ExtremaFloat.columnsScalar(a, 1 + j * stride, j, 0, n, max, bestRef, argRef);
        }
        assertArrayEquals(bestRef, best);
        assertArrayEquals(argRef, arg);
        double[] d = doubles(a);
        double[] bestD = new double[n];
        double[] argD = new double[n];
        ExtremaDouble.columns(d, 1, stride, size, n, max, bestD, argD);
        assertArrayEquals(doubles(bestRef), bestD);
        assertArrayEquals(doubles(argRef), argD);
    }

    @Property(tries = 150)
    void reduceDimOfPermutedViews(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed, @ForAll boolean max,
                                  @ForAll boolean nans) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] shape = new int[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = 1 + rng.nextInt(k == rank - 1 ? 40 : 5);
        }
        int dim = rng.nextInt(rank);
        shape[dim] = Math.max(2, shape[dim]);
        // a random memory order of the dims, with a little slack after the innermost rows
        int[] order = new int[rank];
        for (int k = 0; k < rank; k++) {
            order[k] = k;
        }
        for (int k = rank - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        int[] strides = new int[rank];
        int step = 1;
        for (int i = rank - 1; i >= 0; i--) {
            strides[order[i]] = step;
            step *= shape[order[i]] + (i == rank - 1 && shape[order[i]] > 1 ? rng.nextInt(2) : 0);
        }
        float[] x = floats(rng, step + 2, nans);
        int numel = 1;
        for (int s : shape) {
            numel *= s;
        }
        int size = shape[dim];
        float[] out = new float[numel / size];
        int[] arg = new int[numel / size];
        assertTrue(ExtremaFloat.reduceDim(x, 2, shape, strides, dim, max, out, arg));
        double[] outD = new double[out.length];
        int[] argD = new int[out.length];
        assertTrue(ExtremaDouble.reduceDim(doubles(x), 2, shape, strides, dim, max, outD, argD));
        int[] idx = new int[rank];
        for (int o = 0; o < out.length; o++) {
            // o row-major over the kept dims
            int rest = o;
            for (int k = rank - 1; k >= 0; k--) {
                if (k != dim) {
                    idx[k] = rest % shape[k];
                    rest /= shape[k];
                }
            }
            float[] slice = new float[size];
            for (int j = 0; j < size; j++) {
                idx[dim] = j;
                int p = 2;
                for (int k = 0; k < rank; k++) {
                    p += idx[k] * strides[k];
                }
                slice[j] = x[p];
            }
            int want = ExtremaFloat.argRowScalar(slice, 0, size, max);
            assertEquals(want, arg[o]);
            assertEquals(Float.floatToIntBits(slice[want]), Float.floatToIntBits(out[o]));
            assertEquals(want, argD[o]);
            assertEquals(Double.doubleToLongBits(slice[want]), Double.doubleToLongBits(outD[o]));
        }
    }
}
