package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link PoolChannelsLastFloat}, max and average: one window, whole vectors of L channels from channel 0,
 * returning how many channels they did. The window's taps inside the input form a rectangle [kiLo, kiHi) ×
 * [kjLo, kjHi) of the kernel; per lane the same comparisons in the same tap order as the scalar loops (the first
 * tap inside starts the maximum, as the scalar {@code arg < 0} does), so results are bit for bit the scalar ones.
 * The scatter adds, at each tap, the gradient of the lanes whose argmax it is and +0.0 elsewhere: a sum that
 * starts at +0.0 never holds -0.0, and x + 0.0 == x for every other x, so the sums are the scalar ones too.
 * No branch or merge of vectors inside the loops, so that C2 keeps them in registers. Loads
 * jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class PoolChannelsLastSimdFloat {
    private PoolChannelsLastSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
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
    static int maxTileRow(PoolGeometry g, int channels, float[] x, int first, float[] y, float[] argmax, int o) {
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
    private static void maxTilePass(PoolGeometry g, int channels, int whole, float[] x, int row, float[] y,
                                    float[] argmax, int o, boolean top) {
        FloatVector left = FloatVector.broadcast(S, top ? 0f : 2f);
        FloatVector right = FloatVector.broadcast(S, top ? 1f : 3f);
        for (int ow = 0; ow < g.outW(); ow++, o += channels, row += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                int p = row + c;
                FloatVector v = FloatVector.fromArray(S, x, p);
                FloatVector best;
                FloatVector arg;
                if (top) {
                    best = v;
                    arg = left;
                } else {
                    best = FloatVector.fromArray(S, y, o + c);
                    arg = FloatVector.fromArray(S, argmax, o + c);
                    VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                    best = best.blend(v, take);
                    arg = arg.blend(left, take);
                }
                v = FloatVector.fromArray(S, x, p + channels);
                VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
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
    static int avgTileRow(PoolGeometry g, int channels, float[] x, int first, float[] y, int o) {
        int whole = channels - channels % L;
        int below = g.inW() * channels;
        for (int ow = 0, p = first, out = o; ow < g.outW(); ow++, out += channels, p += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                FloatVector.fromArray(S, x, p + c).add(FloatVector.fromArray(S, x, p + c + channels))
                        .intoArray(y, out + c);
            }
        }
        for (int ow = 0, p = first + below, out = o; ow < g.outW(); ow++, out += channels, p += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                FloatVector.fromArray(S, y, out + c).add(FloatVector.fromArray(S, x, p + c))
                        .add(FloatVector.fromArray(S, x, p + c + channels)).div(4f).intoArray(y, out + c);
            }
        }
        return whole;
    }

    static int maxWindow(PoolGeometry g, int channels, float[] x, int image, int oh, int ow, float[] y,
                         float[] argmax, int o) {
        int whole = channels - channels % L;
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        int kiLo = firstInside(h0, g.kernelH(), g.dilationH());
        int kiHi = endInside(h0, g.kernelH(), g.dilationH(), g.inH(), kiLo);
        int kjLo = firstInside(w0, g.kernelW(), g.dilationW());
        int kjHi = endInside(w0, g.kernelW(), g.dilationW(), g.inW(), kjLo);
        if (kiLo >= kiHi || kjLo >= kjHi) {
            for (int c = 0; c < whole; c += L) {
                FloatVector.broadcast(S, Float.NEGATIVE_INFINITY).intoArray(y, o + c);
                FloatVector.broadcast(S, -1f).intoArray(argmax, o + c);
            }
            return whole;
        }
        int rowStep = g.dilationH() * g.inW() * channels;
        int colStep = g.dilationW() * channels;
        int first = image + ((h0 + kiLo * g.dilationH()) * g.inW() + w0 + kjLo * g.dilationW()) * channels;
        for (int c = 0; c < whole; c += L) {
            FloatVector best = FloatVector.fromArray(S, x, first + c);
            FloatVector arg = FloatVector.broadcast(S, (float) (kiLo * g.kernelW() + kjLo));
            for (int ki = kiLo, row = first + c; ki < kiHi; ki++, row += rowStep) {
                for (int kj = kjLo, p = row; kj < kjHi; kj++, p += colStep) {
                    FloatVector v = FloatVector.fromArray(S, x, p);
                    VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                    best = best.blend(v, take);
                    arg = arg.blend(FloatVector.broadcast(S, (float) (ki * g.kernelW() + kj)), take);
                }
            }
            best.intoArray(y, o + c);
            arg.intoArray(argmax, o + c);
        }
        return whole;
    }

    static int scatterWindow(PoolGeometry g, int channels, float[] gy, int og, float[] argmax, int o, float[] gx,
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
        FloatVector zero = FloatVector.zero(S);
        for (int c = 0; c < whole; c += L) {
            FloatVector taps = FloatVector.fromArray(S, argmax, o + c);
            FloatVector grad = FloatVector.fromArray(S, gy, og + c);
            for (int ki = kiLo, row = first + c; ki < kiHi; ki++, row += rowStep) {
                for (int kj = kjLo, p = row; kj < kjHi; kj++, p += colStep) {
                    VectorMask<Float> here = taps.compare(VectorOperators.EQ, (float) (ki * g.kernelW() + kj));
                    FloatVector.fromArray(S, gx, p).add(zero.blend(grad, here)).intoArray(gx, p);
                }
            }
        }
        return whole;
    }

    /**
     * Whole vectors of channels of a row of 2×2 tiles (windows from o in argmax, og in gy, input rows from first),
     * each input element written once: 0 + g at the argmax, +0.0 elsewhere. Returns how many channels it did.
     */
    static int scatterTileRow(PoolGeometry g, int channels, float[] gy, int og, int gyStep, float[] argmax, int o,
                              float[] gx, int first) {
        int whole = channels - channels % L;
        int below = g.inW() * channels;
        FloatVector zero = FloatVector.zero(S);
        for (int ow = 0; ow < g.outW(); ow++, o += channels, og += gyStep, first += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                FloatVector taps = FloatVector.fromArray(S, argmax, o + c);
                FloatVector grad = FloatVector.fromArray(S, gy, og + c).add(zero);
                int p = first + c;
                zero.blend(grad, taps.compare(VectorOperators.EQ, 0f)).intoArray(gx, p);
                zero.blend(grad, taps.compare(VectorOperators.EQ, 1f)).intoArray(gx, p + channels);
                zero.blend(grad, taps.compare(VectorOperators.EQ, 2f)).intoArray(gx, p + below);
                zero.blend(grad, taps.compare(VectorOperators.EQ, 3f)).intoArray(gx, p + below + channels);
            }
        }
        return whole;
    }

    /** Whole vectors of channels of a row of 2×2 tiles: gy / 4 written to all four elements of each. */
    static int avgBackwardTileRow(PoolGeometry g, int channels, float[] gy, int og, int gyStep, float[] gx, int first) {
        int whole = channels - channels % L;
        int below = g.inW() * channels;
        for (int ow = 0; ow < g.outW(); ow++, og += gyStep, first += 2 * channels) {
            for (int c = 0; c < whole; c += L) {
                FloatVector v = FloatVector.fromArray(S, gy, og + c).div(4f);
                int p = first + c;
                v.intoArray(gx, p);
                v.intoArray(gx, p + channels);
                v.intoArray(gx, p + below);
                v.intoArray(gx, p + below + channels);
            }
        }
        return whole;
    }

    static int avgWindow(PoolGeometry g, int channels, float[] x, int image, int oh, int ow, float[] y, int o,
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
        float divisor = g.avgDivisor(oh, ow, countIncludePad);
        for (int c = 0; c < whole; c += L) {
            FloatVector s = FloatVector.zero(S);
            for (int ih = h0, row = first + c; ih < h1; ih++, row += below) {
                for (int iw = w0, p = row; iw < w1; iw++, p += channels) {
                    s = s.add(FloatVector.fromArray(S, x, p));
                }
            }
            s.div(divisor).intoArray(y, o + c);
        }
        return whole;
    }

    static int avgBackwardWindow(PoolGeometry g, int channels, float[] gy, int og, float[] gx, int image, int oh,
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
        float divisor = g.avgDivisor(oh, ow, countIncludePad);
        for (int c = 0; c < whole; c += L) {
            FloatVector v = FloatVector.fromArray(S, gy, og + c).div(divisor);
            for (int ih = h0, row = first + c; ih < h1; ih++, row += below) {
                for (int iw = w0, p = row; iw < w1; iw++, p += channels) {
                    FloatVector.fromArray(S, gx, p).add(v).intoArray(gx, p);
                }
            }
        }
        return whole;
    }
}
