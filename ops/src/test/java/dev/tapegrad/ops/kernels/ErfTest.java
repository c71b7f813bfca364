package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** erf and erfc against 40-digit references (mpmath 1.2.1), relative error at most 1e-15. */
class ErfTest {
    private static final double[] X = {0.0, 1e-10, 0.1, 0.3, 0.46875, 0.5, 0.8, 1.0, 1.5, 2.0, 3.0, 3.9, 4.0, 4.5,
        6.0, 10.0, 26.0, -0.2, -1.3, -5.0};
    private static final double[] ERF = {0.0, 1.1283791670955126e-10, 0.1124629160182849, 0.3286267594591274,
        0.49261347321793797, 0.5204998778130465, 0.7421009647076605, 0.8427007929497149, 0.9661051464753108,
        0.9953222650189527, 0.9999779095030014, 0.9999999652077514, 0.9999999845827421, 0.9999999998033839, 1.0,
        1.0, 1.0, -0.22270258921047847, -0.9340079449406524, -0.9999999999984626};
    private static final double[] ERFC = {1.0, 0.999999999887162, 0.887537083981715, 0.6713732405408726,
        0.507386526782062, 0.4795001221869535, 0.2578990352923395, 0.15729920705028513, 0.033894853524689274,
        0.004677734981047266, 2.209049699858544e-05, 3.4792248597231765e-08, 1.541725790028002e-08,
        1.9661604415428876e-10, 2.1519736712498913e-17, 2.088487583762545e-45, 5.663192408856143e-296,
        1.2227025892104784, 1.9340079449406524, 1.9999999999984626};

    @Test
    void erfMatchesHighPrecisionValues() {
        for (int i = 0; i < X.length; i++) {
            assertEquals(ERF[i], Erf.erf(X[i]), 1e-15 * Math.abs(ERF[i]), "erf(" + X[i] + ")");
        }
    }

    @Test
    void erfcKeepsRelativeAccuracyInTheTail() {
        for (int i = 0; i < X.length; i++) {
            assertEquals(ERFC[i], Erf.erfc(X[i]), 1e-15 * Math.abs(ERFC[i]), "erfc(" + X[i] + ")");
        }
    }

    @Test
    void limitsAndSymmetry() {
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Erf.erfc(30.0));
        assertEquals(2.0, Erf.erfc(-30.0));
        assertEquals(Double.NaN, Erf.erf(Double.NaN));
        for (double x = -6; x <= 6; x += 0.37) {
            assertEquals(-Erf.erf(x), Erf.erf(-x), 0.0, "odd at " + x);
            assertEquals(1.0, Erf.erfc(x) + Erf.erf(x), 2e-16, "erf + erfc at " + x);
        }
    }

    @Test
    void normalDensityAndDistribution() {
        assertEquals(0.5, Erf.normalCdf(0.0), 0.0);
        assertEquals(0.3989422804014327, Erf.normalPdf(0.0), 1e-16);
        // Φ(-8) = 6.22096057427178e-16 (mpmath 1.2.1): the tail keeps its relative accuracy.
        assertEquals(6.22096057427178e-16, Erf.normalCdf(-8.0), 1e-14 * 6.22e-16);
    }
}
