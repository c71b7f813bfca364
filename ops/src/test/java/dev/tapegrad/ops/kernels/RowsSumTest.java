package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The four-chain sum of short strided rows ({@link AccumulateSimd#rowsSum}) against a scalar model of its lanes,
 * bit for bit, FLOAT32 and FLOAT64, at every row length from 0 to past four vectors (tails of every length), odd
 * and even row counts, rows ending at the array's end (masked tails past it).
 */
class RowsSumTest {
    /** The chains of rowsSum, lane by lane: rows two at a time into (a0, a1) and (a2, a3). */
    private static double[] chains(double[] x, int p, int stride, int rows, int n, int lanes, boolean single) {
        double[][] a = new double[4][lanes];
        int bound = n - n % lanes;
        for (int r = 0; r < rows; r++) {
            int c = r % 2 == 0 ? 0 : 2;
            int q = p + r * stride;
            int i = 0;
            for (; i + 2 * lanes <= bound; i += 2 * lanes) {
                for (int j = 0; j < lanes; j++) {
                    a[c][j] = round(a[c][j] + x[q + i + j], single);
                    a[c + 1][j] = round(a[c + 1][j] + x[q + i + lanes + j], single);
                }
            }
            if (i < bound) {
                for (int j = 0; j < lanes; j++) {
                    a[c][j] = round(a[c][j] + x[q + i + j], single);
                }
            }
            if (bound < n) {
                for (int j = 0; j < lanes; j++) {
                    a[c + 1][j] = round(a[c + 1][j] + (bound + j < n ? x[q + bound + j] : 0.0), single);
                }
            }
        }
        double[] out = new double[lanes];
        for (int j = 0; j < lanes; j++) {
            out[j] = round(round(a[0][j] + a[1][j], single) + round(a[2][j] + a[3][j], single), single);
        }
        return out;
    }

    private static double round(double v, boolean single) {
        return single ? (float) v : v;
    }

    @Property(tries = 200)
    void matchesItsScalarModel(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll @IntRange(min = 1, max = 7) int rows,
                               @ForAll @IntRange(min = 0, max = 5) int gap, @ForAll long seed) {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector (see the surefire argLine)");
        SplittableRandom rng = new SplittableRandom(seed);
        int stride = n + gap;
        int p = 1 + gap;
        // the last row ends at the array's end: a masked tail there must not read past it
        int length = Math.max(p + (rows - 1) * stride + n, 1);
        float[] xf = new float[length];
        double[] xd = new double[length];
        double[] xw = new double[length];
        for (int i = 0; i < length; i++) {
            xf[i] = (float) rng.nextGaussian();
            xw[i] = xf[i];
            xd[i] = rng.nextGaussian();
        }
        FloatVector cf = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED,
                toFloat(chains(xw, p, stride, rows, n, FloatVector.SPECIES_PREFERRED.length(), true)), 0);
        DoubleVector cd = DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED,
                chains(xd, p, stride, rows, n, DoubleVector.SPECIES_PREFERRED.length(), false), 0);
        String what = "n " + n + " rows " + rows + " stride " + stride;
        assertEquals(TapLoopsSimdFloat.lanes(cf), AccumulateSimd.rowsSum(xf, p, stride, rows, n), "FLOAT32 " + what);
        assertEquals(TapLoopsSimdDouble.lanes(cd), AccumulateSimd.rowsSum(xd, p, stride, rows, n), "FLOAT64 " + what);
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
