package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.GeluKernels.P;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FLOAT32 GELU loops of {@link GeluKernels} on the Vector API: the same short erfc expression per lane
 * (one division, nine multiply-adds, one exp), a scalar tail. Agrees with {@link GeluKernels#cdfScalar} to
 * a few ulps (the vector exp may round differently from Math.exp). Loads jdk.incubator.vector: only reached
 * when {@link Kernels#simd()}.
 */
final class GeluSimd {
    private GeluSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    static void forward(float[] x, float[] y) {
        int i = 0;
        for (int bound = FS.loopBound(y.length); i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, i);
            v.mul(cdf(v)).intoArray(y, i);
        }
        for (; i < y.length; i++) {
            y[i] = x[i] * GeluKernels.cdfScalar(x[i]);
        }
    }

    static void backward(float[] g, float[] x, float[] dx) {
        int i = 0;
        for (int bound = FS.loopBound(dx.length); i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, i);
            FloatVector pdf = v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP).mul(GeluKernels.INV_SQRT_2PI);
            FloatVector slope = cdf(v).add(v.mul(pdf));
            FloatVector.fromArray(FS, g, i).mul(slope).intoArray(dx, i);
        }
        for (; i < dx.length; i++) {
            dx[i] = g[i] * (GeluKernels.cdfScalar(x[i]) + x[i] * GeluKernels.pdfScalar(x[i]));
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
        FloatVector half = t.mul(p.sub(v.mul(v).mul(0.5f)).lanewise(VectorOperators.EXP)).mul(0.5f);
        return half.neg().add(1f).blend(half, v.compare(VectorOperators.LT, 0f));
    }
}
