package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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

    @Test
    void simdScanAgreesWithTheScalarReferenceAtLaneBoundaries() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        int dlanes = DoubleVector.SPECIES_PREFERRED.length();
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -0f};
        for (int n : new int[] {0, 1, dlanes - 1, dlanes, dlanes + 1, lanes - 1, lanes, lanes + 1, 2 * lanes - 1,
                2 * lanes, 2 * lanes + 1, 5 * lanes + 3}) {
            for (int off : new int[] {0, 3}) {
                float[] f = new float[n + off];
                double[] d = new double[n + off];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (i % 5 - 2) * 1e37f;
                    d[i] = (i % 5 - 2) * 1e307;
                }
                for (int at = -1; at < n; at++) {
                    for (float special : specials) {
                        float[] fw = f.clone();
                        double[] dw = d.clone();
                        if (at >= 0) {
                            fw[off + at] = special;
                            dw[off + at] = special == Float.MAX_VALUE ? Double.MAX_VALUE : special;
                        }
                        String where = "n " + n + " off " + off + " at " + at + " value " + special;
                        assertEquals(Anomaly.allFinite(fw, off, n), FiniteScanSimd.allFinite(fw, off, n), where);
                        assertEquals(Anomaly.allFinite(dw, off, n), FiniteScanSimd.allFinite(dw, off, n), where);
                        assertEquals(at < 0 || special == Float.MAX_VALUE || special == -0f,
                                FiniteScanSimd.allFinite(fw, off, n), where);
                    }
                }
            }
        }
    }
}
