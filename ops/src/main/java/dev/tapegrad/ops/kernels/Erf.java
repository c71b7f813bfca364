package dev.tapegrad.ops.kernels;

/**
 * The error function and the standard normal distribution in double, for GELU. erf and erfc use
 * W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the error
 * function", Math. Comp. 23, 1969; the coefficients of his CALERF): three intervals, |x| <= 0.46875,
 * up to 4 and beyond, each with a relative error of the approximation below 1e-17, so the results are
 * within a few ulps. erfc keeps its relative accuracy in the far tail (no 1 - erf cancellation), and
 * exp(-x²) is split as exp(-h²)·exp(-(x-h)(x+h)) with h = x rounded to 1/16, which keeps the rounding of
 * x² out of the result.
 */
public final class Erf {
    private Erf() {}

    private static final double THRESH = 0.46875;
    private static final double SQRT_1_PI = 5.6418958354775628695e-1;
    private static final double SQRT1_2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
        3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
        2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
        2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
        1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
        1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
        1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
        6.05183413124413191e-2, 2.33520497626869185e-3};

    /** erf(x) = 2/√π ∫₀ˣ e^(-t²) dt. */
    public static double erf(double x) {
        double y = Math.abs(x);
        if (y <= THRESH) {
            return x * small(y);
        }
        double r = 0.5 - tail(y) + 0.5;
        return x < 0 ? -r : r;
    }

    /** erfc(x) = 1 - erf(x), accurate relative to itself for large x too. */
    public static double erfc(double x) {
        double y = Math.abs(x);
        if (y <= THRESH) {
            return 1.0 - x * small(y);
        }
        double r = tail(y);
        return x < 0 ? 2.0 - r : r;
    }

    /** Φ(x), the standard normal distribution function: erfc(-x/√2)/2. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x * SQRT1_2);
    }

    /** φ(x) = e^(-x²/2)/√(2π), the standard normal density. */
    public static double normalPdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** erf(y)/y for 0 <= y <= 0.46875. */
    private static double small(double y) {
        double ysq = y > 1.11e-16 ? y * y : 0.0;
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return (num + A[3]) / (den + B[3]);
    }

    /** erfc(y) for y > 0.46875. */
    private static double tail(double y) {
        double r;
        if (y <= 4.0) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            r = (num + C[7]) / (den + D[7]);
        } else {
            if (y >= 26.543) {
                return 0.0;
            }
            double inv = 1.0 / (y * y);
            double num = P[5] * inv;
            double den = inv;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * inv;
                den = (den + Q[i]) * inv;
            }
            r = inv * (num + P[4]) / (den + Q[4]);
            r = (SQRT_1_PI - r) / y;
        }
        double h = Math.floor(y * 16.0) / 16.0;
        double del = (y - h) * (y + h);
        return Math.exp(-h * h) * Math.exp(-del) * r;
    }
}
