// GENERATED from PoolFloatSimdTest.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
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
class PoolDoubleSimdTest {
    private static final int L = PoolDoubleSimd.L;
    private static final double[] LEVELS = {-1.0, 0.0, -0.0, 2.0, 2.0, Double.NaN, 3.0, -0.0, 0.0};

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
    private static double[] values(SplittableRandom rng, int n, int nanEvery) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double level = LEVELS[rng.nextInt(LEVELS.length)];
            if (Double.isNaN(level) && (nanEvery == 0 || rng.nextInt(nanEvery) != 0)) {
                level = 1.0;
            }
            v[i] = rng.nextInt(4) == 0 ? (double) rng.nextGaussian() : level;
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
    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    @Test
    void maxForwardMatchesScalar() {
        forEachCase((g, rng, nanEvery) -> {
            double[] x = values(rng, g.planes() * g.inPlane(), nanEvery);
            int n = g.planes() * g.outPlane();
            double[] y0 = new double[n];
            double[] y1 = new double[n];
            double[] a0 = new double[n];
            double[] a1 = new double[n];
            PoolDouble.maxForward(g, x, y0, a0, false);
            PoolDouble.maxForward(g, x, y1, a1, true);
            assertArrayEquals(a0, a1, "argmax " + g);
            assertArrayEquals(bits(y0), bits(y1), "values " + g);
        });
    }

    @Test
    void maxScatterMatchesScalar() {
        forEachCase((g, rng, nanEvery) -> {
            double[] x = values(rng, g.planes() * g.inPlane(), nanEvery);
            int n = g.planes() * g.outPlane();
            double[] argmax = new double[n];
            PoolDouble.maxForward(g, x, new double[n], argmax, false);
            double[] gy = values(rng, n, 0);
            double[] gx0 = new double[x.length];
            double[] gx1 = new double[x.length];
            PoolDouble.maxScatter(g, gy, argmax, gx0, false);
            PoolDouble.maxScatter(g, gy, argmax, gx1, true);
            assertArrayEquals(bits(gx0), bits(gx1), g.toString());
        });
    }

    @Test
    void avgForwardAndBackwardMatchScalar() {
        forEachCase((g, rng, nanEvery) -> {
            double[] x = values(rng, g.planes() * g.inPlane(), nanEvery);
            int n = g.planes() * g.outPlane();
            double[] y0 = new double[n];
            double[] y1 = new double[n];
            PoolDouble.avgForward(g, x, y0, true, false);
            PoolDouble.avgForward(g, x, y1, true, true);
            assertArrayEquals(bits(y0), bits(y1), g.toString());
            double[] gy = values(rng, n, nanEvery);
            double[] gx0 = new double[x.length];
            double[] gx1 = new double[x.length];
            PoolDouble.avgBackward(g, gy, gx0, true, false);
            PoolDouble.avgBackward(g, gy, gx1, true, true);
            assertArrayEquals(bits(gx0), bits(gx1), g.toString());
        });
    }

    @Test
    void aNanWindowTakesItsLastNanAndATieItsFirstMaximum() {
        int outW = L + 1;
        PoolGeometry g = geometry(1, 1, outW, 0, 0);
        double[] x = new double[g.inPlane()];
        int w = g.inW();
        for (int ow = 0; ow < outW; ow++) {
            int j = 2 * ow;
            if (ow % 2 == 0) {   // a b / c d = NaN 5 / NaN 1: the last NaN is c
                x[j] = Double.NaN;
                x[j + 1] = 5;
                x[w + j] = Double.NaN;
                x[w + j + 1] = 1;
            } else {             // 4 7 / 7 7: the first 7 is b
                x[j] = 4;
                x[j + 1] = 7;
                x[w + j] = 7;
                x[w + j + 1] = 7;
            }
        }
        double[] y = new double[outW];
        double[] argmax = new double[outW];
        PoolDouble.maxForward(g, x, y, argmax, true);
        for (int ow = 0; ow < outW; ow++) {
            assertEquals(ow % 2 == 0 ? 2 : 1, argmax[ow], "tap of window " + ow);
            assertEquals(ow % 2 == 0 ? Double.NaN : 7.0, y[ow], "window " + ow);
        }
    }
}
