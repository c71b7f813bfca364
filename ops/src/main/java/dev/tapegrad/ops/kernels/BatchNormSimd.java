package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of batch normalisation's per-row reductions around a channel mean m: Σ (x - m)² (the
 * variance) and Σ g·(x - m) (the backward's second sum). FLOAT32 rows run in float lanes over blocks of
 * {@link Reduce#BLOCK} elements, each block's lanes added in double, as {@link ReduceFloat#rowSum} does; FLOAT64 rows
 * run in double lanes; tails are scalar, in double. Float lanes centre on the mean rounded to float (so that
 * x - mean is exact for x near it) and add the effect of that rounding in double. Loads jdk.incubator.vector: only reached through
 * {@link BatchNormKernelsFloat} and {@link BatchNormKernelsDouble} when {@link Kernels#simd()} is true; their
 * scalar loops are the references.
 */
final class BatchNormSimd {
    private BatchNormSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /** Σ (x[p + i] - m)² over i < n. */
    static double centredSquares(float[] x, int p, int n, double m) {
        double s = 0;
        for (int b = 0; b < n; b += Reduce.BLOCK) {
            s += centredSquaresBlock(x, p + b, Math.min(Reduce.BLOCK, n - b), m);
        }
        return s;
    }

    /** Σ g[p + i]·(x[p + i] - m) over i < n. */
    static double centredDot(float[] g, float[] x, int p, int n, double m) {
        double s = 0;
        for (int b = 0; b < n; b += Reduce.BLOCK) {
            s += centredDotBlock(g, x, p + b, Math.min(Reduce.BLOCK, n - b), m);
        }
        return s;
    }

    /**
     * One block in float lanes, centred on the float-rounded mean mf: with v = x - mf and d = mf - m,
     * Σ (x - m)² = Σ v² + 2d·Σ v + (lanes' count)·d², the correction added in double.
     */
    private static double centredSquaresBlock(float[] x, int p, int n, double m) {
        float mf = (float) m;
        FloatVector mean = FloatVector.broadcast(FS, mf);
        FloatVector squares = FloatVector.zero(FS);
        FloatVector sum = FloatVector.zero(FS);
        int i = 0;
        int bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, p + i).sub(mean);
            squares = v.fma(v, squares);
            sum = sum.add(v);
        }
        double d = (double) mf - m;
        double s = squares.reduceLanes(VectorOperators.ADD) + 2 * d * sum.reduceLanes(VectorOperators.ADD)
                + bound * d * d;
        for (; i < n; i++) {
            double v = x[p + i] - m;
            s += v * v;
        }
        return s;
    }

    /** One block in float lanes, centred on mf as above: Σ g·(x - m) = Σ g·v + d·Σ g. */
    private static double centredDotBlock(float[] g, float[] x, int p, int n, double m) {
        float mf = (float) m;
        FloatVector mean = FloatVector.broadcast(FS, mf);
        FloatVector dot = FloatVector.zero(FS);
        FloatVector sum = FloatVector.zero(FS);
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector gv = FloatVector.fromArray(FS, g, p + i);
            dot = gv.fma(FloatVector.fromArray(FS, x, p + i).sub(mean), dot);
            sum = sum.add(gv);
        }
        double s = dot.reduceLanes(VectorOperators.ADD)
                + ((double) mf - m) * sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += g[p + i] * (x[p + i] - m);
        }
        return s;
    }

    /** Σ (x[p + i] - m)² over i < n, in double lanes. */
    static double centredSquares(double[] x, int p, int n, double m) {
        DoubleVector mean = DoubleVector.broadcast(DS, m);
        DoubleVector acc = DoubleVector.zero(DS);
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector v = DoubleVector.fromArray(DS, x, p + i).sub(mean);
            acc = v.fma(v, acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double v = x[p + i] - m;
            s += v * v;
        }
        return s;
    }

    /** Σ g[p + i]·(x[p + i] - m) over i < n, in double lanes. */
    static double centredDot(double[] g, double[] x, int p, int n, double m) {
        DoubleVector mean = DoubleVector.broadcast(DS, m);
        DoubleVector acc = DoubleVector.zero(DS);
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector v = DoubleVector.fromArray(DS, x, p + i).sub(mean);
            acc = DoubleVector.fromArray(DS, g, p + i).fma(v, acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += g[p + i] * (x[p + i] - m);
        }
        return s;
    }
}
