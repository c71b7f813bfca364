// GENERATED from ExtremumSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link ExtremumDouble}: a row of the elementwise maximum (minimum) of two operands, each
 * contiguous or one repeated element, with its gradient flags, and the weighing of a gradient by those flags.
 * Results equal the scalar references' bit for bit. FLOAT64; Generated from {@link ExtremumSimdFloat}: edit that file, not this one. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class ExtremumSimdDouble {
    private ExtremumSimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** As {@link ExtremumDouble#rowScalar} from 0, for strides as, bs of 0 (a repeated element) or 1. */
    static void row(double[] a, int p, int as, double[] b, int q, int bs, boolean max, double[] out, int o, int n,
                    boolean[] fullA, boolean[] fullB) {
        int bound = S.loopBound(n);
        DoubleVector ra = DoubleVector.broadcast(S, a[p]);
        DoubleVector rb = DoubleVector.broadcast(S, b[q]);
        int i = 0;
        for (; i < bound; i += S.length()) {
            DoubleVector x = as == 0 ? ra : DoubleVector.fromArray(S, a, p + i);
            DoubleVector y = bs == 0 ? rb : DoubleVector.fromArray(S, b, q + i);
            VectorMask<Double> le = x.compare(VectorOperators.LE, y);
            VectorMask<Double> ge = x.compare(VectorOperators.GE, y);
            VectorMask<Double> nan = x.test(VectorOperators.IS_NAN).or(y.test(VectorOperators.IS_NAN));
            y.blend(x, max ? ge : le).blend(x.add(y), nan).intoArray(out, o + i);
            if (fullA != null) {
                (max ? le : ge).not().intoArray(fullA, o + i);
                (max ? ge : le).not().intoArray(fullB, o + i);
            }
        }
        if (i < n) {
            ExtremumDouble.rowScalar(a, p, as, b, q, bs, max, out, o, i, n, fullA, fullB);
        }
    }

    /** As {@link ExtremumDouble#weighScalar}: g / 2, then 0 where other, then g where full. */
    static void weigh(double[] g, int gOff, boolean[] full, boolean[] other, double[] out, int from, int to) {
        int bound = from + S.loopBound(to - from);
        DoubleVector zero = DoubleVector.zero(S);
        int i = from;
        for (; i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, g, gOff + i);
            VectorMask<Double> f = VectorMask.fromArray(S, full, i);
            VectorMask<Double> z = VectorMask.fromArray(S, other, i);
            v.mul(0.5).blend(zero, z).blend(v, f).intoArray(out, i);
        }
        ExtremumDouble.weighScalar(g, gOff, full, other, out, i, to);
    }
}
