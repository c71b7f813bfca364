package dev.tapegrad.ops.kernels;

/**
 * GELU forward (y = x·Φ(x)) and input gradient (dx = g·(Φ(x) + x·φ(x))) loops.
 *
 * <p>FLOAT64 goes through {@link Erf} (Cody's erfc with the split exponential, a few ulps). FLOAT32 uses
 * the Chebyshev fit erfc(z) = t·exp(-z² + P(t)), t = 1/(1 + z/2), with a relative error below 1.2e-7 for
 * every z >= 0 (Numerical Recipes' erfcc), so Φ keeps its relative accuracy in the negative tail, which the
 * 1 + erf(x/√2) form rounds away; float arithmetic adds about 6e-8·x²/2 from rounding x². One short
 * expression, so the Vector API version ({@link GeluSimd}, used when the module is present) stays small
 * enough for C2 to inline whole; {@link #cdfScalar} is its scalar reference.
 *
 * <p>The exponential is {@link #exp}, written with float multiplies and adds only (IEEE-exact in Java, never
 * contracted), and {@link GeluSimd} runs the very same operations per lane: the two agree bit for bit, and a
 * result does not change when the JIT moves a loop from the interpreter to C1 or C2. (The Vector API's
 * {@code lanewise(EXP)} is an intrinsic in C2 but per-lane {@code Math.exp} before that, so GELU computed with
 * it differed by an ulp between two identical calls of one program.)
 */
public final class GeluKernels {
    private GeluKernels() {}

    static final float SQRT1_2 = 0.70710678118654752440f;
    static final float INV_SQRT_2PI = 0.39894228040143267794f;
    /** P(t) = Σ P[k]·t^k. */
    static final float[] P = {-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f, -0.18628806f, 0.27886807f,
        -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f};

    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split in two: LN2_HI has 9 significant bits, so n·LN2_HI is exact for the n that occur. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2²³: adding and subtracting it rounds a float of magnitude below 2²² to the nearest integer. */
    static final float ROUNDER = 12582912f;
    static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** Below this e^x is under half the smallest subnormal float. */
    static final float EXP_MIN = -104f;
    /** 1/k! for k = 7 down to 0: Taylor's series of e^r on |r| <= ln2/2, truncation error below 6e-9. */
    static final float[] E = {1f / 5040, 1f / 720, 1f / 120, 1f / 24, 1f / 6, 0.5f, 1f, 1f};

    /**
     * e^x in float for x <= 88 (0 below -104, NaN for NaN), within 2 ulps: x = n·ln2 + r with n an integer
     * and |r| <= ln2/2 (Cody and Waite), e^r by its series, then times 2^n as two powers of two so that
     * subnormal results keep their bits. {@link GeluSimd} has the lane-wise twin.
     */
    static float exp(float x) {
        float xc = Math.max(x, EXP_MIN);
        float t = xc * LOG2E + ROUNDER;
        float n = t - ROUNDER;
        float r = xc - n * LN2_HI - n * LN2_LO;
        float p = E[0];
        for (int k = 1; k < E.length; k++) {
            p = p * r + E[k];
        }
        int ni = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int n1 = ni >> 1;
        return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((ni - n1 + 127) << 23);
    }

    /** Φ(x) in float. */
    static float cdfScalar(float x) {
        float z = Math.abs(x) * SQRT1_2;
        float t = 1f / (0.5f * z + 1f);
        float p = P[9];
        for (int k = 8; k >= 0; k--) {
            p = p * t + P[k];
        }
        float erfc = t * exp(p - 0.5f * (x * x));
        return x < 0 ? 0.5f * erfc : 1f - 0.5f * erfc;
    }

    /** φ(x) = exp(-x²/2)/√(2π) in float. */
    static float pdfScalar(float x) {
        return INV_SQRT_2PI * exp(-0.5f * (x * x));
    }

    /** y = x·Φ(x) on [from, to), the scalar reference of {@link GeluSimd#forward}. */
    static void forwardScalar(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = x[i] * cdfScalar(x[i]);
        }
    }

    /** dx = g·(Φ(x) + x·φ(x)) on [from, to), the scalar reference of {@link GeluSimd#backward}. */
    static void backwardScalar(float[] g, float[] x, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = g[i] * (cdfScalar(x[i]) + x[i] * pdfScalar(x[i]));
        }
    }

    /**
     * Elements per chunk below which a call stays on the caller thread. Chunks split the arrays over
     * {@link Parallel}'s threads; as the SIMD loops equal the scalar ones bit for bit, where a chunk (and so
     * its scalar tail) starts cannot change a result.
     */
    static final int MIN_CHUNK = 8192;

    public static void forward(float[] x, float[] y) {
        boolean simd = Kernels.simd();
        Parallel.forRange(y.length, MIN_CHUNK, (from, to) -> {
            if (simd) {
                GeluSimd.forward(x, y, from, to);
            } else {
                forwardScalar(x, y, from, to);
            }
        });
    }

    public static void backward(float[] g, float[] x, float[] dx) {
        boolean simd = Kernels.simd();
        Parallel.forRange(dx.length, MIN_CHUNK, (from, to) -> {
            if (simd) {
                GeluSimd.backward(g, x, dx, from, to);
            } else {
                backwardScalar(g, x, dx, from, to);
            }
        });
    }

    /** y = x·Φ(x) on [from, to) (x may be y), SIMD when available: the same bits wherever a range starts. */
    public static void forwardRange(float[] x, float[] y, int from, int to) {
        if (Kernels.simd()) {
            GeluSimd.forward(x, y, from, to);
        } else {
            forwardScalar(x, y, from, to);
        }
    }

    /** y = x·Φ(x) on [from, to) (x may be y). */
    public static void forwardRange(double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = x[i] * Erf.normalCdf(x[i]);
        }
    }

    /**
     * dx = g·(Φ(x) + x·φ(x)) on a box of count rows of n elements, operand k's element i of row r at pk + r·rk +
     * i·sk: g's rows of stride 1 or 0 (one value repeated), x's and dx's of stride 1 read and written in place,
     * other strides through scratch rows. The same operations per element as {@link #backward(float[], float[],
     * float[])}, so the same bits.
     */
    public static void backwardRows(float[] g, int pg, int rg, int sg, float[] x, int px, int rx, int sx, float[] dx,
                                    int pd, int rd, int sd, int count, int n) {
        if (sx == 1 && sd == 1 && (sg == 1 || sg == 0)) {
            if (Kernels.simd()) {
                GeluSimd.backwardRows(g, pg, rg, sg == 0, x, px, rx, dx, pd, rd, count, n);
                return;
            }
            for (int r = 0; r < count; r++) {
                for (int i = 0; i < n; i++) {
                    float xi = x[px + r * rx + i];
                    dx[pd + r * rd + i] = g[pg + r * rg + i * sg] * (cdfScalar(xi) + xi * pdfScalar(xi));
                }
            }
            return;
        }
        float[] gr = new float[n];
        float[] xr = new float[n];
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < n; i++) {
                gr[i] = g[pg + r * rg + i * sg];
                xr[i] = x[px + r * rx + i * sx];
            }
            backwardRows(gr, 0, 0, 1, xr, 0, 0, 1, gr, 0, 0, 1, 1, n);
            for (int i = 0; i < n; i++) {
                dx[pd + r * rd + i * sd] = gr[i];
            }
        }
    }

    /** As {@link #backwardRows(float[], int, int, int, float[], int, int, int, float[], int, int, int, int, int)}, in double. */
    public static void backwardRows(double[] g, int pg, int rg, int sg, double[] x, int px, int rx, int sx, double[] dx,
                                    int pd, int rd, int sd, int count, int n) {
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < n; i++) {
                double xi = x[px + r * rx + i * sx];
                dx[pd + r * rd + i * sd] = g[pg + r * rg + i * sg] * (Erf.normalCdf(xi) + xi * Erf.normalPdf(xi));
            }
        }
    }

    public static void forward(double[] x, double[] y) {
        Parallel.forRange(y.length, MIN_CHUNK, (from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = x[i] * Erf.normalCdf(x[i]);
            }
        });
    }

    public static void backward(double[] g, double[] x, double[] dx) {
        Parallel.forRange(dx.length, MIN_CHUNK, (from, to) -> {
            for (int i = from; i < to; i++) {
                dx[i] = g[i] * (Erf.normalCdf(x[i]) + x[i] * Erf.normalPdf(x[i]));
            }
        });
    }
}
