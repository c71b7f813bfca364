package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link Elementwise}'s FLOAT32 relu loops, with the same results bit for bit
 * (lanewise max and compare-and-blend instead of data-dependent branches); scalar tails. Loads
 * jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class ElementwiseSimd {
    private ElementwiseSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int L = FS.length();

    /** out[i] = max(x[i], 0) for i below the last whole vector; returns where the scalar tail starts. */
    static int relu(float[] x, float[] out, int n) {
        FloatVector zero = FloatVector.zero(FS);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(FS, x, i).max(zero).intoArray(out, i);
        }
        return i;
    }

    /** out[i] = g[i] · (y[i] > 0 ? 1 : 0) for whole vectors; returns where the scalar tail starts. */
    static int reluBackward(float[] g, float[] y, float[] out, int n) {
        FloatVector zero = FloatVector.zero(FS);
        FloatVector one = FloatVector.broadcast(FS, 1f);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector mask = zero.blend(one, FloatVector.fromArray(FS, y, i).compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(FS, g, i).mul(mask).intoArray(out, i);
        }
        return i;
    }
}
