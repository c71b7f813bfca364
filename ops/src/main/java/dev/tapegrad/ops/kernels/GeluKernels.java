package dev.tapegrad.ops.kernels;

/**
 * GELU forward (y = x·Φ(x)) and input gradient (dx = g·(Φ(x) + x·φ(x))) loops.
 *
 * <p>FLOAT64 goes through {@link Erf} (Cody's erfc with the split exponential, a few ulps). FLOAT32 uses a
 * float version of the same three rational approximations sharing one e = exp(-x²/2) between Φ and φ,
 * accurate to about 2e-7·(1 + x²/2) relative, tail included (the 1 + erf(x/√2) form loses the negative tail); it
 * runs as {@link GeluSimd} when the Vector API is present, with {@link #cdfScalar} as its scalar reference.
 */
public final class GeluKernels {
    private GeluKernels() {}

    static final float SQRT1_2 = 0.70710678118654752440f;
    static final float SQRT_1_PI = 5.6418958354775628695e-1f;
    static final float INV_SQRT_2PI = 0.39894228040143267794f;
    static final float THRESH = 0.46875f;
    static final float[] A = {3.16112374387056560e00f, 1.13864154151050156e02f, 3.77485237685302021e02f,
        3.20937758913846947e03f, 1.85777706184603153e-1f};
    static final float[] B = {2.36012909523441209e01f, 2.44024637934444173e02f, 1.28261652607737228e03f,
        2.84423683343917062e03f};
    static final float[] C = {5.64188496988670089e-1f, 8.88314979438837594e00f, 6.61191906371416295e01f,
        2.98635138197400131e02f, 8.81952221241769090e02f, 1.71204761263407058e03f, 2.05107837782607147e03f,
        1.23033935479799725e03f, 2.15311535474403846e-8f};
    static final float[] D = {1.57449261107098347e01f, 1.17693950891312499e02f, 5.37181101862009858e02f,
        1.62138957456669019e03f, 3.29079923573345963e03f, 4.36261909014324716e03f, 3.43936767414372164e03f,
        1.23033935480374942e03f};
    static final float[] P = {3.05326634961232344e-1f, 3.60344899949804439e-1f, 1.25781726111229246e-1f,
        1.60837851487422766e-2f, 6.58749161529837803e-4f, 1.63153871373020978e-2f};
    static final float[] Q = {2.56852019228982242e00f, 1.87295284992346047e00f, 5.27905102951428412e-1f,
        6.05183413124413191e-2f, 2.33520497626869185e-3f};

    /** Φ(x) in float; {@code e} = exp(-x²/2) as computed alongside (for φ). */
    static float cdfScalar(float x, float e) {
        float z = Math.abs(x) * SQRT1_2;
        float erfc;
        if (z <= THRESH) {
            float z2 = z * z;
            float num = A[4] * z2;
            float den = z2;
            for (int i = 0; i < 3; i++) {
                num = (num + A[i]) * z2;
                den = (den + B[i]) * z2;
            }
            erfc = 1f - z * (num + A[3]) / (den + B[3]);
        } else if (z <= 4f) {
            float num = C[8] * z;
            float den = z;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * z;
                den = (den + D[i]) * z;
            }
            erfc = e * (num + C[7]) / (den + D[7]);
        } else {
            float inv = 1f / (z * z);
            float num = P[5] * inv;
            float den = inv;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * inv;
                den = (den + Q[i]) * inv;
            }
            float r = inv * (num + P[4]) / (den + Q[4]);
            erfc = e * (SQRT_1_PI - r) / z;
        }
        return x < 0 ? 0.5f * erfc : 1f - 0.5f * erfc;
    }

    /** exp(-x²/2) in float (from x·x, whose rounding costs less than that of (x/√2)²). */
    static float halfGauss(float x) {
        return (float) Math.exp(-0.5f * (x * x));
    }

    /** y = x·Φ(x), the scalar reference of {@link GeluSimd#forward}. */
    static void forwardScalar(float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i] * cdfScalar(x[i], halfGauss(x[i]));
        }
    }

    /** dx = g·(Φ(x) + x·φ(x)), the scalar reference of {@link GeluSimd#backward}. */
    static void backwardScalar(float[] g, float[] x, float[] dx) {
        for (int i = 0; i < dx.length; i++) {
            float e = halfGauss(x[i]);
            dx[i] = g[i] * (cdfScalar(x[i], e) + x[i] * e * INV_SQRT_2PI);
        }
    }

    public static void forward(float[] x, float[] y) {
        if (Kernels.simd()) {
            GeluSimd.forward(x, y);
        } else {
            forwardScalar(x, y);
        }
    }

    public static void backward(float[] g, float[] x, float[] dx) {
        if (Kernels.simd()) {
            GeluSimd.backward(g, x, dx);
        } else {
            backwardScalar(g, x, dx);
        }
    }

    public static void forward(double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i] * Erf.normalCdf(x[i]);
        }
    }

    public static void backward(double[] g, double[] x, double[] dx) {
        for (int i = 0; i < dx.length; i++) {
            dx[i] = g[i] * (Erf.normalCdf(x[i]) + x[i] * Erf.normalPdf(x[i]));
        }
    }
}
