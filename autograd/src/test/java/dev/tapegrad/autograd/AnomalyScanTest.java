package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The anomaly scan against the obvious loop: every size 0..9 and 1000, every position, both dtypes, views. */
class AnomalyScanTest {

    private static int reference(double[] v, boolean infinityToo) {
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i]) || (infinityToo && Double.isInfinite(v[i]))) {
                return i;
            }
        }
        return -1;
    }

    private static void check(double[] v) {
        for (boolean infinityToo : new boolean[] {false, true}) {
            int expected = reference(v, infinityToo);
            assertEquals(expected, Anomaly.firstBad(Tensor.of(v, v.length), infinityToo));
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            assertEquals(expected, Anomaly.firstBad(Tensor.of(f, f.length), infinityToo));
            double[] padded = new double[2 * v.length + 1];             // a strided view over the same values
            for (int i = 0; i < v.length; i++) {
                padded[1 + 2 * i] = v[i];
                padded[2 * i] = Double.NaN;
            }
            Tensor view = Tensor.of(padded, padded.length).asStrided(new int[] {v.length}, new int[] {2}, 1);
            assertEquals(expected, Anomaly.firstBad(view, infinityToo));
        }
    }

    @Test
    void findsTheFirstNaNOrInfinityWhereverItIs() {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1000}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = (i % 3 - 1) * 1e30;
            }
            check(v);
            for (int at = 0; at < n; at = at < 12 ? at + 1 : at * 3) {
                for (double special : specials) {
                    double[] w = v.clone();
                    w[at] = special;
                    check(w);
                    if (at + 1 < n) {
                        w[n - 1] = Double.NaN;
                        check(w);
                    }
                }
            }
        }
    }
}
