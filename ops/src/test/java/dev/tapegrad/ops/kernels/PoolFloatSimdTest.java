package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API rows of 2×2 stride-2 pooling against the scalar loops, bit for bit: output widths 0, 1,
 * L-1, L, L+1, 2L+1 for the lane count L (with even and odd input widths, so an uncovered last column and
 * row), values drawn from a few levels so that windows tie, and NaNs and signed zeros sprinkled in.
 */
class PoolFloatSimdTest {
    private static final int L = PoolFloatSimd.L;
    private static final float[] LEVELS = {-1f, 0f, -0f, 2f, 2f, Float.NaN, 3f, -0f, 0f};

    @Test
    void runsTheVectorPathWhenTheModuleIsPresent() {
        assertTrue(Kernels.simd(), "tests run with --add-modules jdk.incubator.vector");
    }

    private static int[] outWidths() {
        return new int[] {0, 1, L - 1, L, L + 1, 2 * L + 1};
    }

    private static PoolGeometry geometry(int planes, int outH, int outW, int extraH, int extraW) {
        return new PoolGeometry(planes, 2 * outH + extraH, 2 * outW + extraW, outH, outW, 2, 2, 2, 2, 0, 0, 1, 1);
    }

    /** Values mostly from LEVELS (ties, ±0, NaN where nanEvery > 0), some random. */
    private static float[] values(SplittableRandom rng, int n, int nanEvery) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            float level = LEVELS[rng.nextInt(LEVELS.length)];
            if (Float.isNaN(level) && (nanEvery == 0 || rng.nextInt(nanEvery) != 0)) {
                level = 1f;
            }
            v[i] = rng.nextInt(4) == 0 ? (float) rng.nextGaussian() : level;
        }
        return v;
    }

    private static void forEachCase(CaseBody body) {
        SplittableRandom rng = new SplittableRandom(7);
        for (int outW : outWidths()) {
            for (int outH : new int[] {1, 3}) {
                for (int extraH = 0; extraH <= 1; extraH++) {
                    for (int extraW = 0; extraW <= 1; extraW++) {
                        for (int nanEvery : new int[] {0, 1, 7}) {
                            body.run(geometry(2, outH, outW, extraH, extraW), rng, nanEvery);
                        }
                    }
                }
            }
        }
    }

    private interface CaseBody {
        void run(PoolGeometry g, SplittableRandom rng, int nanEvery);
    }

    /** Raw bits (NaN payloads and signed zeros included), widened to long for both dtypes. */
    private static long[] bits(float[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    @Test
    void maxForwardMatchesScalar() {
        forEachCase((g, rng, nanEvery) -> {
            float[] x = values(rng, g.planes() * g.inPlane(), nanEvery);
            int n = g.planes() * g.outPlane();
            float[] y0 = new float[n];
            float[] y1 = new float[n];
            float[] a0 = new float[n];
            float[] a1 = new float[n];
            PoolFloat.maxForward(g, x, y0, a0, false);
            PoolFloat.maxForward(g, x, y1, a1, true);
            assertArrayEquals(a0, a1, "argmax " + g);
            assertArrayEquals(bits(y0), bits(y1), "values " + g);
        });
    }

    @Test
    void maxScatterMatchesScalar() {
        forEachCase((g, rng, nanEvery) -> {
            float[] x = values(rng, g.planes() * g.inPlane(), nanEvery);
            int n = g.planes() * g.outPlane();
            float[] argmax = new float[n];
            PoolFloat.maxForward(g, x, new float[n], argmax, false);
            float[] gy = values(rng, n, 0);
            float[] gx0 = new float[x.length];
            float[] gx1 = new float[x.length];
            PoolFloat.maxScatter(g, gy, argmax, gx0, false);
            PoolFloat.maxScatter(g, gy, argmax, gx1, true);
            assertArrayEquals(bits(gx0), bits(gx1), g.toString());
        });
    }

    @Test
    void avgForwardAndBackwardMatchScalar() {
        forEachCase((g, rng, nanEvery) -> {
            float[] x = values(rng, g.planes() * g.inPlane(), nanEvery);
            int n = g.planes() * g.outPlane();
            float[] y0 = new float[n];
            float[] y1 = new float[n];
            PoolFloat.avgForward(g, x, y0, true, false);
            PoolFloat.avgForward(g, x, y1, true, true);
            assertArrayEquals(bits(y0), bits(y1), g.toString());
            float[] gy = values(rng, n, nanEvery);
            float[] gx0 = new float[x.length];
            float[] gx1 = new float[x.length];
            PoolFloat.avgBackward(g, gy, gx0, true, false);
            PoolFloat.avgBackward(g, gy, gx1, true, true);
            assertArrayEquals(bits(gx0), bits(gx1), g.toString());
        });
    }

    @Test
    void aNanWindowTakesItsLastNanAndATieItsFirstMaximum() {
        int outW = L + 1;
        PoolGeometry g = geometry(1, 1, outW, 0, 0);
        float[] x = new float[g.inPlane()];
        int w = g.inW();
        for (int ow = 0; ow < outW; ow++) {
            int j = 2 * ow;
            if (ow % 2 == 0) {   // a b / c d = NaN 5 / NaN 1: the last NaN is c
                x[j] = Float.NaN;
                x[j + 1] = 5;
                x[w + j] = Float.NaN;
                x[w + j + 1] = 1;
            } else {             // 4 7 / 7 7: the first 7 is b
                x[j] = 4;
                x[j + 1] = 7;
                x[w + j] = 7;
                x[w + j + 1] = 7;
            }
        }
        float[] y = new float[outW];
        float[] argmax = new float[outW];
        PoolFloat.maxForward(g, x, y, argmax, true);
        for (int ow = 0; ow < outW; ow++) {
            assertEquals(ow % 2 == 0 ? 2 : 1, argmax[ow], "tap of window " + ow);
            assertEquals(ow % 2 == 0 ? Float.NaN : 7f, y[ow], "window " + ow);
        }
    }
}
