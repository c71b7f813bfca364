package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link LayerNormKernelsFloat} on the Vector API: per row, the shifted sums in float lanes
 * (one reduction each at the end, the scalar tail in double), then the row written lane by lane. The
 * parameter gradients accumulate in float lanes over the rows. Agrees with the scalar references (double
 * accumulation) to float rounding. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()}.
 * {@link LayerNormSimdDouble} is generated from this file for FLOAT64.
 */
final class LayerNormSimdFloat {
    private LayerNormSimdFloat() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    /** {μ, rstd} of row x[at, at + n) into st. */
    private static void stats(float[] x, int at, int n, double eps, double[] st) {
        float shift = x[at];
        FloatVector s1 = FloatVector.zero(FS);
        FloatVector s2 = FloatVector.zero(FS);
        int j = 0;
        for (int bound = FS.loopBound(n); j < bound; j += FS.length()) {
            FloatVector d = FloatVector.fromArray(FS, x, at + j).sub(shift);
            s1 = s1.add(d);
            s2 = d.fma(d, s2);
        }
        double t1 = s1.reduceLanes(VectorOperators.ADD);
        double t2 = s2.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            double d = x[at + j] - shift;
            t1 += d;
            t2 += d * d;
        }
        double var = Math.max(0.0, (t2 - t1 * t1 / n) / n);
        st[0] = shift + t1 / n;
        st[1] = 1.0 / Math.sqrt(var + eps);
    }

    static void forward(float[] x, float[] w, float[] b, int rows, int n, double eps, float[] y) {
        double[] st = new double[2];
        int bound = FS.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int at = r * n;
            stats(x, at, n, eps, st);
            float mean = (float) st[0];
            float rstd = (float) st[1];
            int j = 0;
            for (; j < bound; j += FS.length()) {
                FloatVector v = FloatVector.fromArray(FS, x, at + j).sub(mean).mul(rstd);
                if (w != null) {
                    v = v.mul(FloatVector.fromArray(FS, w, j));
                }
                if (b != null) {
                    v = v.add(FloatVector.fromArray(FS, b, j));
                }
                v.intoArray(y, at + j);
            }
            for (; j < n; j++) {
                float v = (x[at + j] - mean) * rstd;
                if (w != null) {
                    v *= w[j];
                }
                if (b != null) {
                    v += b[j];
                }
                y[at + j] = v;
            }
        }
    }

    static void backwardInput(float[] g, float[] x, float[] w, int rows, int n, double eps, float[] dx) {
        double[] st = new double[2];
        int bound = FS.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int at = r * n;
            stats(x, at, n, eps, st);
            float mean = (float) st[0];
            double rstd = st[1];
            FloatVector su = FloatVector.zero(FS);
            FloatVector sux = FloatVector.zero(FS);
            int j = 0;
            for (; j < bound; j += FS.length()) {
                FloatVector u = FloatVector.fromArray(FS, g, at + j);
                if (w != null) {
                    u = u.mul(FloatVector.fromArray(FS, w, j));
                }
                su = su.add(u);
                sux = u.fma(FloatVector.fromArray(FS, x, at + j).sub(mean), sux);
            }
            double tu = su.reduceLanes(VectorOperators.ADD);
            double tux = sux.reduceLanes(VectorOperators.ADD);
            for (int k = j; k < n; k++) {
                double u = w == null ? g[at + k] : (double) g[at + k] * w[k];
                tu += u;
                tux += u * (x[at + k] - mean);
            }
            float a = (float) (tu / n);
            float c = (float) (tux * rstd * rstd / n);
            float rs = (float) rstd;
            for (j = 0; j < bound; j += FS.length()) {
                FloatVector u = FloatVector.fromArray(FS, g, at + j);
                if (w != null) {
                    u = u.mul(FloatVector.fromArray(FS, w, j));
                }
                FloatVector xc = FloatVector.fromArray(FS, x, at + j).sub(mean);
                u.sub(a).sub(xc.mul(c)).mul(rs).intoArray(dx, at + j);
            }
            for (; j < n; j++) {
                float u = w == null ? g[at + j] : g[at + j] * w[j];
                dx[at + j] = (u - a - (x[at + j] - mean) * c) * rs;
            }
        }
    }

    static void paramGrads(float[] g, float[] x, int rows, int n, double eps, double[] acc) {
        double[] st = new double[2];
        float[] sw = new float[n];
        float[] sb = new float[n];
        int bound = FS.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int at = r * n;
            stats(x, at, n, eps, st);
            float mean = (float) st[0];
            float rstd = (float) st[1];
            int j = 0;
            for (; j < bound; j += FS.length()) {
                FloatVector gv = FloatVector.fromArray(FS, g, at + j);
                FloatVector xhat = FloatVector.fromArray(FS, x, at + j).sub(mean).mul(rstd);
                gv.fma(xhat, FloatVector.fromArray(FS, sw, j)).intoArray(sw, j);
                gv.add(FloatVector.fromArray(FS, sb, j)).intoArray(sb, j);
            }
            for (; j < n; j++) {
                sw[j] += g[at + j] * (x[at + j] - mean) * rstd;
                sb[j] += g[at + j];
            }
        }
        for (int j = 0; j < n; j++) {
            acc[j] += sw[j];
            acc[n + j] += sb[j];
        }
    }
}
