package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.TestArrays.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The search for the first extreme of a row ({@link ExtremaFloat#argRow}, {@link ExtremaDouble#argRow}, which
 * from one vector up to 64 elements gathers the matches of every vector into one bit mask) against the scalar
 * reference, with the extreme (a tie of two, a -0.0/+0.0 pair, a NaN) at every position of rows of 1 to 70 elements:
 * every vector of the search, the overlapping last one included, and both sides of 64.
 */
class ExtremaFirstMatchTest {
    @Test
    void firstExtremeAtEveryPosition() {
        for (int n = 1; n <= 70; n++) {
            for (int at = 0; at < n; at++) {
                for (int kind = 0; kind < 4; kind++) {
                    float[] a = new float[n + 2];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (i * 7 % 11) - 20f;
                    }
                    int second = Math.min(n - 1, at + 1 + (at * 5 % 13));
                    switch (kind) {
                        case 0 -> a[1 + at] = 5f;
                        case 1 -> {
                            a[1 + at] = 5f;
                            a[1 + second] = 5f;
                        }
                        case 2 -> {
                            a[1 + at] = at % 2 == 0 ? -0.0f : 0.0f;
                            a[1 + second] = at % 2 == 0 ? 0.0f : -0.0f;
                        }
                        default -> {
                            a[1 + at] = Float.NaN;
                            a[1 + second] = Float.NaN;
                        }
                    }
                    // the elements outside the row would win if read
                    a[0] = Float.NaN;
                    a[n + 1] = Float.NaN;
                    for (boolean max : new boolean[] {true, false}) {
                        float[] b = a.clone();
                        if (!max && kind <= 1) {
                            b[1 + at] = -b[1 + at] - 60f;
                            if (kind == 1) {
                                b[1 + second] = b[1 + at];
                            }
                        }
                        String where = "n=" + n + " at=" + at + " kind=" + kind + " max=" + max;
                        assertEquals(ExtremaFloat.argRowScalar(b, 1, n, max), ExtremaFloat.argRow(b, 1, n, max), where);
                        double[] d = doubles(b);
                        assertEquals(ExtremaDouble.argRowScalar(d, 1, n, max), ExtremaDouble.argRow(d, 1, n, max), where);
                    }
                }
            }
        }
    }
}
