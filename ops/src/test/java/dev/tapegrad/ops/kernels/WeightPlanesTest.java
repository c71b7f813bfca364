package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The weight gradient over shifted phase planes ({@link WeightPlanesFloat}, {@link WeightPlanesDouble}): the
 * SIMD tile against its scalar reference bit for bit (pixel runs of 1 to 3 vectors, 1 to 3 images, every count
 * of rows and taps kept), and whole weight gradients over drawn geometries (batch 1-5, 1-9 channels in and out,
 * groups 1-3, kernels 1-5, stride 1-3, padding 0-2, dilation 1-2, inputs 1-13 wide, outputs down to 1×1)
 * against a float64 direct sum (and one whose batch spans blocks of several images and a shorter last block),
 * with results that do not depend on the thread count and an input infinity handed back (false) for im2col to
 * recompute. SIMD only: the planes are not used without the Vector API.
 */
class WeightPlanesTest {

    private static ConvGeometry geometry(int n, int groups, int cin, int cout, int h, int w, int kh, int kw, int s,
                                         int p, int d) {
        int oh = Math.floorDiv(h + 2 * p - d * (kh - 1) - 1, s) + 1;
        int ow = Math.floorDiv(w + 2 * p - d * (kw - 1) - 1, s) + 1;
        Assume.that(oh >= 1 && ow >= 1);
        return new ConvGeometry(n, cin * groups, h, w, cout * groups, oh, ow, kh, kw, s, s, p, p, d, d, groups);
    }

    /** gw by the definition, summed in float64. */
    private static double[] reference(ConvGeometry g, double[] x, double[] gy) {
        double[] gw = new double[g.weightSize()];
        int og = g.groupOut();
        int taps = g.kernelH() * g.kernelW();
        for (int o = 0; o < g.outChannels(); o++) {
            int grp = o / og;
            for (int r = 0; r < g.patch(); r++) {
                int c = grp * g.groupIn() + r / taps;
                int ki = r % taps / g.kernelW();
                int kj = r % g.kernelW();
                double sum = 0;
                for (int n = 0; n < g.batch(); n++) {
                    for (int oh = 0; oh < g.outH(); oh++) {
                        for (int ow = 0; ow < g.outW(); ow++) {
                            int ih = oh * g.strideH() + ki * g.dilationH() - g.padH();
                            int iw = ow * g.strideW() + kj * g.dilationW() - g.padW();
                            if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                                sum += gy[((n * g.outChannels() + o) * g.outH() + oh) * g.outW() + ow]
                                        * x[((n * g.inChannels() + c) * g.inH() + ih) * g.inW() + iw];
                            }
                        }
                    }
                }
                gw[o * g.patch() + r] = sum;
            }
        }
        return gw;
    }

    private static double[] gaussian(SplittableRandom rng, int n, boolean f32) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = f32 ? (float) rng.nextGaussian() : rng.nextGaussian();
        }
        return a;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    /** Bound on a sum's rounding error: a few ulps of the sum of absolute products, per dtype. */
    private static double[] tolerance(ConvGeometry g, double[] x, double[] gy, double eps) {
        double[] ax = x.clone();
        double[] agy = gy.clone();
        for (int i = 0; i < ax.length; i++) {
            ax[i] = Math.abs(ax[i]);
        }
        for (int i = 0; i < agy.length; i++) {
            agy[i] = Math.abs(agy[i]);
        }
        double[] t = reference(g, ax, agy);
        for (int i = 0; i < t.length; i++) {
            t[i] = 8 * eps * t[i] + 1e-30;
        }
        return t;
    }

    private static float[] floatGradient(ConvGeometry g, float[] x, float[] gy, int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            float[] gw = new float[g.weightSize()];
            java.util.Arrays.fill(gw, Float.NaN);
            assertTrue(WeightPlanesFloat.backwardWeight(g, x, gy, gw), "finite inputs give a result without NaN");
            return gw;
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Property(tries = 150)
    void weightGradientMatchesTheDefinition(@ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 3) int groups, @ForAll @IntRange(min = 1, max = 9) int cin,
            @ForAll @IntRange(min = 1, max = 9) int cout, @ForAll @IntRange(min = 1, max = 13) int h,
            @ForAll @IntRange(min = 1, max = 13) int w, @ForAll @IntRange(min = 1, max = 5) int kh,
            @ForAll @IntRange(min = 1, max = 5) int kw, @ForAll @IntRange(min = 1, max = 3) int s,
            @ForAll @IntRange(min = 0, max = 2) int p, @ForAll @IntRange(min = 1, max = 2) int d, @ForAll long seed) {
        Assume.that(Kernels.simd());
        ConvGeometry g = geometry(n, groups, cin, cout, h, w, kh, kw, s, p, d);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = gaussian(rng, n * g.inChannels() * g.inPlane(), true);
        double[] gy = gaussian(rng, n * g.outChannels() * g.outPlane(), true);
        double[] exact = reference(g, x, gy);

        float[] f1 = floatGradient(g, floats(x), floats(gy), 1);
        double[] tf = tolerance(g, x, gy, Math.ulp(1f));
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], f1[i], tf[i], "FLOAT32 gw[" + i + "] of " + g);
        }
        assertArrayEquals(f1, floatGradient(g, floats(x), floats(gy), 3), "FLOAT32 on 1 and 3 threads, " + g);

        double[] gd = new double[g.weightSize()];
        assertTrue(WeightPlanesDouble.backwardWeight(g, x, gy, gd));
        double[] td = tolerance(g, x, gy, Math.ulp(1.0));
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], gd[i], td[i], "FLOAT64 gw[" + i + "] of " + g);
        }
    }

    @Test
    void blocksOfFewerImagesThanTheBatchMatchTheDefinition() {
        Assume.that(Kernels.simd());
        // 16 -> 16 channels, 3×3 padded at 40×40: about 55 000 elements per image, so blocks of 2 images (the
        // images of a block stacked in one run) and a last block of 1, its stacked places left from the one before
        ConvGeometry g = geometry(5, 1, 16, 16, 40, 40, 3, 3, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = gaussian(rng, g.batch() * g.inChannels() * g.inPlane(), true);
        double[] gy = gaussian(rng, g.batch() * g.outChannels() * g.outPlane(), true);
        double[] exact = reference(g, x, gy);
        float[] f1 = floatGradient(g, floats(x), floats(gy), 1);
        double[] tf = tolerance(g, x, gy, Math.ulp(1f));
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], f1[i], tf[i], "FLOAT32 gw[" + i + "]");
        }
        assertArrayEquals(f1, floatGradient(g, floats(x), floats(gy), 2), "FLOAT32 on 1 and 2 threads");
    }

    @Property(tries = 200)
    void simdTileEqualsTheScalarTile(@ForAll @IntRange(min = 1, max = 3) int vectors,
            @ForAll @IntRange(min = 1, max = 3) int images, @ForAll @IntRange(min = 1, max = 4) int rows,
            @ForAll @IntRange(min = 1, max = 4) int taps, @ForAll @IntRange(min = 0, max = 40) int shift,
            @ForAll long seed) {
        Assume.that(Kernels.simd());
        SplittableRandom rng = new SplittableRandom(seed);
        int lanes = WeightPlanesSimdFloat.L;
        int len = vectors * lanes;
        int gs = len + rng.nextInt(3);
        int gi = 4 * gs + rng.nextInt(5);
        int xi = len + 41 + rng.nextInt(7);
        float[] gy = floats(gaussian(rng, images * gi + 1, true));
        float[] x = floats(gaussian(rng, images * xi + 1, true));
        int[] xo = {shift, rng.nextInt(41), rng.nextInt(41), rng.nextInt(41)};
        int ws = taps + rng.nextInt(3);
        float[] before = floats(gaussian(rng, 4 * ws + 2, true));
        float[] simd = before.clone();
        float[] scalar = before.clone();
        float[] acc = new float[16 * lanes];
        WeightPlanesSimdFloat.tile(gy, 1, gs, gi, x, xo[0], xo[1], xo[2], xo[3], xi, len, images, simd, 1, ws, rows,
                taps, acc);
        WeightPlanesFloat.tile(gy, 1, gs, gi, x, xo[0], xo[1], xo[2], xo[3], xi, len, images, scalar, 1, ws, rows,
                taps, lanes);
        assertArrayEquals(scalar, simd);
        for (int i = 0; i < simd.length; i++) {
            boolean kept = i >= 1 && (i - 1) / ws < rows && (i - 1) % ws < taps;
            if (!kept) {
                assertEquals(before[i], simd[i], 0f, "element " + i + " outside the rows and taps kept");
            }
        }
    }

    @Test
    void anInfiniteInputIsHandedBackForIm2col() {
        Assume.that(Kernels.simd());
        // 3×3 padded: the widened gradient's zero columns meet the infinity in the next row's first column
        ConvGeometry g = new ConvGeometry(1, 1, 4, 4, 1, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        float[] x = new float[16];
        float[] gy = new float[16];
        java.util.Arrays.fill(x, 1f);
        java.util.Arrays.fill(gy, 1f);
        x[4] = Float.POSITIVE_INFINITY;
        float[] gw = new float[9];
        assertTrue(!WeightPlanesFloat.backwardWeight(g, x, gy, gw), "a NaN result is reported");
        float[] viaConv = new float[9];
        ConvFloat.backwardWeight(ConvMethod.GEMM, g, x, gy, viaConv);
        float[] im2col = new float[9];
        for (int r = 0; r < 9; r++) {
            int ki = r / 3;
            int kj = r % 3;
            for (int oh = 0; oh < 4; oh++) {
                for (int ow = 0; ow < 4; ow++) {
                    int ih = oh + ki - 1;
                    int iw = ow + kj - 1;
                    if (ih >= 0 && ih < 4 && iw >= 0 && iw < 4) {
                        im2col[r] += gy[oh * 4 + ow] * x[ih * 4 + iw];
                    }
                }
            }
        }
        assertArrayEquals(im2col, viaConv, "GEMM recomputes by im2col: infinities, no NaN");
    }
}
