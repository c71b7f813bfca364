package dev.tapegrad.autograd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Anomaly detection's "all finite?" pass with the Vector API: Σ x·0 over the values is NaN exactly when some
 * x is NaN or infinite, whatever the order of the sums, so two vector accumulators and a lane reduction give
 * the same answer as {@link Anomaly}'s scalar reference at memory speed. Loaded only when the
 * jdk.incubator.vector module is present.
 */
final class FiniteScanSimd {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private FiniteScanSimd() {}

    static boolean allFinite(float[] a, int off, int n) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        int step = F.length();
        int i = 0;
        for (; i + 2 * step <= n; i += 2 * step) {
            s0 = s0.add(FloatVector.fromArray(F, a, off + i).mul(0f));
            s1 = s1.add(FloatVector.fromArray(F, a, off + i + step).mul(0f));
        }
        float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[off + i] * 0f;
        }
        return s == s;
    }

    static boolean allFinite(double[] a, int off, int n) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        int step = D.length();
        int i = 0;
        for (; i + 2 * step <= n; i += 2 * step) {
            s0 = s0.add(DoubleVector.fromArray(D, a, off + i).mul(0.0));
            s1 = s1.add(DoubleVector.fromArray(D, a, off + i + step).mul(0.0));
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[off + i] * 0.0;
        }
        return s == s;
    }
}
