// GENERATED from Im2colSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The interior of {@link Im2colPanelsDouble#im2colPanels} with Vector API gathers: at an output pixel whose whole
 * receptive field lies inside the input, the panel's width rows are width taps at fixed offsets from the
 * pixel's first input element, so each vector of the pixel's panel row is one indexed load; and the forward's
 * unfolding of small planes straight into the GEMM's panels ({@link #unfoldPanels}). Loads
 * jdk.incubator.vector; only call it when {@link Kernels#simd()} is true. FLOAT64;
 * Generated from {@link Im2colSimdFloat}: edit that file, not this one.
 */
final class Im2colSimdDouble {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private Im2colSimdDouble() {}

    /** True when panels of this width are whole vectors. */
    static boolean fits(int width) {
        return width % L == 0;
    }

    /**
     * The pixels (oh, ow) in [ohLo, ohHi) × [owLo, owHi) of one panel, rows [p0, p1) (p1 - p0 <= width), laid
     * out from base as in {@link Im2colPanelsDouble#im2colPanels}; every tap of these pixels must lie inside the
     * input. Slots past p1 up to a whole vector receive copies of row p1 - 1, the rest are left as they are.
     * idx holds at least width ints of scratch.
     */
    static void interior(ConvGeometry g, double[] x, int xOff, int p0, int p1, int width, double[] out, int base,
                         int ohLo, int ohHi, int owLo, int owHi, int[] idx) {
        int kW = g.kernelW();
        int taps = g.kernelH() * kW;
        for (int j = 0; j < width; j++) {
            int r = Math.min(p0 + j, p1 - 1);
            idx[j] = r / taps * g.inPlane() + r % taps / kW * g.dilationH() * g.inW() + r % kW * g.dilationW();
        }
        for (int oh = ohLo; oh < ohHi; oh++) {
            int xr = xOff + (oh * g.strideH() - g.padH()) * g.inW() - g.padW();
            int d = base + (oh * g.outW() + owLo) * width;
            for (int ow = owLo; ow < owHi; ow++, d += width) {
                int xb = xr + ow * g.strideW();
                for (int j = 0; j < p1 - p0; j += L) {
                    DoubleVector.fromArray(S, x, xb, idx, j).intoArray(out, d + j);
                }
            }
        }
    }

    /** Per-thread tap tables of {@link #unfoldPanels}: input offsets and in-bounds flags, taps × width. */
    private static final ThreadLocal<int[]> PANEL_OFFSETS = ThreadLocal.withInitial(() -> new int[0]);
    private static final ThreadLocal<boolean[]> PANEL_INSIDE = ThreadLocal.withInitial(() -> new boolean[0]);

    /**
     * The unfolded images [n0, n0 + count) of group grp (patch rows × count·outPlane columns, the images side by
     * side as by im2col) written straight into the GEMM's packed-B panels of width columns
     * ({@link Gemm#dgemmPanels}): panel j holds columns [j·width, j·width + width), row r at out[j·patch·width +
     * r·width]. Each vector is one masked indexed load (padding taps read as 0); columns past the last are 0.
     * For small output planes (many images per GEMM), where copying rows of a few pixels costs more than the
     * gathers. width must be a multiple of the vector length ({@link #fits}).
     */
    static void unfoldPanels(ConvGeometry g, double[] x, int n0, int count, int grp, int width, double[] out) {
        int plane = g.outPlane();
        int cols = count * plane;
        int kW = g.kernelW();
        int taps = g.kernelH() * kW;
        int patch = g.patch();
        int xs = g.inChannels() * g.inPlane();
        int xg = grp * g.groupIn() * g.inPlane();
        int[] off = PANEL_OFFSETS.get();
        boolean[] inside = PANEL_INSIDE.get();
        if (off.length < taps * width) {
            off = new int[taps * width];
            inside = new boolean[taps * width];
            PANEL_OFFSETS.set(off);
            PANEL_INSIDE.set(inside);
        }
        for (int j0 = 0; j0 < cols; j0 += width) {
            for (int q = 0; q < width; q++) {
                int col = j0 + q;
                int n = n0 + col / plane;
                int ih0 = col % plane / g.outW() * g.strideH() - g.padH();
                int iw0 = col % plane % g.outW() * g.strideW() - g.padW();
                int xn = n * xs + xg;
                int t = q;
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    int ih = ih0 + ki * g.dilationH();
                    boolean row = col < cols && ih >= 0 && ih < g.inH();
                    for (int kj = 0, iw = iw0; kj < kW; kj++, iw += g.dilationW(), t += width) {
                        boolean in = row && iw >= 0 && iw < g.inW();
                        inside[t] = in;
                        off[t] = in ? xn + ih * g.inW() + iw : 0;
                    }
                }
            }
            int base = j0 / width * patch * width;
            for (int t = 0; t < taps; t++) {
                for (int h = 0; h < width; h += L) {
                    VectorMask<Double> m = VectorMask.fromArray(S, inside, t * width + h);
                    int d = base + t * width + h;
                    for (int c = 0; c < g.groupIn(); c++, d += taps * width) {
                        DoubleVector.fromArray(S, x, c * g.inPlane(), off, t * width + h, m).intoArray(out, d);
                    }
                }
            }
        }
    }

    /**
     * Lane indices of the transpose's butterfly stages: for stage k (half-width h = L / 2^(k+1)), at [2k·L, 2k·L
     * + L) the low result of rows (a, b) = (i, i + h), lanes [j·2h, j·2h + h) of a then of b in each block j of 2h
     * lanes, and at [(2k+1)·L, (2k+2)·L) the high one, lanes [j·2h + h, j·2h + 2h) of a then of b.
     */
    private static final double[] STAGES = stages();

    /** log2(L) when L is a power of two of at least 2, else 0 (no transpose). */
    private static final int STAGE_COUNT = L >= 2 && Integer.bitCount(L) == 1 ? Integer.numberOfTrailingZeros(L) : 0;

    private static double[] stages() {
        int count = L >= 2 && Integer.bitCount(L) == 1 ? Integer.numberOfTrailingZeros(L) : 0;
        double[] v = new double[2 * count * L];
        for (int k = 0; k < count; k++) {
            int h = L >> (k + 1);
            for (int l = 0; l < L; l++) {
                int block = l / (2 * h) * 2 * h;
                int within = l % (2 * h);
                v[2 * k * L + l] = within < h ? block + within : L + block + within - h;
                v[(2 * k + 1) * L + l] = within < h ? block + h + within : L + block + within;
            }
        }
        return v;
    }

    /** True when channel blocks of this many channels (a multiple of L) can be transposed and copied whole. */
    static boolean channelBlocks(int channels) {
        return STAGE_COUNT > 0 && channels % L == 0;
    }

    /**
     * Whether {@link #transpose} moves 8×8 blocks transposed in registers ({@link TransposeDoubleSimd}, L a
     * multiple of 8): the L×L butterflies below store and reload their middle stages, which cost the weight
     * gradient of 3×3 stride-2 64→128 from 32×32 about a sixth of its time (1 thread).
     */
    private static final boolean BLOCKS8 = TransposeDoubleSimd.FITS && L % TransposeDoubleSimd.B == 0;

    /**
     * dst[d + p·ldd + j] = src[s + j·ld + p] for j &lt; rows (a multiple of L) and p &lt; pixels rounded down
     * to whole blocks: 8×8 blocks transposed in registers where {@link #BLOCKS8}, else L×L blocks by log2(L)
     * butterfly stages of two-vector permutes, the middle stages through buf[bufOff, bufOff + L·L). Returns how
     * many pixels were done (a multiple of 8 or of L). The 8×8 blocks go channel block by channel block, each
     * over the whole row: its 8 source rows (planes 4 KB apart for 32×32 images, so all in the same few L1 sets)
     * stay in L1 until done, instead of 8·L rows being reloaded for every block of pixels (1 thread, CPU ms,
     * strided 64 channels of 32×32, batch 32, 7 alternating runs: 0.79-1.00 -> 0.50-0.90).
     */
    static int transpose(double[] src, int s, int ld, int rows, int pixels, double[] dst, int d, int ldd, double[] buf,
                         int bufOff) {
        if (BLOCKS8) {
            int done = pixels / TransposeDoubleSimd.B * TransposeDoubleSimd.B;
            for (int j = 0; j < rows; j += TransposeDoubleSimd.B) {
                for (int p = 0; p < done; p += TransposeDoubleSimd.B) {
                    TransposeDoubleSimd.block(src, s + j * ld + p, ld, dst, d + p * ldd + j, ldd);
                }
            }
            return done;
        }
        int done = pixels / L * L;
        for (int p = 0; p < done; p += L) {
            for (int j = 0; j < rows; j += L) {
                transposeBlock(src, s + j * ld + p, ld, dst, d + p * ldd + j, ldd, buf, bufOff);
            }
        }
        return done;
    }

    /** One L×L block: dst[d + i·ldd + j] = src[s + j·ld + i]. */
    private static void transposeBlock(double[] src, int s, int ld, double[] dst, int d, int ldd, double[] buf,
                                       int bufOff) {
        double[] in = src;
        int inOff = s;
        int inLd = ld;
        for (int k = 0; k < STAGE_COUNT; k++) {
            int h = L >> (k + 1);
            DoubleVector lo = DoubleVector.fromArray(S, STAGES, 2 * k * L);
            DoubleVector hi = DoubleVector.fromArray(S, STAGES, (2 * k + 1) * L);
            boolean last = k == STAGE_COUNT - 1;
            for (int i = 0; i < L; i++) {
                if ((i & h) != 0) {
                    continue;
                }
                DoubleVector a = DoubleVector.fromArray(S, in, inOff + i * inLd);
                DoubleVector b = DoubleVector.fromArray(S, in, inOff + (i + h) * inLd);
                if (last) {
                    lo.selectFrom(a, b).intoArray(dst, d + i * ldd);
                    hi.selectFrom(a, b).intoArray(dst, d + (i + h) * ldd);
                } else {
                    lo.selectFrom(a, b).intoArray(buf, bufOff + i * L);
                    hi.selectFrom(a, b).intoArray(buf, bufOff + (i + h) * L);
                }
            }
            in = buf;
            inOff = bufOff;
            inLd = L;
        }
    }

    /**
     * One panel of {@link Im2colChannelsLastDouble#channelsLastPanels}: for each output pixel (oh, ow), in order,
     * out[base + (oh·outW + ow)·width + j·L + i] = hwc[oh·strideH·rowStep + ow·pixelStep + src[j] + i] for
     * chunks blocks j of L channels. The vector copies inline here rather than through a call per block,
     * which the JIT did not always inline (1 thread, CPU ms, the panels of 3×3 stride-2 64→128 from 32×32,
     * batch 32: 0.64 or 1.9-2.2 from one JVM to the next through the call).
     */
    static void channelsLastPanel(ConvGeometry g, double[] hwc, int rowStep, int pixelStep, int[] src, int chunks,
                                  int width, double[] out, int base) {
        int d = base;
        for (int oh = 0; oh < g.outH(); oh++) {
            int pixel = oh * g.strideH() * rowStep;
            for (int ow = 0; ow < g.outW(); ow++, pixel += pixelStep, d += width) {
                for (int j = 0; j < chunks; j++) {
                    DoubleVector.fromArray(S, hwc, pixel + src[j]).intoArray(out, d + j * L);
                }
            }
        }
    }

    /**
     * rows output rows of ow columns, row i at col[dst + i·ow]: x[src + i·srcStep + j] at column j in [c0, c1),
     * zeros elsewhere. One masked vector load and store per L columns (the masked-off lanes are the zeros),
     * instead of a row copy with its border zeros: the stride-2 unfolding through split rows
     * ({@link SplitRowsDouble}), whose rows are short (outW 16 for a 32-wide input).
     */
    static void copyRows(double[] x, int src, int srcStep, double[] col, int dst, int ow, int rows, int c0, int c1) {
        for (int j = 0; j < ow; j += L) {
            VectorMask<Double> load = S.indexInRange(j - c0, c1 - c0);
            int s = src + j;
            int d = dst + j;
            if (j + L <= ow) {
                for (int i = 0; i < rows; i++, s += srcStep, d += ow) {
                    DoubleVector.fromArray(S, x, s, load).intoArray(col, d);
                }
            } else {
                VectorMask<Double> store = S.indexInRange(j, ow);
                for (int i = 0; i < rows; i++, s += srcStep, d += ow) {
                    DoubleVector.fromArray(S, x, s, load).intoArray(col, d, store);
                }
            }
        }
    }

    /**
     * Whether {@link #splitPanels} applies: rows split by parity ({@link SplitRowsDouble#splits}) and output rows of
     * whole vectors that tile panels of width columns.
     */
    static boolean splitPanels(ConvGeometry g, int width) {
        return SplitRowsDouble.splits(g) && g.outW() % L == 0 && width % g.outW() == 0;
    }

    /**
     * The unfolded block of {@link Im2colDouble#im2col} (the groupIn channels at xOff) written straight into the
     * packed-B panels of width columns ({@link Gemm#dgemmPanels}): panel j holds pixels [j·width, j·width +
     * width), row r at out[j·patch·width + r·width], so that the forward's GEMM does not pack B. Through rows split
     * by parity, a masked vector load per L columns of an output row; slots of the last panel past the plane are
     * left unspecified. Only where {@link #splitPanels(ConvGeometry, int)} holds.
     */
    static void splitPanels(ConvGeometry g, double[] x, int xOff, int width, double[] out) {
        double[] s = SplitRowsDouble.splitRows(g, x, xOff, 0, g.groupIn());
        int ow = g.outW();
        int rowsPerPanel = width / ow;
        int panel = g.patch() * width;
        int srcStep = g.strideH() * g.inW();
        DoubleVector zero = DoubleVector.zero(S);
        int row = 0;
        for (int c = 0; c < g.groupIn(); c++) {
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int offH = ki * g.dilationH() - g.padH();
                int r0 = g.firstRow(offH);
                int r1 = g.endRow(offH);
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int offW = kj * g.dilationW() - g.padW();
                    int c0 = g.firstCol(offW);
                    int c1 = g.endCol(offW);
                    int src = c * g.inPlane() + offH * g.inW() + SplitRowsDouble.splitColumn(g, offW);
                    for (int j = 0; j < ow; j += L) {
                        VectorMask<Double> load = S.indexInRange(j - c0, c1 - c0);
                        // d walks output row oh's place: rowsPerPanel rows ow apart, then on to the next panel
                        // (an integer division per vector here cost the unfolding a sixth of its time)
                        int d = row * width + j;
                        int within = 0;
                        for (int oh = 0; oh < g.outH(); oh++) {
                            if (oh < r0 || oh >= r1) {
                                zero.intoArray(out, d);
                            } else {
                                DoubleVector.fromArray(S, s, src + oh * srcStep + j, load).intoArray(out, d);
                            }
                            if (++within == rowsPerPanel) {
                                within = 0;
                                d += panel - (rowsPerPanel - 1) * ow;
                            } else {
                                d += ow;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #copyRows}: x[dst + i·dstStep + j] += col[src + i·ow + j] for j in [c0, c1) and
     * i &lt; rows, a masked vector per L columns; each element receives the same single addition as by a
     * scalar loop.
     */
    static void addRows(double[] col, int src, int ow, double[] x, int dst, int dstStep, int rows, int c0, int c1) {
        for (int j = c0; j < c1; j += L) {
            int s = src + j;
            int d = dst + j;
            if (j + L <= c1) {
                for (int i = 0; i < rows; i++, s += ow, d += dstStep) {
                    DoubleVector.fromArray(S, x, d).add(DoubleVector.fromArray(S, col, s)).intoArray(x, d);
                }
            } else {
                VectorMask<Double> m = S.indexInRange(j, c1);
                for (int i = 0; i < rows; i++, s += ow, d += dstStep) {
                    DoubleVector.fromArray(S, x, d, m).add(DoubleVector.fromArray(S, col, s, m)).intoArray(x, d, m);
                }
            }
        }
    }

    /**
     * {@link #addRows} for the three taps of one kernel row of a 3-wide kernel at column stride 2, padded by 1
     * (column offsets -1, 0, 1), in one pass: col rows src, src + ld, src + ld·2 (rows of ow columns) into split
     * rows (rows dstStep apart) whose even half starts at even and odd half at odd. Tap 1 adds column j into
     * even[j] for j in [c0, c1); tap 0 adds column j into odd[j - 1] for j in [c0Left, c1Left), then tap 2
     * column j into odd[j] for j &lt; c1Right; so each element receives the same additions in the same order as
     * by three addRows, but the odd half is loaded and stored once for both its taps (and not reloaded from a
     * masked, shifted store still in flight): 1 thread, CPU ms, the fold of 3×3 stride-2 64→128 from 32×32,
     * batch 32, 1.02 → 0.83.
     */
    static void addThreeTaps(double[] col, int src, int ld, int ow, double[] x, int even, int odd, int dstStep,
                             int rows, int c0, int c1, int c0Left, int c1Left, int c1Right) {
        addRows(col, src + ld, ow, x, even, dstStep, rows, c0, c1);
        int end = Math.max(c1Left - 1, c1Right);
        for (int m = 0; m < end; m += L) {
            VectorMask<Double> left = S.indexInRange(m - (c0Left - 1), c1Left - c0Left);
            VectorMask<Double> right = S.indexInRange(m, c1Right);
            VectorMask<Double> both = left.or(right);
            int s0 = src + m + 1;
            int s2 = src + 2 * ld + m;
            int d = odd + m;
            for (int i = 0; i < rows; i++, s0 += ow, s2 += ow, d += dstStep) {
                DoubleVector v = DoubleVector.fromArray(S, x, d, both);
                v = v.add(DoubleVector.fromArray(S, col, s0, left), left);
                v = v.add(DoubleVector.fromArray(S, col, s2, right), right);
                v.intoArray(x, d, both);
            }
        }
    }

    /** Lane indices into two concatenated vectors: the even and the odd elements, and the two halves' interleave. */
    private static final DoubleVector EVEN = indices(0);
    private static final DoubleVector ODD = indices(1);
    private static final DoubleVector FIRST = indices(2);
    private static final DoubleVector SECOND = indices(3);

    private static DoubleVector indices(int kind) {
        double[] v = new double[L];
        for (int i = 0; i < L; i++) {
            v[i] = switch (kind) {
                case 0 -> 2 * i;
                case 1 -> 2 * i + 1;
                case 2 -> i % 2 * L + i / 2;
                default -> i % 2 * L + L / 2 + i / 2;
            };
        }
        return DoubleVector.fromArray(S, v, 0);
    }

    /**
     * The even elements of x[xOff, xOff + 2·pairs) to out[evenOff + i], the odd ones to out[oddOff + i], for
     * i &lt; pairs rounded down to whole vectors; returns how many pairs were done.
     */
    static int split(double[] x, int xOff, int pairs, double[] out, int evenOff, int oddOff) {
        int i = 0;
        for (; i + L <= pairs; i += L) {
            DoubleVector a = DoubleVector.fromArray(S, x, xOff + 2 * i);
            DoubleVector b = DoubleVector.fromArray(S, x, xOff + 2 * i + L);
            EVEN.selectFrom(a, b).intoArray(out, evenOff + i);
            ODD.selectFrom(a, b).intoArray(out, oddOff + i);
        }
        return i;
    }

    /** The inverse of {@link #split}: x[xOff + 2·i] = s[evenOff + i], x[xOff + 2·i + 1] = s[oddOff + i]. */
    static int merge(double[] s, int evenOff, int oddOff, int pairs, double[] x, int xOff) {
        int i = 0;
        for (; i + L <= pairs; i += L) {
            DoubleVector e = DoubleVector.fromArray(S, s, evenOff + i);
            DoubleVector o = DoubleVector.fromArray(S, s, oddOff + i);
            FIRST.selectFrom(e, o).intoArray(x, xOff + 2 * i);
            SECOND.selectFrom(e, o).intoArray(x, xOff + 2 * i + L);
        }
        return i;
    }
}
