package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Large sums over contiguous rows, whose blocks are summed over the kernel threads, give exactly the sums
 * of the one-thread row loop ({@link ReduceFloat#runSum}, {@link TapLoops#sum}), added in the same order: the whole
 * tensor, rows reduced into distinct outputs, and rows of outer reduced dims added into the same output.
 */
class ReduceThreadsTest {
    private static int[] contiguous(int[] shape) {
        int[] s = new int[shape.length];
        for (int d = shape.length - 1, st = 1; d >= 0; st *= shape[d], d--) {
            s[d] = st;
        }
        return s;
    }

    /** The one-thread reference: the loop nest's rows summed one by one and added in row-major order. */
    private static double[] serial(double[] x, float[] xf, int[] shape, boolean[] reduced, boolean single) {
        StridedLayout l = Reduce.layout(shape, contiguous(shape), reduced);
        int n = l.inner();
        int[] xRows = l.rowStarts(0, 0);
        int[] oRows = l.rowStarts(1, 0);
        int outCount = 1;
        for (int d = 0; d < shape.length; d++) {
            outCount *= reduced[d] ? 1 : shape[d];
        }
        double[] acc = new double[outCount];
        for (int r = 0; r < xRows.length; r++) {
            acc[oRows[r]] += single ? ReduceFloat.runSum(xf, xRows[r], n) : ReduceDouble.runSum(x, xRows[r], n);
        }
        return acc;
    }

    @Test
    void threadedSumsEqualTheOneThreadOrder() {
        SplittableRandom rng = new SplittableRandom(31);
        int big = Reduce.PARALLEL_MIN;
        int[][] shapes = {{big + 4097}, {3, big / 2 + 5}, {40, 7, 1500}, {9, 2, Reduce.BLOCK * 3 + 1}, {2048, 40}};
        for (int[] shape : shapes) {
            int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            double[] x = new double[n];
            float[] xf = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextDouble(-1, 1) * (1 + rng.nextInt(1000));
                xf[i] = (float) x[i];
            }
            for (boolean[] reduced : reductions(shape.length)) {
                String what = Arrays.toString(shape) + " reduced " + Arrays.toString(reduced);
                double[] got = new double[serial(x, xf, shape, reduced, false).length];
                ReduceDouble.sum(x, 0, shape, contiguous(shape), reduced, got);
                assertArrayEquals(serial(x, xf, shape, reduced, false), got, "FLOAT64 " + what);
                double[] gotF = new double[got.length];
                ReduceFloat.sum(xf, 0, shape, contiguous(shape), reduced, gotF);
                assertArrayEquals(serial(x, xf, shape, reduced, true), gotF, "FLOAT32 " + what);
            }
        }
    }

    /** Every set of reduced dims that includes the last (the innermost dim reduced). */
    private static boolean[][] reductions(int rank) {
        boolean[][] out = new boolean[1 << (rank - 1)][];
        for (int m = 0; m < out.length; m++) {
            boolean[] r = new boolean[rank];
            r[rank - 1] = true;
            for (int d = 0; d < rank - 1; d++) {
                r[d] = (m >> d & 1) == 1;
            }
            out[m] = r;
        }
        return out;
    }
}
