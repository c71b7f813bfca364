package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API tap loops against their scalar references at every length up to 4·16 + 2 (all tails
 * of the 4-vector unrolled loop for up to 16 lanes, so 0, 1, L-1, L, L+1 for any lane count L ≤ 16) and
 * a few long ones. taps uses fused multiply-adds in the same order in both, so results are identical.
 */
class ConvTapLoopsTest {
    private static final int[] OFFSETS = {0, 1, 2, 7, 8, 9, 14, 15, 16};

    @Test
    void runsTheVectorPathWhenTheModuleIsPresent() {
        assertTrue(TapLoops.SIMD, "tests run with --add-modules jdk.incubator.vector");
    }

    private static int[] lengths() {
        int[] lens = new int[70];
        for (int i = 0; i < 67; i++) {
            lens[i] = i;
        }
        lens[67] = 127;
        lens[68] = 128;
        lens[69] = 1000;
        return lens;
    }

    @Test
    void floatTapsMatchScalar() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int len : lengths()) {
            float[] src = new float[len + 40];
            float[] w = new float[OFFSETS.length + 2];
            float[] acc = new float[len + 3];
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < acc.length; i++) {
                acc[i] = (float) rng.nextGaussian();
            }
            float[] expected = acc.clone();
            TapLoops.tapsScalar(expected, 3, 0, len, src, 5, OFFSETS, w, 2);
            TapLoops.taps(acc, 3, len, src, 5, OFFSETS, w, 2);
            assertArrayEquals(expected, acc, "length " + len);
        }
    }

    @Test
    void doubleTapsMatchScalar() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int len : lengths()) {
            double[] src = rng.doubles(len + 40).toArray();
            double[] w = rng.doubles(OFFSETS.length + 2).toArray();
            double[] acc = rng.doubles(len + 3).toArray();
            double[] expected = acc.clone();
            TapLoops.tapsScalar(expected, 3, 0, len, src, 5, OFFSETS, w, 2);
            TapLoops.taps(acc, 3, len, src, 5, OFFSETS, w, 2);
            assertArrayEquals(expected, acc, "length " + len);
        }
    }

    @Test
    void dotsMatchScalar() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int len : lengths()) {
            float[] a = new float[len + 1];
            float[] b = new float[len + 40];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rng.nextGaussian();
            }
            double[] ad = new double[a.length];
            double[] bd = new double[b.length];
            for (int i = 0; i < a.length; i++) {
                ad[i] = a[i];
            }
            for (int i = 0; i < b.length; i++) {
                bd[i] = b[i];
            }
            float[] out = new float[OFFSETS.length + 1];
            double[] outD = new double[OFFSETS.length + 1];
            TapLoops.dots(a, 1, b, 3, OFFSETS, len, out, 1);
            TapLoops.dots(ad, 1, bd, 3, OFFSETS, len, outD, 1);
            assertEquals(0f, out[0]);
            for (int t = 0; t < OFFSETS.length; t++) {
                double exact = 0;
                for (int i = 0; i < len; i++) {
                    exact += (double) a[1 + i] * b[3 + OFFSETS[t] + i];
                }
                assertEquals(exact, out[t + 1], 1e-5 * (len + 1), "float dot " + t + " length " + len);
                assertEquals(exact, outD[t + 1], 1e-12 * (len + 1), "double dot " + t + " length " + len);
                assertEquals(TapLoops.dotScalar(a, 1, b, 3 + OFFSETS[t], len), TapLoops.dot(a, 1, b, 3 + OFFSETS[t], len),
                        1e-5 * (len + 1), "dot vs scalar, length " + len);
            }
        }
    }

    /** copyRows equals a row-by-row copy at widths 0 to 40 (0, 1, L-1, L, L+1 for L ≤ 32), nothing else written. */
    @Test
    void copyRowsMatchesRowCopies() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int width = 0; width <= 40; width++) {
            double[] src = rng.doubles(5 * 45 + 7).toArray();
            float[] fsrc = toFloat(src);
            double[] dst = rng.doubles(5 * 43 + 50).toArray();
            float[] fdst = toFloat(dst);
            double[] expected = dst.clone();
            float[] fexpected = fdst.clone();
            for (int r = 0; r < 5; r++) {
                System.arraycopy(src, 7 + r * 45, expected, 3 + r * 43, width);
                System.arraycopy(fsrc, 7 + r * 45, fexpected, 3 + r * 43, width);
            }
            TapLoops.copyRows(src, 7, 45, dst, 3, 43, 5, width);
            TapLoops.copyRows(fsrc, 7, 45, fdst, 3, 43, 5, width);
            assertArrayEquals(expected, dst, "width " + width);
            assertArrayEquals(fexpected, fdst, "width " + width);
        }
    }

    /**
     * The direct forward of narrow-output layers (LeNet's 6→16 5×5 at 14×14, computed over column planes) against
     * the definition in float64, with padding, dilation and groups.
     */
    @Test
    void narrowDirectForwardMatchesTheDefinition() {
        ConvGeometry[] shapes = {
            new ConvGeometry(2, 6, 14, 14, 16, 10, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1),
            new ConvGeometry(1, 4, 9, 11, 6, 7, 9, 3, 5, 1, 1, 1, 2, 2, 1, 2),
            new ConvGeometry(3, 1, 8, 8, 5, 4, 4, 5, 5, 1, 1, 0, 0, 1, 1, 1)};
        SplittableRandom rng = new SplittableRandom(10);
        for (ConvGeometry g : shapes) {
            // float values, so that both dtypes compute the same products
            double[] x = toDouble(toFloat(rng.doubles(g.batch() * g.inChannels() * g.inPlane(), -1, 1).toArray()));
            double[] w = toDouble(toFloat(rng.doubles(g.weightSize(), -1, 1).toArray()));
            double[] bias = toDouble(toFloat(rng.doubles(g.outChannels(), -1, 1).toArray()));
            float[] y = new float[g.batch() * g.outChannels() * g.outPlane()];
            double[] yd = new double[y.length];
            for (int n = 0; n < g.batch(); n++) {
                DirectConvFloat.forward(g, toFloat(x), n * g.inChannels() * g.inPlane(), toFloat(w), toFloat(bias), y,
                        n * g.outChannels() * g.outPlane());
                DirectConvDouble.forward(g, x, n * g.inChannels() * g.inPlane(), w, bias, yd,
                        n * g.outChannels() * g.outPlane());
            }
            for (int n = 0; n < g.batch(); n++) {
                for (int o = 0; o < g.outChannels(); o++) {
                    for (int oh = 0; oh < g.outH(); oh++) {
                        for (int ow = 0; ow < g.outW(); ow++) {
                            double sum = bias[o];
                            int grp = o / g.groupOut();
                            for (int c = 0; c < g.groupIn(); c++) {
                                for (int ki = 0; ki < g.kernelH(); ki++) {
                                    for (int kj = 0; kj < g.kernelW(); kj++) {
                                        int ih = oh + ki * g.dilationH() - g.padH();
                                        int iw = ow + kj * g.dilationW() - g.padW();
                                        if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) {
                                            continue;
                                        }
                                        int xi = ((n * g.inChannels() + grp * g.groupIn() + c) * g.inH() + ih) * g.inW() + iw;
                                        int wi = ((o * g.groupIn() + c) * g.kernelH() + ki) * g.kernelW() + kj;
                                        sum += x[xi] * w[wi];
                                    }
                                }
                            }
                            int yi = ((n * g.outChannels() + o) * g.outH() + oh) * g.outW() + ow;
                            assertEquals(sum, y[yi], 1e-4, "FLOAT32 y[" + yi + "] of " + g);
                            assertEquals(sum, yd[yi], 1e-12, "FLOAT64 y[" + yi + "] of " + g);
                        }
                    }
                }
            }
        }
    }

    /**
     * tapsRows for 0 to 14 rows (the 6-row kernel and its 5-row form, the 4-row kernel, its 2- and 3-row forms and
     * single rows) equals row-by-row tapsScalar.
     */
    @Test
    void tapRowsMatchScalar() {
        SplittableRandom rng = new SplittableRandom(6);
        for (int rows = 0; rows <= 14; rows++) {
            for (int len : lengths()) {
                int stride = len + 5;
                double[] src = rng.doubles(len + 40).toArray();
                double[] w = rng.doubles(rows * 11 + 2).toArray();
                double[] acc = rng.doubles(rows * stride + 3).toArray();
                float[] fsrc = toFloat(src);
                float[] fw = toFloat(w);
                float[] facc = toFloat(acc);
                double[] expected = acc.clone();
                float[] fexpected = facc.clone();
                for (int r = 0; r < rows; r++) {
                    TapLoops.tapsScalar(expected, 3 + r * stride, 0, len, src, 5, OFFSETS, w, 2 + r * 11);
                    TapLoops.tapsScalar(fexpected, 3 + r * stride, 0, len, fsrc, 5, OFFSETS, fw, 2 + r * 11);
                }
                TapLoops.tapsRows(acc, 3, stride, rows, len, src, 5, OFFSETS, w, 2, 11);
                TapLoops.tapsRows(facc, 3, stride, rows, len, fsrc, 5, OFFSETS, fw, 2, 11);
                assertArrayEquals(expected, acc, rows + " rows, length " + len);
                assertArrayEquals(fexpected, facc, rows + " rows, length " + len);
            }
        }
    }

    /** dotsRows for 0 to 9 rows (2 × 4 and 2 × 1 blocks, single rows) against exact dots; 9 taps leave one over. */
    @Test
    void dotRowsMatchScalar() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int rows = 0; rows <= 9; rows++) {
            for (int len : lengths()) {
                int stride = len + 5;
                double[] a = rng.doubles(rows * stride + 2).toArray();
                double[] b = rng.doubles(len + 40).toArray();
                float[] fa = toFloat(a);
                float[] fb = toFloat(b);
                int outStride = OFFSETS.length + 2;
                double[] out = new double[rows * outStride + 1];
                float[] fout = new float[out.length];
                TapLoops.dotsRows(a, 2, stride, rows, b, 3, OFFSETS, len, out, 1, outStride);
                TapLoops.dotsRows(fa, 2, stride, rows, fb, 3, OFFSETS, len, fout, 1, outStride);
                for (int r = 0; r < rows; r++) {
                    for (int t = 0; t < OFFSETS.length; t++) {
                        double exact = 0;
                        double exactF = 0;
                        for (int i = 0; i < len; i++) {
                            exact += a[2 + r * stride + i] * b[3 + OFFSETS[t] + i];
                            exactF += (double) fa[2 + r * stride + i] * fb[3 + OFFSETS[t] + i];
                        }
                        int o = 1 + r * outStride + t;
                        assertEquals(exact, out[o], 1e-12 * (len + 1), "double, row " + r + " tap " + t + " length " + len);
                        assertEquals(exactF, fout[o], 1e-5 * (len + 1), "float, row " + r + " tap " + t + " length " + len);
                    }
                    assertEquals(0.0, out[1 + r * outStride + OFFSETS.length], "row " + r + " past its taps");
                }
                assertEquals(0.0, out[0]);
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void addsMatchScalar() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int len : lengths()) {
            double[] src = rng.doubles(len + 4).toArray();
            double[] dst = rng.doubles(len + 3).toArray();
            float[] fsrc = new float[src.length];
            float[] fdst = new float[dst.length];
            for (int i = 0; i < src.length; i++) {
                fsrc[i] = (float) src[i];
            }
            for (int i = 0; i < dst.length; i++) {
                fdst[i] = (float) dst[i];
            }
            double[] expected = dst.clone();
            float[] fexpected = fdst.clone();
            TapLoops.addScalar(src, 4, expected, 3, 0, len);
            TapLoops.add(src, 4, dst, 3, len);
            TapLoops.addScalar(fsrc, 4, fexpected, 3, 0, len);
            TapLoops.add(fsrc, 4, fdst, 3, len);
            assertArrayEquals(expected, dst, "double, length " + len);
            assertArrayEquals(fexpected, fdst, "float, length " + len);
        }
    }

    @Test
    void sumsMatchScalar() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int len : lengths()) {
            double[] d = rng.doubles(len + 2).toArray();
            float[] f = new float[d.length];
            double exact = 0;
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            for (int i = 0; i < len; i++) {
                exact += f[1 + i];
            }
            assertEquals(exact, TapLoops.sum(f, 1, len), 1e-5 * (len + 1), "float sum, length " + len);
            assertEquals(TapLoops.sumScalar(f, 1, len), TapLoops.sum(f, 1, len), 1e-5 * (len + 1), "length " + len);
            assertEquals(TapLoops.sumScalar(d, 1, len), TapLoops.sum(d, 1, len), 1e-12 * (len + 1), "length " + len);
        }
    }
}
