package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Sums of views over dims between kept ones read in memory order ({@link ReduceFloat#sumInOrder}): against the
 * row-major sum of the same values ({@link ReduceFloat#sum}) bit for bit when a kept dim has stride 1 (transposed,
 * narrowed), within rounding when the stride-1 dim is reduced (channels-last over C); and the SIMD row accumulation
 * ({@link AccumulateSimd}, four rows a pass) against the scalar loop at every tail length around the lane count and
 * row counts around four.
 */
class SumInOrderTest {
    private static final int[] S = {3, 5, 7, 11};

    /** Storage of the given shape with random values, and a margin either side. */
    private static float[] storage(SplittableRandom rng, int n) {
        float[] x = new float[n + 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /** The values of a strided view, row-major (a contiguous copy). */
    private static float[] dense(float[] x, int off, int[] shape, int[] strides) {
        float[] out = new float[shape[0] * shape[1] * shape[2] * shape[3]];
        int o = 0;
        for (int a = 0; a < shape[0]; a++) {
            for (int b = 0; b < shape[1]; b++) {
                for (int c = 0; c < shape[2]; c++) {
                    for (int d = 0; d < shape[3]; d++) {
                        out[o++] = x[off + a * strides[0] + b * strides[1] + c * strides[2] + d * strides[3]];
                    }
                }
            }
        }
        return out;
    }

    private static double[] sums(float[] x, int off, int[] strides, boolean[] reduced, boolean inOrder) {
        int outs = 1;
        for (int d = 0; d < 4; d++) {
            outs *= reduced[d] ? 1 : S[d];
        }
        double[] acc = new double[outs];
        if (inOrder) {
            assertTrue(ReduceFloat.sumInOrder(x, off, S, strides, reduced, acc), "taken");
        } else {
            ReduceFloat.sum(x, off, S, strides, reduced, acc);
        }
        return acc;
    }

    @Test
    void viewsSumAsTheirContiguousCopies() {
        SplittableRandom rng = new SplittableRandom(7);
        int[] contiguous = {S[1] * S[2] * S[3], S[2] * S[3], S[3], 1};
        int[] transposed = {S[1] * S[2] * S[3], S[2] * S[3], 1, S[2]};
        int[] narrowed = {S[1] * S[2] * (S[3] + 3), S[2] * (S[3] + 3), S[3] + 3, 1};
        int[] channelsLast = {S[2] * S[3] * S[1], 1, S[3] * S[1], S[1]};
        boolean[][] dims = {{false, true, false, false}, {true, false, false, false}, {true, false, true, false},
            {false, true, false, true}};
        float[] x = storage(rng, S[0] * S[1] * S[2] * (S[3] + 3));
        for (boolean[] reduced : dims) {
            for (int[] strides : new int[][] {transposed, narrowed, channelsLast}) {
                String what = Arrays.toString(strides) + " reduced " + Arrays.toString(reduced);
                float[] copy = dense(x, 2, S, strides);
                double[] want = sums(copy, 0, contiguous, reduced, false);
                double[] got = sums(x, 2, strides, reduced, true);
                int unit = strides == transposed ? 2 : strides == narrowed ? 3 : 1;
                // a reduced innermost dim (stride 1 in the view, last in the copy) is summed in float lanes; when
                // both are kept each output adds in double, in row-major order: the same bits
                assertArrayEquals(want, got, reduced[unit] || reduced[3] ? 1e-5 : 0, what);
            }
        }
    }

    @Test
    void sameBitsOnOneThreadAndSeveral() {
        int[] s = {6, 40, 9, 300};
        SplittableRandom rng = new SplittableRandom(9);
        float[] x = storage(rng, s[0] * (s[1] + 5) * s[2] * s[3]);
        int[][] layouts = {
            {(s[1] + 5) * s[2] * s[3], s[2] * s[3], s[3], 1}, // narrowed along C: rows of H·W kept
            {s[1] * s[2] * s[3], 1, s[3] * s[1], s[1]}, // channels-last: rows of C
        };
        int saved = Parallel.threads();
        try {
            for (int[] strides : layouts) {
                for (boolean[] reduced : new boolean[][] {{false, true, false, false}, {false, false, true, true}}) {
                    double[][] got = new double[2][s[0] * (reduced[1] ? s[2] * s[3] : s[1])];
                    Parallel.setThreads(1);
                    assertTrue(ReduceFloat.sumInOrder(x, 1, s, strides, reduced, got[0]));
                    Parallel.setThreads(3);
                    assertTrue(ReduceFloat.sumInOrder(x, 1, s, strides, reduced, got[1]));
                    assertArrayEquals(got[0], got[1], Arrays.toString(strides) + " " + Arrays.toString(reduced));
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void declinesWithoutAUnitStrideInnermost() {
        int[] strided = {S[1] * S[2] * S[3] * 2, S[2] * S[3] * 2, S[3] * 2, 2};
        float[] x = new float[S[0] * S[1] * S[2] * S[3] * 2];
        double[] acc = new double[S[0] * S[2] * S[3]];
        assertTrue(!ReduceFloat.sumInOrder(x, 0, S, strided, new boolean[] {false, true, false, false}, acc));
    }

    @Property(tries = 60)
    void simdRowsMatchScalar(@ForAll @IntRange(min = 0, max = 40) int n, @ForAll @IntRange(min = 1, max = 9) int rows,
                             @ForAll @IntRange(min = 1, max = 3) int tile, @ForAll long seed) {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        SplittableRandom rng = new SplittableRandom(seed);
        int rowLength = n + 3;
        float[] x = storage(rng, (rows + tile) * rowLength);
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i] * 1.000001;
        }
        // rows out of memory order (some repeated when rows is a multiple of 5): additions follow the offsets
        int[] offsets = new int[rows];
        for (int r = 0; r < rows; r++) {
            offsets[r] = ((r * 5) % rows) * rowLength;
        }
        // a tile of output rows (the last one out of order), from element 1 on
        int[] xRows = new int[tile];
        int[] oRows = new int[tile];
        for (int t = 0; t < tile; t++) {
            xRows[t] = t * rowLength;
            oRows[t] = (tile - 1 - t) * (n + 2);
        }
        double[] simd = new double[tile * (n + 2) + 2];
        for (int i = 0; i < simd.length; i++) {
            simd[i] = rng.nextGaussian();
        }
        double[] scalar = simd.clone();
        double[] simdD = simd.clone();
        double[] scalarD = simd.clone();
        AccumulateSimd.accumulateRows(x, xRows, oRows, 0, tile, 1, n, offsets, 0, rows, simd);
        AccumulateSimd.accumulateRows(xd, xRows, oRows, 0, tile, 1, n, offsets, 0, rows, simdD);
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < tile; t++) {
                ReduceFloat.addRow(x, xRows[t] + 1 + offsets[r], 1, scalar, oRows[t] + 1, n);
                ReduceDouble.addRow(xd, xRows[t] + 1 + offsets[r], 1, scalarD, oRows[t] + 1, n);
            }
        }
        assertArrayEquals(scalar, simd, "FLOAT32");
        assertArrayEquals(scalarD, simdD, "FLOAT64");
    }
}
