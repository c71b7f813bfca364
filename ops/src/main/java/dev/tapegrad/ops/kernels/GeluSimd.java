package dev.tapegrad.ops.kernels;

import static dev.tapegrad.ops.kernels.GeluKernels.A;
import static dev.tapegrad.ops.kernels.GeluKernels.B;
import static dev.tapegrad.ops.kernels.GeluKernels.C;
import static dev.tapegrad.ops.kernels.GeluKernels.D;
import static dev.tapegrad.ops.kernels.GeluKernels.P;
import static dev.tapegrad.ops.kernels.GeluKernels.Q;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FLOAT32 GELU loops of {@link GeluKernels} on the Vector API: each lane evaluates the three rational
 * branches and keeps the one for its |x|/√2 (a blend), one vector exp per element shared by Φ and φ, a
 * scalar tail. Agrees with {@link GeluKernels#cdfScalar} to a few ulps (the vector exp may round
 * differently from Math.exp). Loads jdk.incubator.vector: only reached when {@link Kernels#simd()}.
 */
final class GeluSimd {
    private GeluSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    static void forward(float[] x, float[] y) {
        int i = 0;
        for (int bound = FS.loopBound(y.length); i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, i);
            FloatVector z = v.abs().mul(GeluKernels.SQRT1_2);
            FloatVector e = v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP);
            v.mul(cdf(v, z, e)).intoArray(y, i);
        }
        for (; i < y.length; i++) {
            y[i] = x[i] * GeluKernels.cdfScalar(x[i], GeluKernels.halfGauss(x[i]));
        }
    }

    static void backward(float[] g, float[] x, float[] dx) {
        int i = 0;
        for (int bound = FS.loopBound(dx.length); i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, i);
            FloatVector z = v.abs().mul(GeluKernels.SQRT1_2);
            FloatVector e = v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP);
            FloatVector slope = v.mul(e).mul(GeluKernels.INV_SQRT_2PI).add(cdf(v, z, e));
            FloatVector.fromArray(FS, g, i).mul(slope).intoArray(dx, i);
        }
        for (; i < dx.length; i++) {
            float e = GeluKernels.halfGauss(x[i]);
            dx[i] = g[i] * (GeluKernels.cdfScalar(x[i], e) + x[i] * e * GeluKernels.INV_SQRT_2PI);
        }
    }

    /** Φ(v) per lane, given z = |v|/√2 and e = exp(-v²/2) = exp(-z²). */
    private static FloatVector cdf(FloatVector v, FloatVector z, FloatVector e) {
        FloatVector z2 = z.mul(z);
        FloatVector num = z2.mul(A[4]);
        FloatVector den = z2;
        for (int k = 0; k < 3; k++) {
            num = num.add(A[k]).mul(z2);
            den = den.add(B[k]).mul(z2);
        }
        FloatVector small = z.mul(num.add(A[3])).div(den.add(B[3])).neg().add(1f);

        num = z.mul(C[8]);
        den = z;
        for (int k = 0; k < 7; k++) {
            num = num.add(C[k]).mul(z);
            den = den.add(D[k]).mul(z);
        }
        FloatVector mid = e.mul(num.add(C[7])).div(den.add(D[7]));

        FloatVector inv = FloatVector.broadcast(FS, 1f).div(z2);
        num = inv.mul(P[5]);
        den = inv;
        for (int k = 0; k < 4; k++) {
            num = num.add(P[k]).mul(inv);
            den = den.add(Q[k]).mul(inv);
        }
        FloatVector r = inv.mul(num.add(P[4])).div(den.add(Q[4]));
        FloatVector tail = e.mul(r.neg().add(GeluKernels.SQRT_1_PI)).div(z);

        VectorMask<Float> isSmall = z.compare(VectorOperators.LE, GeluKernels.THRESH);
        VectorMask<Float> isMid = z.compare(VectorOperators.LE, 4f);
        FloatVector erfc = tail.blend(mid, isMid).blend(small, isSmall);
        FloatVector half = erfc.mul(0.5f);
        return half.neg().add(1f).blend(half, v.compare(VectorOperators.LT, 0f));
    }
}
