// GENERATED from LayerNormSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link LayerNormKernelsDouble} on the Vector API: per row, the shifted sums in double lanes
 * (one reduction each at the end, the scalar tail in double), then the row written lane by lane. The
 * parameter gradients accumulate in double lanes over the rows. Agrees with the scalar references (double
 * accumulation) to double rounding. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()}.
 * Generated from {@link LayerNormSimdFloat}: edit that file, not this one.
 */
final class LayerNormSimdDouble {
    private LayerNormSimdDouble() {}

    private static final VectorSpecies<Double> FS = DoubleVector.SPECIES_PREFERRED;

    /** {μ, rstd} of row x[at, at + n) into st. */
    private static void stats(double[] x, int at, int n, double eps, double[] st) {
        double shift = x[at];
        DoubleVector s1 = DoubleVector.zero(FS);
        DoubleVector s2 = DoubleVector.zero(FS);
        int j = 0;
        for (int bound = FS.loopBound(n); j < bound; j += FS.length()) {
            DoubleVector d = DoubleVector.fromArray(FS, x, at + j).sub(shift);
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

    static void forward(double[] x, double[] w, double[] b, int rows, int n, double eps, double[] y) {
        double[] st = new double[2];
        int bound = FS.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int at = r * n;
            stats(x, at, n, eps, st);
            double mean = (double) st[0];
            double rstd = (double) st[1];
            int j = 0;
            for (; j < bound; j += FS.length()) {
                DoubleVector v = DoubleVector.fromArray(FS, x, at + j).sub(mean).mul(rstd);
                if (w != null) {
                    v = v.mul(DoubleVector.fromArray(FS, w, j));
                }
                if (b != null) {
                    v = v.add(DoubleVector.fromArray(FS, b, j));
                }
                v.intoArray(y, at + j);
            }
            for (; j < n; j++) {
                double v = (x[at + j] - mean) * rstd;
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

    static void backwardInput(double[] g, double[] x, double[] w, int rows, int n, double eps, double[] dx) {
        double[] st = new double[2];
        int bound = FS.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int at = r * n;
            stats(x, at, n, eps, st);
            double mean = (double) st[0];
            double rstd = st[1];
            DoubleVector su = DoubleVector.zero(FS);
            DoubleVector sux = DoubleVector.zero(FS);
            int j = 0;
            for (; j < bound; j += FS.length()) {
                DoubleVector u = DoubleVector.fromArray(FS, g, at + j);
                if (w != null) {
                    u = u.mul(DoubleVector.fromArray(FS, w, j));
                }
                su = su.add(u);
                sux = u.fma(DoubleVector.fromArray(FS, x, at + j).sub(mean), sux);
            }
            double tu = su.reduceLanes(VectorOperators.ADD);
            double tux = sux.reduceLanes(VectorOperators.ADD);
            for (int k = j; k < n; k++) {
                double u = w == null ? g[at + k] : (double) g[at + k] * w[k];
                tu += u;
                tux += u * (x[at + k] - mean);
            }
            double a = (double) (tu / n);
            double c = (double) (tux * rstd * rstd / n);
            double rs = (double) rstd;
            for (j = 0; j < bound; j += FS.length()) {
                DoubleVector u = DoubleVector.fromArray(FS, g, at + j);
                if (w != null) {
                    u = u.mul(DoubleVector.fromArray(FS, w, j));
                }
                DoubleVector xc = DoubleVector.fromArray(FS, x, at + j).sub(mean);
                u.sub(a).sub(xc.mul(c)).mul(rs).intoArray(dx, at + j);
            }
            for (; j < n; j++) {
                double u = w == null ? g[at + j] : g[at + j] * w[j];
                dx[at + j] = (u - a - (x[at + j] - mean) * c) * rs;
            }
        }
    }

    static void paramGrads(double[] g, double[] x, int rows, int n, double eps, double[] acc) {
        double[] st = new double[2];
        double[] sw = new double[n];
        double[] sb = new double[n];
        int bound = FS.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int at = r * n;
            stats(x, at, n, eps, st);
            double mean = (double) st[0];
            double rstd = (double) st[1];
            int j = 0;
            for (; j < bound; j += FS.length()) {
                DoubleVector gv = DoubleVector.fromArray(FS, g, at + j);
                DoubleVector xhat = DoubleVector.fromArray(FS, x, at + j).sub(mean).mul(rstd);
                gv.fma(xhat, DoubleVector.fromArray(FS, sw, j)).intoArray(sw, j);
                gv.add(DoubleVector.fromArray(FS, sb, j)).intoArray(sb, j);
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
