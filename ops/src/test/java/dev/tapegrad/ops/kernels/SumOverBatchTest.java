package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sums over N of views ({@link ReduceFloat#sumInOrder}'s tiles of kept rows, four reduced rows a pass): bit for bit
 * the contiguous copy's sum when a kept dim has stride 1 and the last dim is kept (transposed, narrowed along W or
 * C), within rounding for channels-last storage; the same bits on one thread and on several. Batches of 9 (two
 * passes of four and one row alone), short kept rows (a narrowed last dim of 11) and kept rows long enough to be
 * chunked (a transposed [6, 2, 64, 80]: 10,240 elements).
 */
class SumOverBatchTest {
    private static final boolean[] OVER_N = {true, false, false, false};

    /** The values of a strided rank-4 view, row-major. */
    private static float[] dense(float[] x, int off, int[] s, int[] st) {
        float[] out = new float[s[0] * s[1] * s[2] * s[3]];
        int o = 0;
        for (int a = 0; a < s[0]; a++) {
            for (int b = 0; b < s[1]; b++) {
                for (int c = 0; c < s[2]; c++) {
                    for (int d = 0; d < s[3]; d++) {
                        out[o++] = x[off + a * st[0] + b * st[1] + c * st[2] + d * st[3]];
                    }
                }
            }
        }
        return out;
    }

    private static void check(int[] s, int[] strides, int storage, boolean exact) {
        SplittableRandom rng = new SplittableRandom(storage);
        float[] x = new float[storage + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int outs = s[1] * s[2] * s[3];
        double[] want = new double[outs];
        ReduceFloat.sum(dense(x, 3, s, strides), 0, s, new int[] {s[1] * s[2] * s[3], s[2] * s[3], s[3], 1}, OVER_N,
                want);
        int saved = Parallel.threads();
        try {
            double[][] got = new double[2][outs];
            Parallel.setThreads(1);
            assertTrue(ReduceFloat.sumInOrder(x, 3, s, strides, OVER_N, got[0]));
            Parallel.setThreads(3);
            assertTrue(ReduceFloat.sumInOrder(x, 3, s, strides, OVER_N, got[1]));
            String what = Arrays.toString(s) + " strides " + Arrays.toString(strides);
            assertArrayEquals(got[0], got[1], "threads, " + what);
            assertArrayEquals(want, got[0], exact ? 0 : 1e-5, what);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void viewsSumOverTheBatchAsTheirContiguousCopies() {
        int[] s = {9, 5, 7, 11};
        check(s, new int[] {s[1] * s[2] * s[3], s[2] * s[3], 1, s[2]}, s[0] * s[1] * s[2] * s[3], true);
        check(s, new int[] {s[1] * s[2] * (s[3] + 3), s[2] * (s[3] + 3), s[3] + 3, 1}, s[0] * s[1] * s[2] * (s[3] + 3),
                true);
        check(s, new int[] {(s[1] + 2) * s[2] * s[3], s[2] * s[3], s[3], 1}, s[0] * (s[1] + 2) * s[2] * s[3], true);
        check(s, new int[] {s[2] * s[3] * s[1], 1, s[3] * s[1], s[1]}, s[0] * s[1] * s[2] * s[3], false);
        int[] wide = {6, 2, 64, 80};
        check(wide, new int[] {wide[1] * wide[2] * wide[3], wide[2] * wide[3], 1, wide[2]},
                wide[0] * wide[1] * wide[2] * wide[3], true);
    }
}
