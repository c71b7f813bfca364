// GENERATED from PoolChannelsLastSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link PoolChannelsLastDouble}, max and average: one window, whole vectors of L channels from channel 0,
 * returning how many channels they did. The window's taps inside the input form a rectangle [kiLo, kiHi) ×
 * [kjLo, kjHi) of the kernel; per lane the same comparisons in the same tap order as the scalar loops (the first
 * tap inside starts the maximum, as the scalar {@code arg < 0} does), so results are bit for bit the scalar ones.
 * The scatter adds, at each tap, the gradient of the lanes whose argmax it is and +0.0 elsewhere: a sum that
 * starts at +0.0 never holds -0.0, and x + 0.0 == x for every other x, so the sums are the scalar ones too.
 * No branch or merge of vectors inside the loops, so that C2 keeps them in registers. Loads
 * jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class PoolChannelsLastSimdDouble {
    private PoolChannelsLastSimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** First k in [0, kernel) whose position start + k·dilation is ≥ 0 (kernel when none). */
    private static int firstInside(int start, int kernel, int dilation) {
        int k = 0;
        while (k < kernel && start + k * dilation < 0) {
            k++;
        }
        return k;
    }

    /** One past the last k in [lo, kernel) whose position start + k·dilation is < size. */
    private static int endInside(int start, int kernel, int dilation, int size, int lo) {
        int k = kernel;
        while (k > lo && start + (k - 1) * dilation >= size) {
            k--;
        }
        return k;
    }

    /**
     * Whole vectors of channels of a row of 2×2 tiles: the four taps in order, as {@link #maxWindow} compares them, in
     * two passes, the top input row (taps a, b: the running maximum and its tap written to y and argmax) and then the
     * bottom one (taps c, d, compared with what the first pass left), so that the input is read as one stream in
     * memory order: reading the two rows side by side, 8 KB apart at 64 channels × 32 columns, ran 1.6× slower from
     * memory. The output row (outW·channels elements) stays in the L1 cache between the passes.
     */
    static int maxTileRow(PoolGeometry g, int channels, double[] x, int first, double[] y, double[] argmax, int o) {
        int whole = channels - channels % L;
        int below = g.inW() * channels;
        maxTilePass(g, channels, whole, x, first, y, argmax, o, true);
        maxTilePass(g, channels, whole, x, first + below, y, argmax, o, false);
        return whole;
    }

    /**
     * One input row of a row of 2×2 tiles: its two taps (0, 1 in the top row, 2, 3 in the bottom one) compared in
     * order with the running maximum, which the top row starts from its first tap.
     */
    private static void maxTilePass(PoolGeometry g, int channels, int whole, double[] x, int row, double[] y,
                                    double[] argmax, int o, boolean top) {
        DoubleVector left = DoubleVector.broadcast(S, top ? 0.0 : 2.0);
        DoubleVector right = DoubleVector.broadcast(S, top ? 1.0 : 3.0);
        for (int ow = 0; ow < g.outW(); ow++, o += channels, row += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                int p = row + c;
                DoubleVector v = DoubleVector.fromArray(S, x, p);
                DoubleVector best;
                DoubleVector arg;
                if (top) {
                    best = v;
                    arg = left;
                } else {
                    best = DoubleVector.fromArray(S, y, o + c);
                    arg = DoubleVector.fromArray(S, argmax, o + c);
                    VectorMask<Double> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                    best = best.blend(v, take);
                    arg = arg.blend(left, take);
                }
                v = DoubleVector.fromArray(S, x, p + channels);
                VectorMask<Double> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                best.blend(v, take).intoArray(y, o + c);
                arg.blend(right, take).intoArray(argmax, o + c);
            }
        }
    }

    /**
     * Whole vectors of channels of a row of 2×2 tiles: (a + b + c + d) / 4, as {@link #avgWindow} adds them, in two
     * passes over the input rows (a + b into y, then ((y + c) + d) / 4), so that the input is read as one stream in
     * memory order (see {@link #maxTileRow}).
     */
    static int avgTileRow(PoolGeometry g, int channels, double[] x, int first, double[] y, int o) {
        int whole = channels - channels % L;
        int below = g.inW() * channels;
        for (int ow = 0, p = first, out = o; ow < g.outW(); ow++, out += channels, p += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                DoubleVector.fromArray(S, x, p + c).add(DoubleVector.fromArray(S, x, p + c + channels))
                        .intoArray(y, out + c);
            }
        }
        for (int ow = 0, p = first + below, out = o; ow < g.outW(); ow++, out += channels, p += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                DoubleVector.fromArray(S, y, out + c).add(DoubleVector.fromArray(S, x, p + c))
                        .add(DoubleVector.fromArray(S, x, p + c + channels)).div(4.0).intoArray(y, out + c);
            }
        }
        return whole;
    }

    static int maxWindow(PoolGeometry g, int channels, double[] x, int image, int oh, int ow, double[] y,
                         double[] argmax, int o) {
        int whole = channels - channels % L;
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        int kiLo = firstInside(h0, g.kernelH(), g.dilationH());
        int kiHi = endInside(h0, g.kernelH(), g.dilationH(), g.inH(), kiLo);
        int kjLo = firstInside(w0, g.kernelW(), g.dilationW());
        int kjHi = endInside(w0, g.kernelW(), g.dilationW(), g.inW(), kjLo);
        if (kiLo >= kiHi || kjLo >= kjHi) {
            for (int c = 0; c < whole; c += L) {
                DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY).intoArray(y, o + c);
                DoubleVector.broadcast(S, -1.0).intoArray(argmax, o + c);
            }
            return whole;
        }
        int rowStep = g.dilationH() * g.inW() * channels;
        int colStep = g.dilationW() * channels;
        int first = image + ((h0 + kiLo * g.dilationH()) * g.inW() + w0 + kjLo * g.dilationW()) * channels;
        for (int c = 0; c < whole; c += L) {
            DoubleVector best = DoubleVector.fromArray(S, x, first + c);
            DoubleVector arg = DoubleVector.broadcast(S, (double) (kiLo * g.kernelW() + kjLo));
            for (int ki = kiLo, row = first + c; ki < kiHi; ki++, row += rowStep) {
                for (int kj = kjLo, p = row; kj < kjHi; kj++, p += colStep) {
                    DoubleVector v = DoubleVector.fromArray(S, x, p);
                    VectorMask<Double> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                    best = best.blend(v, take);
                    arg = arg.blend(DoubleVector.broadcast(S, (double) (ki * g.kernelW() + kj)), take);
                }
            }
            best.intoArray(y, o + c);
            arg.intoArray(argmax, o + c);
        }
        return whole;
    }

    static int scatterWindow(PoolGeometry g, int channels, double[] gy, int og, double[] argmax, int o, double[] gx,
                             int image, int oh, int ow) {
        int whole = channels - channels % L;
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        int kiLo = firstInside(h0, g.kernelH(), g.dilationH());
        int kiHi = endInside(h0, g.kernelH(), g.dilationH(), g.inH(), kiLo);
        int kjLo = firstInside(w0, g.kernelW(), g.dilationW());
        int kjHi = endInside(w0, g.kernelW(), g.dilationW(), g.inW(), kjLo);
        if (kiLo >= kiHi || kjLo >= kjHi) {
            return whole;
        }
        int rowStep = g.dilationH() * g.inW() * channels;
        int colStep = g.dilationW() * channels;
        int first = image + ((h0 + kiLo * g.dilationH()) * g.inW() + w0 + kjLo * g.dilationW()) * channels;
        DoubleVector zero = DoubleVector.zero(S);
        for (int c = 0; c < whole; c += L) {
            DoubleVector taps = DoubleVector.fromArray(S, argmax, o + c);
            DoubleVector grad = DoubleVector.fromArray(S, gy, og + c);
            for (int ki = kiLo, row = first + c; ki < kiHi; ki++, row += rowStep) {
                for (int kj = kjLo, p = row; kj < kjHi; kj++, p += colStep) {
                    VectorMask<Double> here = taps.compare(VectorOperators.EQ, (double) (ki * g.kernelW() + kj));
                    DoubleVector.fromArray(S, gx, p).add(zero.blend(grad, here)).intoArray(gx, p);
                }
            }
        }
        return whole;
    }

    /**
     * Whole vectors of channels of a row of 2×2 tiles (windows from o in argmax, og in gy, input rows from first),
     * each input element written once: 0 + g at the argmax, +0.0 elsewhere. Returns how many channels it did.
     */
    static int scatterTileRow(PoolGeometry g, int channels, double[] gy, int og, int gyStep, double[] argmax, int o,
                              double[] gx, int first) {
        int whole = channels - channels % L;
        int below = g.inW() * channels;
        DoubleVector zero = DoubleVector.zero(S);
        for (int ow = 0; ow < g.outW(); ow++, o += channels, og += gyStep, first += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                DoubleVector taps = DoubleVector.fromArray(S, argmax, o + c);
                DoubleVector grad = DoubleVector.fromArray(S, gy, og + c).add(zero);
                int p = first + c;
                zero.blend(grad, taps.compare(VectorOperators.EQ, 0.0)).intoArray(gx, p);
                zero.blend(grad, taps.compare(VectorOperators.EQ, 1.0)).intoArray(gx, p + channels);
                zero.blend(grad, taps.compare(VectorOperators.EQ, 2.0)).intoArray(gx, p + below);
                zero.blend(grad, taps.compare(VectorOperators.EQ, 3.0)).intoArray(gx, p + below + channels);
            }
        }
        return whole;
    }

    /** Whole vectors of channels of a row of 2×2 tiles: gy / 4 written to all four elements of each. */
    static int avgBackwardTileRow(PoolGeometry g, int channels, double[] gy, int og, int gyStep, double[] gx, int first) {
        int whole = channels - channels % L;
        int below = g.inW() * channels;
        for (int ow = 0; ow < g.outW(); ow++, og += gyStep, first += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                DoubleVector v = DoubleVector.fromArray(S, gy, og + c).div(4.0);
                int p = first + c;
                v.intoArray(gx, p);
                v.intoArray(gx, p + channels);
                v.intoArray(gx, p + below);
                v.intoArray(gx, p + below + channels);
            }
        }
        return whole;
    }

    static int avgWindow(PoolGeometry g, int channels, double[] x, int image, int oh, int ow, double[] y, int o,
                         boolean countIncludePad) {
        int whole = channels - channels % L;
        int h0 = oh * g.strideH() - g.padH();
        int h1 = Math.min(h0 + g.kernelH(), g.inH());
        h0 = Math.max(h0, 0);
        int w0 = ow * g.strideW() - g.padW();
        int w1 = Math.min(w0 + g.kernelW(), g.inW());
        w0 = Math.max(w0, 0);
        int below = g.inW() * channels;
        int first = image + (h0 * g.inW() + w0) * channels;
        double divisor = g.avgDivisor(oh, ow, countIncludePad);
        for (int c = 0; c < whole; c += L) {
            DoubleVector s = DoubleVector.zero(S);
            for (int ih = h0, row = first + c; ih < h1; ih++, row += below) {
                for (int iw = w0, p = row; iw < w1; iw++, p += channels) {
                    s = s.add(DoubleVector.fromArray(S, x, p));
                }
            }
            s.div(divisor).intoArray(y, o + c);
        }
        return whole;
    }

    static int avgBackwardWindow(PoolGeometry g, int channels, double[] gy, int og, double[] gx, int image, int oh,
                                 int ow, boolean countIncludePad) {
        int whole = channels - channels % L;
        int h0 = oh * g.strideH() - g.padH();
        int h1 = Math.min(h0 + g.kernelH(), g.inH());
        h0 = Math.max(h0, 0);
        int w0 = ow * g.strideW() - g.padW();
        int w1 = Math.min(w0 + g.kernelW(), g.inW());
        w0 = Math.max(w0, 0);
        int below = g.inW() * channels;
        int first = image + (h0 * g.inW() + w0) * channels;
        double divisor = g.avgDivisor(oh, ow, countIncludePad);
        for (int c = 0; c < whole; c += L) {
            DoubleVector v = DoubleVector.fromArray(S, gy, og + c).div(divisor);
            for (int ih = h0, row = first + c; ih < h1; ih++, row += below) {
                for (int iw = w0, p = row; iw < w1; iw++, p += channels) {
                    DoubleVector.fromArray(S, gx, p).add(v).intoArray(gx, p);
                }
            }
        }
        return whole;
    }
}
