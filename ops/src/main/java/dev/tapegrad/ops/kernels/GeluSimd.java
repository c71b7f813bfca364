package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.GeluKernels.E;
import static dev.tapegrad.ops.kernels.GeluKernels.P;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FLOAT32 GELU loops of {@link GeluKernels} on the Vector API: the same short erfc expression per lane
 * (one division, nine multiply-adds, one exp), a scalar tail. Every lane runs the operations of
 * {@link GeluKernels#cdfScalar} and {@link GeluKernels#exp} in the same order, so the results equal the
 * scalar reference bit for bit, in every JIT tier. Loads jdk.incubator.vector: only reached when
 * {@link Kernels#simd()}.
 */
final class GeluSimd {
    private GeluSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    /** y[i] = x[i]·Φ(x[i]) for i in [from, to). */
    static void forward(float[] x, float[] y, int from, int to) {
        int i = from;
        for (int bound = from + FS.loopBound(to - from); i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, i);
            v.mul(cdf(v)).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = x[i] * GeluKernels.cdfScalar(x[i]);
        }
    }

    /** dx[i] = g[i]·(Φ(x[i]) + x[i]·φ(x[i])) for i in [from, to). */
    static void backward(float[] g, float[] x, float[] dx, int from, int to) {
        backward(g, from, x, from, dx, from, to - from);
    }

    /** dx[d + i] = g[p + i]·(Φ(x[q + i]) + x[q + i]·φ(x[q + i])) for i < n. */
    static void backward(float[] g, int p, float[] x, int q, float[] dx, int d, int n) {
        backwardRows(g, p, 0, false, x, q, 0, dx, d, 0, 1, n);
    }

    /**
     * The same for count rows, row r at p + r·pr, q + r·qr, d + r·dr; when {@code repeated}, g's row r is the one
     * value g[p + r·pr] (the seed of {@code sum(y).backward()}).
     */
    static void backwardRows(float[] g, int p, int pr, boolean repeated, float[] x, int q, int qr, float[] dx, int d,
                             int dr, int count, int n) {
        int bound = FS.loopBound(n);
        for (int r = 0; r < count && n > 0; r++, p += pr, q += qr, d += dr) {
            FloatVector u = FloatVector.broadcast(FS, repeated ? g[p] : 0f);
            int i = 0;
            for (; i < bound; i += FS.length()) {
                FloatVector v = FloatVector.fromArray(FS, x, q + i);
                FloatVector pdf = exp(v.mul(v).mul(-0.5f)).mul(GeluKernels.INV_SQRT_2PI);
                FloatVector slope = cdf(v).add(v.mul(pdf));
                (repeated ? u : FloatVector.fromArray(FS, g, p + i)).mul(slope).intoArray(dx, d + i);
            }
            for (; i < n; i++) {
                float xi = x[q + i];
                dx[d + i] = g[repeated ? p : p + i] * (GeluKernels.cdfScalar(xi) + xi * GeluKernels.pdfScalar(xi));
            }
        }
    }

    /** Φ(v) per lane. */
    private static FloatVector cdf(FloatVector v) {
        FloatVector z = v.abs().mul(GeluKernels.SQRT1_2);
        FloatVector t = FloatVector.broadcast(FS, 1f).div(z.mul(0.5f).add(1f));
        FloatVector p = FloatVector.broadcast(FS, P[9]);
        for (int k = 8; k >= 0; k--) {
            p = p.mul(t).add(P[k]);
        }
        FloatVector half = t.mul(exp(p.sub(v.mul(v).mul(0.5f)))).mul(0.5f);
        return half.neg().add(1f).blend(half, v.compare(VectorOperators.LT, 0f));
    }

    /** {@link GeluKernels#exp} per lane, operation for operation. */
    private static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(GeluKernels.EXP_MIN);
        FloatVector t = xc.mul(GeluKernels.LOG2E).add(GeluKernels.ROUNDER);
        FloatVector n = t.sub(GeluKernels.ROUNDER);
        FloatVector r = xc.sub(n.mul(GeluKernels.LN2_HI)).sub(n.mul(GeluKernels.LN2_LO));
        FloatVector p = FloatVector.broadcast(FS, E[0]);
        for (int k = 1; k < E.length; k++) {
            p = p.mul(r).add(E[k]);
        }
        IntVector ni = ((IntVector) t.reinterpretAsInts()).sub(GeluKernels.ROUNDER_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = (FloatVector) n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = (FloatVector) n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }
}
