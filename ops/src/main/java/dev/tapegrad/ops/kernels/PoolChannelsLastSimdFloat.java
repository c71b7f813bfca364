package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link PoolChannelsLastFloat}: one window, whole vectors of L channels from channel 0,
 * returning how many channels they did. Per lane the same comparisons in the same tap order as the scalar
 * loops, and the scatter adds with a mask (lanes whose argmax is another tap are left untouched), so results
 * are bit for bit the scalar ones. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class PoolChannelsLastSimdFloat {
    private PoolChannelsLastSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    static int maxWindow(PoolGeometry g, int channels, float[] x, int image, int oh, int ow, float[] y,
                         float[] argmax, int o) {
        int whole = channels - channels % L;
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        for (int c = 0; c < whole; c += L) {
            FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            FloatVector arg = FloatVector.broadcast(S, -1f);
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
                    FloatVector v = FloatVector.fromArray(S, x, image + (ih * g.inW() + iw) * channels + c);
                    float tap = ki * g.kernelW() + kj;
                    if (first) {
                        best = v;
                        arg = FloatVector.broadcast(S, tap);
                        first = false;
                    } else {
                        VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                        best = best.blend(v, take);
                        arg = arg.blend(FloatVector.broadcast(S, tap), take);
                    }
                }
            }
            best.intoArray(y, o + c);
            arg.intoArray(argmax, o + c);
        }
        return whole;
    }

    static int scatterWindow(PoolGeometry g, int channels, float[] gy, float[] argmax, int o, float[] gx, int image,
                             int oh, int ow) {
        int whole = channels - channels % L;
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        for (int c = 0; c < whole; c += L) {
            FloatVector taps = FloatVector.fromArray(S, argmax, o + c);
            FloatVector grad = FloatVector.fromArray(S, gy, o + c);
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
                    VectorMask<Float> here = taps.compare(VectorOperators.EQ, ki * g.kernelW() + kj);
                    if (here.anyTrue()) {
                        int p = image + (ih * g.inW() + iw) * channels + c;
                        FloatVector.fromArray(S, gx, p).add(grad, here).intoArray(gx, p);
                    }
                }
            }
        }
        return whole;
    }
}
