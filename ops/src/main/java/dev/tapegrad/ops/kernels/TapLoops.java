package dev.tapegrad.ops.kernels;

/**
 * The two inner loops of the direct convolution, with a plain scalar reference and a Vector API version
 * ({@link TapLoopsSimdFloat}, {@link TapDotsSimdFloat} and, for the grids of strided rows, {@link TapLoopsGridSimdFloat}
 * and {@link TapLoopsGrid4SimdFloat}, with their generated FLOAT64 twins: loaded only when the jdk.incubator.vector
 * module is present):
 * <ul>
 *   <li>{@code taps}: acc[accOff + i] += Σ_t w[wOff + t] · src[base + offsets[t] + i] for i in [0, len),
 *       the taps applied in order with fused multiply-adds, so both versions give identical results;</li>
 *   <li>{@code dot}: Σ_i a[aOff + i] · b[bOff + i] (the SIMD version sums in lanes, so the rounding differs),
 *       and {@code dots}, one dot per tap offset, four at a time sharing each load.</li>
 * </ul>
 */
public final class TapLoops {
    private TapLoops() {}

    /** True when the Vector API is present and the SIMD loops are used. */
    public static final boolean SIMD = Kernels.simd();

    /** Lanes of the FLOAT32 SIMD loops' vectors (1 without the Vector API). */
    public static int floatLanes() {
        return SIMD ? TapLoopsSimdFloat.lanes() : 1;
    }

    /** Lanes of the FLOAT64 SIMD loops' vectors (1 without the Vector API). */
    public static int doubleLanes() {
        return SIMD ? TapLoopsSimdDouble.lanes() : 1;
    }

    public static void taps(float[] acc, int accOff, int len, float[] src, int base, int[] offsets, float[] w, int wOff) {
        if (SIMD) {
            TapLoopsSimdFloat.taps(acc, accOff, len, src, base, offsets, w, wOff);
        } else {
            tapsScalar(acc, accOff, 0, len, src, base, offsets, w, wOff);
        }
    }

    public static void taps(double[] acc, int accOff, int len, double[] src, int base, int[] offsets, double[] w,
                            int wOff) {
        if (SIMD) {
            TapLoopsSimdDouble.taps(acc, accOff, len, src, base, offsets, w, wOff);
        } else {
            tapsScalar(acc, accOff, 0, len, src, base, offsets, w, wOff);
        }
    }

    /**
     * {@code taps} for several rows at once that share the source: for r in [0, rows),
     * acc[accOff + r·accStride + i] += Σ_t w[wOff + r·wStride + t] · src[base + offsets[t] + i], each row with
     * the same fma order as {@code taps}, so that results are identical; the SIMD version loads each source
     * vector once for up to four rows, or six while the rows left are five or more and not a multiple of four (six
     * rows as one block of six, not 4 + 4 with two computed twice: LeNet's 16→6 5×5 input gradient at 14×14, batch
     * 64, 1 thread CPU ms, min of 400, three runs alternating, 0.95-1.02 before, 0.70-0.77 after).
     */
    public static void tapsRows(float[] acc, int accOff, int accStride, int rows, int len, float[] src, int base,
                                int[] offsets, float[] w, int wOff, int wStride) {
        int r = 0;
        if (SIMD) {
            for (; rows - r >= 5 && (rows - r) % 4 != 0; r += 6) {
                TapLoopsSimdFloat.taps6(acc, accOff + r * accStride, accStride, Math.min(6, rows - r), len, src, base, offsets,
                        w, wOff + r * wStride, wStride);
            }
            for (; r + 2 <= rows; r += 4) {
                TapLoopsSimdFloat.taps4(acc, accOff + r * accStride, accStride, Math.min(4, rows - r), len, src, base, offsets,
                        w, wOff + r * wStride, wStride);
            }
        }
        for (; r < rows; r++) {
            taps(acc, accOff + r * accStride, len, src, base, offsets, w, wOff + r * wStride);
        }
    }

    public static void tapsRows(double[] acc, int accOff, int accStride, int rows, int len, double[] src, int base,
                                int[] offsets, double[] w, int wOff, int wStride) {
        int r = 0;
        if (SIMD) {
            for (; rows - r >= 5 && (rows - r) % 4 != 0; r += 6) {
                TapLoopsSimdDouble.taps6(acc, accOff + r * accStride, accStride, Math.min(6, rows - r), len, src, base, offsets,
                        w, wOff + r * wStride, wStride);
            }
            for (; r + 2 <= rows; r += 4) {
                TapLoopsSimdDouble.taps4(acc, accOff + r * accStride, accStride, Math.min(4, rows - r), len, src, base, offsets,
                        w, wOff + r * wStride, wStride);
            }
        }
        for (; r < rows; r++) {
            taps(acc, accOff + r * accStride, len, src, base, offsets, w, wOff + r * wStride);
        }
    }

    public static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        return SIMD ? TapDotsSimdFloat.dot(a, aOff, b, bOff, len) : dotScalar(a, aOff, b, bOff, len);
    }

    public static double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        return SIMD ? TapDotsSimdDouble.dot(a, aOff, b, bOff, len) : dotScalar(a, aOff, b, bOff, len);
    }

    /** out[outOff + t] += Σ_i a[aOff + i] · b[base + offsets[t] + i] for every tap t: the dots of one gradient plane. */
    public static void dots(float[] a, int aOff, float[] b, int base, int[] offsets, int len, float[] out, int outOff) {
        int t = 0;
        if (SIMD) {
            for (; t + 4 <= offsets.length; t += 4) {
                TapDotsSimdFloat.dots4(a, aOff, b, base, offsets, t, len, out, outOff + t);
            }
        }
        for (; t < offsets.length; t++) {
            out[outOff + t] += dot(a, aOff, b, base + offsets[t], len);
        }
    }

    /** out[outOff + t] += Σ_i a[aOff + i] · b[base + offsets[t] + i] for every tap t: the dots of one gradient plane. */
    public static void dots(double[] a, int aOff, double[] b, int base, int[] offsets, int len, double[] out, int outOff) {
        int t = 0;
        if (SIMD) {
            for (; t + 4 <= offsets.length; t += 4) {
                TapDotsSimdDouble.dots4(a, aOff, b, base, offsets, t, len, out, outOff + t);
            }
        }
        for (; t < offsets.length; t++) {
            out[outOff + t] += dot(a, aOff, b, base + offsets[t], len);
        }
    }

    /**
     * {@code taps} over an h × width grid of strided rows, from a constant: acc[accOff + y·accStride + i] =
     * init + Σ_t w[wOff + t] · src[base + y·srcStride + offsets[t] + i] (fused multiply-adds in tap order, as
     * {@link #tapsScalar} from an accumulator holding init, so both versions give identical results). The direct
     * convolution writes its output rows in place with it, instead of padded-width rows copied out afterwards.
     */
    public static void tapsGrid(float[] acc, int accOff, int accStride, int h, int width, float[] src, int base,
                                int srcStride, int[] offsets, float[] w, int wOff, float init) {
        if (SIMD) {
            TapLoopsGridSimdFloat.tapsGrid(acc, accOff, accStride, h, width, src, base, srcStride, offsets, w, wOff, init);
        } else {
            tapsGridScalar(acc, accOff, accStride, h, width, src, base, srcStride, offsets, w, wOff, init);
        }
    }

    public static void tapsGrid(double[] acc, int accOff, int accStride, int h, int width, double[] src, int base,
                                int srcStride, int[] offsets, double[] w, int wOff, double init) {
        if (SIMD) {
            TapLoopsGridSimdDouble.tapsGrid(acc, accOff, accStride, h, width, src, base, srcStride, offsets, w, wOff, init);
        } else {
            tapsGridScalar(acc, accOff, accStride, h, width, src, base, srcStride, offsets, w, wOff, init);
        }
    }

    /**
     * {@code tapsGrid} for several output planes sharing the source, as {@code tapsRows} does on flat rows: for
     * r in [0, rows), plane r at accOff + r·planeStride = init[initOff + r] (zero when init is null) + Σ_t
     * w[wOff + r·wStride + t] · src[...], each with the fma order of {@code tapsScalar}, so results are identical.
     * The SIMD version takes blocks of six rows while five or more are left (but for eight, 4 + 4) and rows are
     * wider than a vector (else its six rows run as 4 + 4 in single vectors), then of four:
     * ResNet's 16-channel 3×3 layers at 28×28, batch 64, as 6 + 6 + 4 instead of four blocks of four, 1 thread CPU
     * ms, min of 60, three runs alternating: forward 3.29-3.42 before, 3.20-3.34 after; input gradient 3.26-3.42
     * before, 3.19-3.24 after. Blocks of eight rows come first where eight are left or fourteen and more (16 = 8 + 8,
     * each source load shared by eight rows): the same layers, min of 120, in one JVM alternating with 6 + 6 + 4,
     * forward 2.46 → 2.12 ms, input gradient 2.40 → 2.13.
     */
    public static void tapsRowsGrid(float[] acc, int accOff, int accStride, int planeStride, int rows, int h, int width,
                                    float[] src, int base, int srcStride, int[] offsets, float[] w, int wOff, int wStride,
                                    float[] init, int initOff) {
        int r = 0;
        if (SIMD) {
            for (; width > TapLoopsSimdFloat.lanes() && (rows - r == 8 || rows - r >= 14); r += 8) {
                TapLoopsGridSimdFloat.taps8Grid(acc, accOff + r * planeStride, accStride, planeStride, h, width, src, base,
                        srcStride, offsets, w, wOff + r * wStride, wStride, init, initOff + r);
            }
            for (; width > TapLoopsSimdFloat.lanes() && rows - r >= 5 && rows - r != 8; r += 6) {
                TapLoopsGridSimdFloat.taps6Grid(acc, accOff + r * planeStride, accStride, planeStride, Math.min(6, rows - r), h,
                        width, src, base, srcStride, offsets, w, wOff + r * wStride, wStride, init, initOff + r);
            }
            for (; r + 2 <= rows; r += 4) {
                TapLoopsGrid4SimdFloat.taps4Grid(acc, accOff + r * planeStride, accStride, planeStride, Math.min(4, rows - r), h,
                        width, src, base, srcStride, offsets, w, wOff + r * wStride, wStride, init, initOff + r);
            }
        }
        for (; r < rows; r++) {
            tapsGrid(acc, accOff + r * planeStride, accStride, h, width, src, base, srcStride, offsets, w,
                    wOff + r * wStride, init == null ? 0f : init[initOff + r]);
        }
    }

    public static void tapsRowsGrid(double[] acc, int accOff, int accStride, int planeStride, int rows, int h, int width,
                                    double[] src, int base, int srcStride, int[] offsets, double[] w, int wOff, int wStride,
                                    double[] init, int initOff) {
        int r = 0;
        if (SIMD) {
            for (; width > TapLoopsSimdDouble.lanes() && (rows - r == 8 || rows - r >= 14); r += 8) {
                TapLoopsGridSimdDouble.taps8Grid(acc, accOff + r * planeStride, accStride, planeStride, h, width, src, base,
                        srcStride, offsets, w, wOff + r * wStride, wStride, init, initOff + r);
            }
            for (; width > TapLoopsSimdDouble.lanes() && rows - r >= 5 && rows - r != 8; r += 6) {
                TapLoopsGridSimdDouble.taps6Grid(acc, accOff + r * planeStride, accStride, planeStride, Math.min(6, rows - r), h,
                        width, src, base, srcStride, offsets, w, wOff + r * wStride, wStride, init, initOff + r);
            }
            for (; r + 2 <= rows; r += 4) {
                TapLoopsGrid4SimdDouble.taps4Grid(acc, accOff + r * planeStride, accStride, planeStride, Math.min(4, rows - r), h,
                        width, src, base, srcStride, offsets, w, wOff + r * wStride, wStride, init, initOff + r);
            }
        }
        for (; r < rows; r++) {
            tapsGrid(acc, accOff + r * planeStride, accStride, h, width, src, base, srcStride, offsets, w,
                    wOff + r * wStride, init == null ? 0.0 : init[initOff + r]);
        }
    }

    /** Scalar reference of {@code tapsGrid}. */
    public static void tapsGridScalar(float[] acc, int accOff, int accStride, int h, int width, float[] src, int base,
                                      int srcStride, int[] offsets, float[] w, int wOff, float init) {
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(acc, accOff + y * accStride, accOff + y * accStride + width, init);
            tapsScalar(acc, accOff + y * accStride, 0, width, src, base + y * srcStride, offsets, w, wOff);
        }
    }

    public static void tapsGridScalar(double[] acc, int accOff, int accStride, int h, int width, double[] src, int base,
                                      int srcStride, int[] offsets, double[] w, int wOff, double init) {
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(acc, accOff + y * accStride, accOff + y * accStride + width, init);
            tapsScalar(acc, accOff + y * accStride, 0, width, src, base + y * srcStride, offsets, w, wOff);
        }
    }

    /**
     * {@code dots} over an h × width grid of strided rows: out[outOff + t] += Σ_y Σ_i a[aOff + y·aStride + i] ·
     * b[base + y·bStride + offsets[t] + i] for every tap t (the SIMD version sums in lanes over the whole grid, four
     * taps at a time, so the rounding differs). The weight gradient of one channel without a padded copy of a.
     */
    public static void dotsGrid(float[] a, int aOff, int aStride, int h, int width, float[] b, int base, int bStride,
                                int[] offsets, float[] out, int outOff) {
        if (SIMD) {
            // balanced passes of up to four taps (9 taps: 3 + 3 + 3, not 4 + 4 + 1)
            int passes = (offsets.length + 3) / 4;
            for (int p = 0; p < passes; p++) {
                int t0 = p * offsets.length / passes;
                int t1 = (p + 1) * offsets.length / passes;
                TapDotsSimdFloat.dotsGrid(a, aOff, aStride, h, width, b, base, bStride, offsets, t0, t1 - t0, out, outOff);
            }
            return;
        }
        for (int y = 0; y < h; y++) {
            for (int t = 0; t < offsets.length; t++) {
                out[outOff + t] += dotScalar(a, aOff + y * aStride, b, base + y * bStride + offsets[t], width);
            }
        }
    }

    public static void dotsGrid(double[] a, int aOff, int aStride, int h, int width, double[] b, int base, int bStride,
                                int[] offsets, double[] out, int outOff) {
        if (SIMD) {
            // balanced passes of up to four taps (9 taps: 3 + 3 + 3, not 4 + 4 + 1)
            int passes = (offsets.length + 3) / 4;
            for (int p = 0; p < passes; p++) {
                int t0 = p * offsets.length / passes;
                int t1 = (p + 1) * offsets.length / passes;
                TapDotsSimdDouble.dotsGrid(a, aOff, aStride, h, width, b, base, bStride, offsets, t0, t1 - t0, out, outOff);
            }
            return;
        }
        for (int y = 0; y < h; y++) {
            for (int t = 0; t < offsets.length; t++) {
                out[outOff + t] += dotScalar(a, aOff + y * aStride, b, base + y * bStride + offsets[t], width);
            }
        }
    }

    /**
     * dst[dOff + i] = src[sOff + i] for i in [0, len), src and dst distinct: for the short rows of the direct
     * convolution's padded planes, where each System.arraycopy (a call into a copy stub) costs several times the
     * copy of a 32-element row in vectors.
     */
    public static void copy(float[] src, int sOff, float[] dst, int dOff, int len) {
        if (SIMD) {
            TapLoopsSimdFloat.copy(src, sOff, dst, dOff, len);
        } else {
            System.arraycopy(src, sOff, dst, dOff, len);
        }
    }

    public static void copy(double[] src, int sOff, double[] dst, int dOff, int len) {
        if (SIMD) {
            TapLoopsSimdDouble.copy(src, sOff, dst, dOff, len);
        } else {
            System.arraycopy(src, sOff, dst, dOff, len);
        }
    }

    /**
     * dst[dOff + r·dStride + j] = src[sOff + r·sStride + j] for r &lt; rows, j &lt; width: a block of short rows, each
     * one masked vector (the mask made once) where a copy call per row would cost more than the copy.
     */
    public static void copyRows(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride, int rows,
                                int width) {
        if (SIMD) {
            TapLoopsSimdFloat.copyRows(src, sOff, sStride, dst, dOff, dStride, rows, width);
            return;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, sOff + r * sStride, dst, dOff + r * dStride, width);
        }
    }

    public static void copyRows(double[] src, int sOff, int sStride, double[] dst, int dOff, int dStride, int rows,
                                int width) {
        if (SIMD) {
            TapLoopsSimdDouble.copyRows(src, sOff, sStride, dst, dOff, dStride, rows, width);
            return;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, sOff + r * sStride, dst, dOff + r * dStride, width);
        }
    }

    /** dst[dOff + i] += src[sOff + i] for i in [0, len) (one rounding per element: both versions agree). */
    public static void add(float[] src, int sOff, float[] dst, int dOff, int len) {
        if (SIMD) {
            TapLoopsSimdFloat.add(src, sOff, dst, dOff, len);
        } else {
            addScalar(src, sOff, dst, dOff, 0, len);
        }
    }

    public static void add(double[] src, int sOff, double[] dst, int dOff, int len) {
        if (SIMD) {
            TapLoopsSimdDouble.add(src, sOff, dst, dOff, len);
        } else {
            addScalar(src, sOff, dst, dOff, 0, len);
        }
    }

    /** Scalar reference of {@code add} over i in [from, to); also the SIMD version's tail. */
    public static void addScalar(float[] src, int sOff, float[] dst, int dOff, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[dOff + i] += src[sOff + i];
        }
    }

    public static void addScalar(double[] src, int sOff, double[] dst, int dOff, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[dOff + i] += src[sOff + i];
        }
    }

    /**
     * {@code dots} for several rows of a sharing b: out[outOff + r·outStride + t] += Σ_i a[aOff + r·aStride + i] ·
     * b[base + offsets[t] + i] for r in [0, rows) and every tap t (the SIMD version sums in lanes, two rows
     * and four taps at a time).
     */
    public static void dotsRows(float[] a, int aOff, int aStride, int rows, float[] b, int base, int[] offsets, int len,
                                float[] out, int outOff, int outStride) {
        int r = 0;
        if (SIMD) {
            for (; r + 2 <= rows; r += 2) {
                int ar = aOff + r * aStride;
                int or = outOff + r * outStride;
                int t = 0;
                for (; t + 4 <= offsets.length; t += 4) {
                    TapDotsSimdFloat.dots2x4(a, ar, aStride, b, base, offsets, t, len, out, or, outStride);
                }
                for (; t < offsets.length; t++) {
                    TapDotsSimdFloat.dots2x1(a, ar, aStride, b, base, offsets, t, len, out, or, outStride);
                }
            }
        }
        for (; r < rows; r++) {
            dots(a, aOff + r * aStride, b, base, offsets, len, out, outOff + r * outStride);
        }
    }

    /**
     * FLOAT64 {@code dotsRows}: {@code dots} for several rows of a sharing b: out[outOff + r·outStride + t] += Σ_i a[aOff + r·aStride + i] ·
     * b[base + offsets[t] + i] for r in [0, rows) and every tap t (the SIMD version sums in lanes, two rows
     * and four taps at a time).
     */
    public static void dotsRows(double[] a, int aOff, int aStride, int rows, double[] b, int base, int[] offsets, int len,
                                double[] out, int outOff, int outStride) {
        int r = 0;
        if (SIMD) {
            for (; r + 2 <= rows; r += 2) {
                int ar = aOff + r * aStride;
                int or = outOff + r * outStride;
                int t = 0;
                for (; t + 4 <= offsets.length; t += 4) {
                    TapDotsSimdDouble.dots2x4(a, ar, aStride, b, base, offsets, t, len, out, or, outStride);
                }
                for (; t < offsets.length; t++) {
                    TapDotsSimdDouble.dots2x1(a, ar, aStride, b, base, offsets, t, len, out, or, outStride);
                }
            }
        }
        for (; r < rows; r++) {
            dots(a, aOff + r * aStride, b, base, offsets, len, out, outOff + r * outStride);
        }
    }

    /** Σ_i a[off + i]: the SIMD version sums in lanes. */
    public static float sum(float[] a, int off, int len) {
        return SIMD ? TapLoopsSimdFloat.sum(a, off, len) : sumScalar(a, off, len);
    }

    public static double sum(double[] a, int off, int len) {
        return SIMD ? TapLoopsSimdDouble.sum(a, off, len) : sumScalar(a, off, len);
    }

    public static float sumScalar(float[] a, int off, int len) {
        float s = 0f;
        for (int i = 0; i < len; i++) {
            s += a[off + i];
        }
        return s;
    }

    public static double sumScalar(double[] a, int off, int len) {
        double s = 0.0;
        for (int i = 0; i < len; i++) {
            s += a[off + i];
        }
        return s;
    }

    /** Scalar reference of {@code taps} over i in [from, to); also the SIMD version's tail. */
    public static void tapsScalar(float[] acc, int accOff, int from, int to, float[] src, int base, int[] offsets,
                                  float[] w, int wOff) {
        for (int i = from; i < to; i++) {
            float s = acc[accOff + i];
            for (int t = 0; t < offsets.length; t++) {
                s = Math.fma(w[wOff + t], src[base + offsets[t] + i], s);
            }
            acc[accOff + i] = s;
        }
    }

    public static void tapsScalar(double[] acc, int accOff, int from, int to, double[] src, int base, int[] offsets,
                                  double[] w, int wOff) {
        for (int i = from; i < to; i++) {
            double s = acc[accOff + i];
            for (int t = 0; t < offsets.length; t++) {
                s = Math.fma(w[wOff + t], src[base + offsets[t] + i], s);
            }
            acc[accOff + i] = s;
        }
    }

    public static float dotScalar(float[] a, int aOff, float[] b, int bOff, int len) {
        float s = 0f;
        for (int i = 0; i < len; i++) {
            s = Math.fma(a[aOff + i], b[bOff + i], s);
        }
        return s;
    }

    public static double dotScalar(double[] a, int aOff, double[] b, int bOff, int len) {
        double s = 0.0;
        for (int i = 0; i < len; i++) {
            s = Math.fma(a[aOff + i], b[bOff + i], s);
        }
        return s;
    }
}
