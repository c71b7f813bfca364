package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Channels-last max and average pooling ({@link PoolChannelsLastFloat}, {@link PoolChannelsLastDouble}) bit for bit against the
 * NCHW kernels ({@link PoolFloat}) on the same values transposed, with and without the SIMD loops: values with
 * ties, zeros of both signs, NaN and infinities; channel counts around the lane count; windows with padding,
 * dilation, strides below and above the kernel; and the scatter of a gradient by the argmax (overlapping windows
 * add in the same order).
 */
class PoolChannelsLastTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, 1f, -1f};

    @Property(tries = 120)
    void sameAsPlanes(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 35) int channels,
                      @ForAll @IntRange(min = 1, max = 9) int inH, @ForAll @IntRange(min = 1, max = 9) int inW,
                      @ForAll @IntRange(min = 1, max = 3) int kH, @ForAll @IntRange(min = 1, max = 3) int kW,
                      @ForAll @IntRange(min = 1, max = 3) int sH, @ForAll @IntRange(min = 1, max = 3) int sW,
                      @ForAll @IntRange(min = 0, max = 1) int pad, @ForAll @IntRange(min = 1, max = 2) int dil,
                      @ForAll long seed) {
        int pH = Math.min(pad, kH / 2);
        int pW = Math.min(pad, kW / 2);
        int outH = (inH + 2 * pH - dil * (kH - 1) - 1) / sH + 1;
        int outW = (inW + 2 * pW - dil * (kW - 1) - 1) / sW + 1;
        if (outH < 1 || outW < 1) {
            return;
        }
        PoolGeometry g = new PoolGeometry(batch * channels, inH, inW, outH, outW, kH, kW, sH, sW, pH, pW, dil, dil);
        SplittableRandom rng = new SplittableRandom(seed);
        int plane = inH * inW;
        float[] nchw = new float[batch * channels * plane];
        for (int i = 0; i < nchw.length; i++) {
            nchw[i] = rng.nextInt(6) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextInt(-4, 5) / 2f;
        }
        float[] nhwc = toChannelsLast(nchw, batch, channels, plane);
        int outSize = batch * channels * outH * outW;
        float[] y = new float[outSize];
        float[] arg = new float[outSize];
        PoolFloat.maxForward(g, nchw, y, arg);
        for (boolean simd : Kernels.simd() ? new boolean[] {false, true} : new boolean[] {false}) {
            float[] yl = new float[outSize];
            float[] argl = new float[outSize];
            PoolChannelsLastFloat.maxForward(g, channels, nhwc, yl, argl, simd);
            String what = "simd " + simd + " " + g;
            assertArrayEquals(toChannelsLast(y, batch, channels, outH * outW), yl, "values, " + what);
            assertArrayEquals(toChannelsLast(arg, batch, channels, outH * outW), argl, "argmax, " + what);

            float[] gy = new float[outSize];
            for (int i = 0; i < outSize; i++) {
                gy[i] = (float) rng.nextDouble(-1, 1);
            }
            float[] gx = new float[nchw.length];
            PoolFloat.maxScatter(g, gy, arg, gx);
            float[] gxl = new float[nchw.length];
            PoolChannelsLastFloat.maxScatter(g, channels, toChannelsLast(gy, batch, channels, outH * outW), argl, gxl, simd);
            assertArrayEquals(toChannelsLast(gx, batch, channels, plane), gxl, "scatter, " + what);

            double[] yd = new double[outSize];
            double[] argd = new double[outSize];
            PoolChannelsLastDouble.maxForward(g, channels, widen(nhwc), yd, argd, simd);
            assertArrayEquals(widen(yl), yd, "FLOAT64 values, " + what);
            assertArrayEquals(widen(argl), argd, "FLOAT64 argmax, " + what);
        }
    }

    @Property(tries = 80)
    void averageSameAsPlanes(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 35) int channels,
                             @ForAll @IntRange(min = 1, max = 9) int inH, @ForAll @IntRange(min = 1, max = 9) int inW,
                             @ForAll @IntRange(min = 1, max = 3) int kH, @ForAll @IntRange(min = 1, max = 3) int kW,
                             @ForAll @IntRange(min = 1, max = 3) int sH, @ForAll @IntRange(min = 1, max = 3) int sW,
                             @ForAll @IntRange(min = 0, max = 1) int pad, @ForAll boolean countIncludePad,
                             @ForAll long seed) {
        int pH = Math.min(pad, kH / 2);
        int pW = Math.min(pad, kW / 2);
        int outH = (inH + 2 * pH - kH) / sH + 1;
        int outW = (inW + 2 * pW - kW) / sW + 1;
        if (outH < 1 || outW < 1) {
            return;
        }
        PoolGeometry g = new PoolGeometry(batch * channels, inH, inW, outH, outW, kH, kW, sH, sW, pH, pW, 1, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        int plane = inH * inW;
        float[] nchw = new float[batch * channels * plane];
        for (int i = 0; i < nchw.length; i++) {
            nchw[i] = rng.nextInt(6) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextDouble(-2, 2);
        }
        int outSize = batch * channels * outH * outW;
        float[] y = new float[outSize];
        PoolFloat.avgForward(g, nchw, y, countIncludePad);
        float[] gy = new float[outSize];
        for (int i = 0; i < outSize; i++) {
            gy[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] gx = new float[nchw.length];
        PoolFloat.avgBackward(g, gy, gx, countIncludePad);
        float[] nhwc = toChannelsLast(nchw, batch, channels, plane);
        for (boolean simd : Kernels.simd() ? new boolean[] {false, true} : new boolean[] {false}) {
            String what = "simd " + simd + " " + g + " countIncludePad " + countIncludePad;
            float[] yl = new float[outSize];
            PoolChannelsLastFloat.avgForward(g, channels, nhwc, yl, countIncludePad, simd);
            assertArrayEquals(toChannelsLast(y, batch, channels, outH * outW), yl, "values, " + what);
            float[] gxl = new float[nchw.length];
            PoolChannelsLastFloat.avgBackward(g, channels, toChannelsLast(gy, batch, channels, outH * outW), gxl,
                    countIncludePad, simd);
            assertArrayEquals(toChannelsLast(gx, batch, channels, plane), gxl, "gradient, " + what);
            double[] yd = new double[outSize];
            PoolChannelsLastDouble.avgForward(g, channels, widen(nhwc), yd, countIncludePad, simd);
            double[] want = new double[outSize];
            PoolDouble.avgForward(g, widen(nchw), want, countIncludePad);
            assertArrayEquals(widen(toChannelsLast(narrow(want), batch, channels, outH * outW)), narrowed(yd), "FLOAT64 values, " + what);
        }
    }

    /**
     * 2×2 stride-2 tiles, which take the row-by-row tile loops (forward, scatter written once, average backward):
     * the same checks as above, odd sizes included (a last row or column no window covers).
     */
    @Property(tries = 60)
    void tilesSameAsPlanes(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 35) int channels,
                           @ForAll @IntRange(min = 2, max = 9) int inH, @ForAll @IntRange(min = 2, max = 9) int inW,
                           @ForAll boolean countIncludePad, @ForAll long seed) {
        sameAsPlanes(batch, channels, inH, inW, 2, 2, 2, 2, 0, 1, seed);
        averageSameAsPlanes(batch, channels, inH, inW, 2, 2, 2, 2, 0, countIncludePad, seed);
    }

    /**
     * A gradient shared by every window, one value per channel (gyStep 0: an expanded seed read in place), and
     * gradients with zeros of both signs: max scatter (2×2 tiles written once, other windows added) and average
     * backward bit for bit the NCHW kernels given the gradient materialized; FLOAT64 the same values widened
     * where windows do not overlap.
     */
    @Property(tries = 80)
    void perChannelGradientSameAsMaterialized(@ForAll @IntRange(min = 1, max = 2) int batch,
                                              @ForAll @IntRange(min = 1, max = 35) int channels,
                                              @ForAll @IntRange(min = 1, max = 9) int inH,
                                              @ForAll @IntRange(min = 1, max = 9) int inW,
                                              @ForAll @IntRange(min = 1, max = 3) int k,
                                              @ForAll @IntRange(min = 1, max = 3) int stride,
                                              @ForAll boolean perChannel, @ForAll long seed) {
        int outH = (inH - k) / stride + 1;
        int outW = (inW - k) / stride + 1;
        if (outH < 1 || outW < 1) {
            return;
        }
        PoolGeometry g = new PoolGeometry(batch * channels, inH, inW, outH, outW, k, k, stride, stride, 0, 0, 1, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        int plane = inH * inW;
        int windows = batch * outH * outW;
        float[] nchw = new float[batch * channels * plane];
        for (int i = 0; i < nchw.length; i++) {
            nchw[i] = rng.nextInt(4) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextInt(-4, 5) / 2f;
        }
        float[] y = new float[windows * channels];
        float[] arg = new float[y.length];
        PoolFloat.maxForward(g, nchw, y, arg);
        float[] argl = toChannelsLast(arg, batch, channels, outH * outW);
        int step = perChannel ? 0 : channels;
        float[] gyl = new float[perChannel ? channels : windows * channels];
        for (int i = 0; i < gyl.length; i++) {
            gyl[i] = rng.nextInt(5) == 0 ? (rng.nextBoolean() ? -0f : 0f) : (float) rng.nextDouble(-1, 1);
        }
        float[] full = new float[windows * channels];   // gy materialized, channels-last
        for (int i = 0; i < windows; i++) {
            for (int c = 0; c < channels; c++) {
                full[i * channels + c] = gyl[i * step + c];
            }
        }
        float[] gy = toPlanes(full, batch, channels, outH * outW);
        float[] gx = new float[nchw.length];
        PoolFloat.maxScatter(g, gy, arg, gx);
        float[] avg = new float[nchw.length];
        PoolFloat.avgBackward(g, gy, avg, true);
        for (boolean simd : Kernels.simd() ? new boolean[] {false, true} : new boolean[] {false}) {
            String what = "simd " + simd + " perChannel " + perChannel + " " + g;
            float[] gxl = new float[nchw.length];
            PoolChannelsLastFloat.maxScatter(g, channels, gyl, step, argl, gxl, simd);
            assertArrayEquals(toChannelsLast(gx, batch, channels, plane), gxl, "scatter, " + what);
            if (stride >= k) {   // windows apart: no sum to round differently in FLOAT64
                double[] gxd = new double[nchw.length];
                PoolChannelsLastDouble.maxScatter(g, channels, widen(gyl), step, widen(argl), gxd, simd);
                assertArrayEquals(widen(gxl), gxd, "FLOAT64 scatter, " + what);
            }
            float[] avgl = new float[nchw.length];
            PoolChannelsLastFloat.avgBackward(g, channels, gyl, step, avgl, true, simd);
            assertArrayEquals(toChannelsLast(avg, batch, channels, plane), avgl, "average, " + what);
        }
    }

    private static float[] toPlanes(float[] nhwc, int batch, int channels, int plane) {
        float[] out = new float[nhwc.length];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    out[(n * channels + c) * plane + p] = nhwc[(n * plane + p) * channels + c];
                }
            }
        }
        return out;
    }

    private static float[] narrow(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double[] narrowed(double[] v) {
        return widen(narrow(v));
    }

    private static float[] toChannelsLast(float[] nchw, int batch, int channels, int plane) {
        float[] out = new float[nchw.length];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    out[(n * plane + p) * channels + c] = nchw[(n * channels + c) * plane + p];
                }
            }
        }
        return out;
    }

    private static double[] widen(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
