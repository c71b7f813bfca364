package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sums of views read in place in memory order ({@link ReduceFloat#sumRows}) give the same bits on one thread and
 * on several: channels-last storage over H, W (one output row per group of rows, groups split over the threads)
 * and over N, H, W (one output row, its blocks split), a transposed H, W plane, a narrowed last dim, and groups
 * that share output rows (a transposed view over N and W).
 */
class SumRowsThreadsTest {
    @Test
    void sameBitsOnOneThreadAndSeveral() {
        int[] s = {16, 64, 24, 24};
        int n = s[0] * s[1] * s[2] * s[3];
        SplittableRandom rng = new SplittableRandom(41);
        float[] xf = new float[n + 40 * s[0] * s[1] * s[2]];
        double[] x = new double[xf.length];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = (float) rng.nextGaussian();
            x[i] = rng.nextGaussian();
        }
        int[] channelsLast = {s[2] * s[3] * s[1], 1, s[3] * s[1], s[1]};
        int[] transposed = {s[1] * s[2] * s[3], s[2] * s[3], 1, s[2]};
        int[] narrowed = {s[1] * s[2] * (s[3] + 40), s[2] * (s[3] + 40), s[3] + 40, 1};
        Object[][] cases = {
            {channelsLast, new boolean[] {false, false, true, true}},
            {channelsLast, new boolean[] {true, false, true, true}},
            {transposed, new boolean[] {false, false, true, true}},
            {transposed, new boolean[] {true, false, false, true}},
            {narrowed, new boolean[] {false, false, true, true}},
            {narrowed, new boolean[] {true, true, true, true}},
        };
        int saved = Parallel.threads();
        try {
            for (Object[] c : cases) {
                int[] strides = (int[]) c[0];
                boolean[] reduced = (boolean[]) c[1];
                int outs = 1;
                for (int d = 0; d < 4; d++) {
                    outs *= reduced[d] ? 1 : s[d];
                }
                String what = Arrays.toString(strides) + " reduced " + Arrays.toString(reduced);
                double[][] got = new double[4][outs];
                Parallel.setThreads(1);
                ReduceFloat.sumRows(xf, 3, s, strides, reduced, got[0]);
                ReduceDouble.sumRows(x, 3, s, strides, reduced, got[1]);
                Parallel.setThreads(3);
                ReduceFloat.sumRows(xf, 3, s, strides, reduced, got[2]);
                ReduceDouble.sumRows(x, 3, s, strides, reduced, got[3]);
                assertArrayEquals(got[0], got[2], "FLOAT32 " + what);
                assertArrayEquals(got[1], got[3], "FLOAT64 " + what);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
