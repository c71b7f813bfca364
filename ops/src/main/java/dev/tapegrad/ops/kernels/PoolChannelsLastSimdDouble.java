// GENERATED from PoolChannelsLastSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link PoolChannelsLastDouble}: one window, whole vectors of L channels from channel 0,
 * returning how many channels they did. Per lane the same comparisons in the same tap order as the scalar
 * loops, and the scatter adds with a mask (lanes whose argmax is another tap are left untouched), so results
 * are bit for bit the scalar ones. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class PoolChannelsLastSimdDouble {
    private PoolChannelsLastSimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    static int maxWindow(PoolGeometry g, int channels, double[] x, int image, int oh, int ow, double[] y,
                         double[] argmax, int o) {
        int whole = channels - channels % L;
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        for (int c = 0; c < whole; c += L) {
            DoubleVector best = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
            DoubleVector arg = DoubleVector.broadcast(S, -1.0);
            boolean first = true;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int ih = h0 + ki * g.dilationH();
                if (ih < 0 || ih >= g.inH()) {
                    continue;
                }
                for (int kj = 0; kj < g.kernelW(); kj++) {
                    int iw = w0 + kj * g.dilationW();
                    if (iw < 0 || iw >= g.inW()) {
                        continue;
                    }
                    DoubleVector v = DoubleVector.fromArray(S, x, image + (ih * g.inW() + iw) * channels + c);
                    double tap = ki * g.kernelW() + kj;
                    if (first) {
                        best = v;
                        arg = DoubleVector.broadcast(S, tap);
                        first = false;
                    } else {
                        VectorMask<Double> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                        best = best.blend(v, take);
                        arg = arg.blend(DoubleVector.broadcast(S, tap), take);
                    }
                }
            }
            best.intoArray(y, o + c);
            arg.intoArray(argmax, o + c);
        }
        return whole;
    }

    static int scatterWindow(PoolGeometry g, int channels, double[] gy, double[] argmax, int o, double[] gx, int image,
                             int oh, int ow) {
        int whole = channels - channels % L;
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        for (int c = 0; c < whole; c += L) {
            DoubleVector taps = DoubleVector.fromArray(S, argmax, o + c);
            DoubleVector grad = DoubleVector.fromArray(S, gy, o + c);
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int ih = h0 + ki * g.dilationH();
                if (ih < 0 || ih >= g.inH()) {
                    continue;
                }
                for (int kj = 0; kj < g.kernelW(); kj++) {
                    int iw = w0 + kj * g.dilationW();
                    if (iw < 0 || iw >= g.inW()) {
                        continue;
                    }
                    VectorMask<Double> here = taps.compare(VectorOperators.EQ, ki * g.kernelW() + kj);
                    if (here.anyTrue()) {
                        int p = image + (ih * g.inW() + iw) * channels + c;
                        DoubleVector.fromArray(S, gx, p).add(grad, here).intoArray(gx, p);
                    }
                }
            }
        }
        return whole;
    }
}
