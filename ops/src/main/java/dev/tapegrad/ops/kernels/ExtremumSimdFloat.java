package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link ExtremumFloat}: a row of the elementwise maximum (minimum) of two operands, each
 * contiguous or one repeated element, with its gradient flags, and the weighing of a gradient by those flags.
 * Results equal the scalar references' bit for bit. FLOAT32; {@link ExtremumSimdDouble} is generated from this
 * file for FLOAT64. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class ExtremumSimdFloat {
    private ExtremumSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** As {@link ExtremumFloat#rowScalar} from 0, for strides as, bs of 0 (a repeated element) or 1. */
    static void row(float[] a, int p, int as, float[] b, int q, int bs, boolean max, float[] out, int o, int n,
                    boolean[] fullA, boolean[] fullB) {
        int bound = S.loopBound(n);
        FloatVector ra = FloatVector.broadcast(S, a[p]);
        FloatVector rb = FloatVector.broadcast(S, b[q]);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector x = as == 0 ? ra : FloatVector.fromArray(S, a, p + i);
            FloatVector y = bs == 0 ? rb : FloatVector.fromArray(S, b, q + i);
            VectorMask<Float> le = x.compare(VectorOperators.LE, y);
            VectorMask<Float> ge = x.compare(VectorOperators.GE, y);
            VectorMask<Float> nan = x.test(VectorOperators.IS_NAN).or(y.test(VectorOperators.IS_NAN));
            y.blend(x, max ? ge : le).blend(x.add(y), nan).intoArray(out, o + i);
            if (fullA != null) {
                (max ? le : ge).not().intoArray(fullA, o + i);
                (max ? ge : le).not().intoArray(fullB, o + i);
            }
        }
        if (i < n) {
            ExtremumFloat.rowScalar(a, p, as, b, q, bs, max, out, o, i, n, fullA, fullB);
        }
    }

    /** As {@link ExtremumFloat#weighScalar}: g / 2, then 0 where other, then g where full. */
    static void weigh(float[] g, int gOff, boolean[] full, boolean[] other, float[] out, int from, int to) {
        int bound = from + S.loopBound(to - from);
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, g, gOff + i);
            VectorMask<Float> f = VectorMask.fromArray(S, full, i);
            VectorMask<Float> z = VectorMask.fromArray(S, other, i);
            v.mul(0.5f).blend(zero, z).blend(v, f).intoArray(out, i);
        }
        ExtremumFloat.weighScalar(g, gOff, full, other, out, i, to);
    }
}
