package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The DIRECT convolution method in FLOAT32: every tap of the kernel is one axpy (forward, input
 * gradient) or one dot product (weight gradient) over shifted planes, which wins when each group has few
 * channels. With unit stride the planes are zero-padded copies laid out with the padded width, so a tap
 * is a single shift. Where rows are wide enough to fill vectors ({@code inPlaceRows}), the forward and the input
 * gradient write each row of y or gx in place, reading the padded planes row by row; else, and for the weight
 * gradient of several channels ({@link DirectConvWeightFloat}), the inner loop runs over whole padded-width planes (the columns past the output
 * width junk in the forward and zeros in the gradients), copied out afterwards. Other strides run row by row.
 * {@link DirectConvDouble} is generated from this file for FLOAT64.
 */
final class DirectConvFloat {
    private DirectConvFloat() {}

    /** Per-thread scratch: padded input planes, one padded output plane, partial sums. */
    static final class Scratch {
        /**
         * Spare elements past the requested size: the masked last vector of the tap loops then never reaches
         * past the array's end (where the Vector API falls back to a per-lane path, some 30× slower).
         */
        static final int SLACK = 64;

        float[] planes = new float[0];
        float[] row = new float[0];
        float[] sums = new float[0];
        /** The layout whose zeros (padding, columns past the rows) {@link #planes} holds, or null. */
        private Object layout;

        float[] planes(int n) {
            layout = null;
            return planes = Buffers.atLeast(planes, n, SLACK);
        }

        /**
         * {@link #planes} of at least n elements for {@code key}'s layout of padded planes: true when they already
         * hold it, laid out by the last call on this thread (the same key, the same array), so that only the rows
         * of data need writing, their zeros being still in place. The keys' classes are compared before their
         * (record) {@code equals}, which then never meets another class: the forward's key is a geometry, the input
         * gradient's a {@code Framed}, and the record's {@code equals}, inlined into the input gradient, speculated on
         * the class it had seen and deoptimized when the other came (JFR, LeNet: {@code speculate_class_check},
         * four traps and two more C2 compiles of {@code backwardDataFlat}).
         */
        boolean laidOut(Object key, int n) {
            float[] p = Buffers.atLeast(planes, n, SLACK);
            boolean same = p == planes && layout != null && key.getClass() == layout.getClass() && key.equals(layout);
            planes = p;
            layout = key;
            return same;
        }

        float[] row(int n) {
            return row = Buffers.atLeast(row, n, SLACK);
        }

        float[] sums(int n) {
            return sums = Buffers.atLeast(sums, n, SLACK);
        }
    }

    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static boolean unitStride(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1;
    }

    /** Output channels computed together by the flat forward (sharing each load of the input). */
    private static final int ROWS = 8;

    /** Width of a padded plane: every tap of every output column lies inside it. */
    static int paddedW(ConvGeometry g) {
        return g.outW() + (g.kernelW() - 1) * g.dilationW();
    }

    static int paddedH(ConvGeometry g) {
        return g.outH() + (g.kernelH() - 1) * g.dilationH();
    }

    /** Elements of a padded-width output plane that hold real outputs, from the first to the last. */
    static int span(ConvGeometry g) {
        return (g.outH() - 1) * paddedW(g) + g.outW();
    }

    /**
     * dst = input plane at xOff placed at (padH, padW) of a zero paddedH × paddedW plane: rows copied by
     * {@link TapLoops#copyRows} and only the padding zeroed (Arrays.fill and System.arraycopy per 32-element row
     * were a third of the depthwise layers' time).
     */
    static void pad(ConvGeometry g, float[] x, int xOff, float[] dst, int dOff) {
        int wp = paddedW(g);
        int hp = paddedH(g);
        int c0 = Math.min(g.padW(), wp);
        int c1 = Math.max(c0, Math.min(g.inW() + g.padW(), wp));
        int r0 = Math.min(hp, g.padH());
        int r1 = Math.max(r0, Math.min(hp, g.inH() + g.padH()));
        zero(dst, dOff, dOff + r0 * wp);
        for (int r = r0; r < r1; r++) {
            int d = dOff + r * wp;
            zero(dst, d, d + c0);
            zero(dst, d + c1, d + wp);
        }
        TapLoops.copyRows(x, xOff + (r0 - g.padH()) * g.inW() + c0 - g.padW(), g.inW(), dst, dOff + r0 * wp + c0, wp,
                r1 - r0, c1 - c0);
        zero(dst, dOff + r1 * wp, dOff + hp * wp);
    }

    /**
     * The rows of {@link #pad} alone, for a plane whose zeros are in place already: the zero loops, a few
     * elements each, cost more than the rows (16→16 3×3 at 28×28 batch 64, 1 thread, ~0.2 of 2.1 ms).
     */
    private static void padRows(ConvGeometry g, float[] x, int xOff, float[] dst, int dOff) {
        int wp = paddedW(g);
        int hp = paddedH(g);
        int c0 = Math.min(g.padW(), wp);
        int c1 = Math.max(c0, Math.min(g.inW() + g.padW(), wp));
        int r0 = Math.min(hp, g.padH());
        int r1 = Math.max(r0, Math.min(hp, g.inH() + g.padH()));
        TapLoops.copyRows(x, xOff + (r0 - g.padH()) * g.inW() + c0 - g.padW(), g.inW(), dst, dOff + r0 * wp + c0, wp,
                r1 - r0, c1 - c0);
    }

    /** The key of the input gradient's layout of framed planes ({@link Scratch#laidOut}). */
    private record Framed(ConvGeometry g) {}

    /** dst[from, to) = 0 by a plain loop: these runs are a few elements long, shorter than a fill stub's set-up. */
    private static void zero(float[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = 0f;
        }
    }

    /** dst = output plane at yOff laid out with the padded width, zeros past the output width. */
    static void widen(ConvGeometry g, float[] y, int yOff, float[] dst, int dOff) {
        int wp = paddedW(g);
        TapLoops.copyRows(y, yOff, g.outW(), dst, dOff, wp, g.outH(), g.outW());
        for (int oh = 0; oh < g.outH(); oh++) {
            zero(dst, dOff + oh * wp + g.outW(), dOff + (oh + 1) * wp);
        }
    }

    // ------------------------------------------------------------------ forward

    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, float[] bias, float[] y, int yOff) {
        if (unitStride(g)) {
            forwardFlat(g, x, xOff, w, bias, y, yOff);
        } else {
            forwardRows(g, x, xOff, w, bias, y, yOff);
        }
    }

    /** The tap offsets repeated for {@code planes} planes {@code stride} apart: plane-major, as the weight is laid out. */
    private static int[] channelOffsets(int[] taps, int planes, int stride) {
        int[] off = new int[planes * taps.length];
        for (int c = 0; c < planes; c++) {
            for (int t = 0; t < taps.length; t++) {
                off[c * taps.length + t] = c * stride + taps[t];
            }
        }
        return off;
    }

    /** Input offsets of the taps in a padded plane, in weight order (ki, kj). */
    static int[] tapOffsets(ConvGeometry g) {
        int wp = paddedW(g);
        int[] off = new int[g.kernelH() * g.kernelW()];
        for (int ki = 0; ki < g.kernelH(); ki++) {
            for (int kj = 0; kj < g.kernelW(); kj++) {
                off[ki * g.kernelW() + kj] = ki * g.dilationH() * wp + kj * g.dilationW();
            }
        }
        return off;
    }

    private static void forwardFlat(ConvGeometry g, float[] x, int xOff, float[] w, float[] bias, float[] y, int yOff) {
        Scratch s = SCRATCH.get();
        int wp = paddedW(g);
        int pp = paddedH(g) * wp;
        int len = span(g);
        int[] offsets = channelOffsets(tapOffsets(g), g.groupIn(), pp);
        int gk = offsets.length;
        boolean zeros = s.laidOut(g, g.inChannels() * pp);
        float[] xp = s.planes;
        for (int c = 0; c < g.inChannels(); c++) {
            if (zeros) {
                padRows(g, x, xOff + c * g.inPlane(), xp, c * pp);
            } else {
                pad(g, x, xOff + c * g.inPlane(), xp, c * pp);
            }
        }
        if (!inPlaceRows(g.outW(), wp) && columnPlanes(g)) {
            forwardColumns(g, xp, w, bias, y, yOff, s.row(g.inChannels() * g.kernelW() * paddedH(g) * g.outW()));
            return;
        }
        if (inPlaceRows(g.outW(), wp)) {
            // each group's output channels written in place in y, row by row from the padded planes
            for (int grp = 0; grp < g.groups(); grp++) {
                int o0 = grp * g.groupOut();
                TapLoops.tapsRowsGrid(y, yOff + o0 * g.outPlane(), g.outW(), g.outPlane(), g.groupOut(), g.outH(),
                        g.outW(), xp, grp * g.groupIn() * pp, wp, offsets, w, o0 * gk, gk, bias, o0);
            }
            return;
        }
        int accPlane = g.outH() * wp;
        float[] acc = s.row(ROWS * accPlane);
        for (int o0 = 0; o0 < g.outChannels(); ) {
            int grp = o0 / g.groupOut();
            int rows = Math.min(ROWS, (grp + 1) * g.groupOut() - o0);
            for (int r = 0; r < rows; r++) {
                Arrays.fill(acc, r * accPlane, r * accPlane + len, bias == null ? 0f : bias[o0 + r]);
            }
            TapLoops.tapsRows(acc, 0, accPlane, rows, len, xp, grp * g.groupIn() * pp, offsets, w, o0 * gk, gk);
            for (int r = 0; r < rows; r++) {
                int yo = yOff + (o0 + r) * g.outPlane();
                for (int oh = 0; oh < g.outH(); oh++) {
                    TapLoops.copy(acc, r * accPlane + oh * wp, y, yo + oh * g.outW(), g.outW());
                }
            }
            o0 += rows;
        }
    }

    /**
     * Whether the forward runs over column planes ({@link #forwardColumns}) rather than padded-width planes: when
     * the output plane takes at most 7/8 of the vectors of a padded-width run (LeNet's 6→16 5×5 at 14×14: 100
     * outputs in 7 vectors of 16 instead of 136 in 9). Kernels one column wide have nothing to gain.
     */
    private static boolean columnPlanes(ConvGeometry g) {
        int lanes = TapLoops.floatLanes();
        int flat = Math.ceilDiv(span(g), lanes);
        int compact = Math.ceilDiv(g.outPlane(), lanes);
        return g.kernelW() > 1 && compact * 8 <= flat * 7;
    }

    /**
     * The forward over column planes: for every input channel c and kernel column kj, a paddedH × outW plane of the
     * padded input's columns [kj·dW, kj·dW + outW), so that tap (c, ki, kj) of output q = oh·outW + ow is element
     * q + ki·dH·outW of plane (c, kj): each output plane is one contiguous run, written in place in y from the bias
     * with the taps in weight order (the same fma order, so the same results, as the padded-width planes). The
     * copies cost a fraction of the lanes they save: LeNet's 6→16 at batch 64, 1 thread CPU ms, min of 400, three
     * runs alternating with the padded-width planes, 0.50-0.53 before, 0.44-0.46 after.
     */
    private static void forwardColumns(ConvGeometry g, float[] xp, float[] w, float[] bias, float[] y, int yOff,
                                       float[] xc) {
        int wp = paddedW(g);
        int hp = paddedH(g);
        int ow = g.outW();
        int kw = g.kernelW();
        int cp = hp * ow;
        for (int c = 0; c < g.inChannels(); c++) {
            for (int kj = 0; kj < kw; kj++) {
                TapLoops.copyRows(xp, c * hp * wp + kj * g.dilationW(), wp, xc, (c * kw + kj) * cp, ow, hp, ow);
            }
        }
        int[] offsets = new int[g.groupIn() * g.kernelH() * kw];
        for (int c = 0; c < g.groupIn(); c++) {
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    offsets[(c * g.kernelH() + ki) * kw + kj] = (c * kw + kj) * cp + ki * g.dilationH() * ow;
                }
            }
        }
        int gk = offsets.length;
        for (int o = 0; o < g.outChannels(); o++) {
            int yo = yOff + o * g.outPlane();
            Arrays.fill(y, yo, yo + g.outPlane(), bias == null ? 0f : bias[o]);
        }
        for (int grp = 0; grp < g.groups(); grp++) {
            int o0 = grp * g.groupOut();
            TapLoops.tapsRows(y, yOff + o0 * g.outPlane(), g.outPlane(), g.groupOut(), g.outPlane(), xc,
                    grp * g.groupIn() * kw * cp, offsets, w, o0 * gk, gk);
        }
    }

    /**
     * True when rows of this width, each rounded up to whole vectors, waste few more lanes than whole padded
     * planes of the padded width do: then the output (or input gradient) is computed in place row by row,
     * without padded-width planes summed and copied out (so for 14 columns and more with 16 lanes, not 7 or 10).
     */
    private static boolean inPlaceRows(int width, int paddedWidth) {
        int lanes = TapLoops.floatLanes();
        return (width + lanes - 1) / lanes * lanes <= paddedWidth + paddedWidth / 8;
    }

    private static void forwardRows(ConvGeometry g, float[] x, int xOff, float[] w, float[] bias, float[] y, int yOff) {
        int plane = g.outPlane();
        int ow = g.outW();
        int sw = g.strideW();
        int taps = g.kernelH() * g.kernelW();
        for (int o = 0; o < g.outChannels(); o++) {
            int grp = o / g.groupOut();
            int yo = yOff + o * plane;
            Arrays.fill(y, yo, yo + plane, bias == null ? 0f : bias[o]);
            for (int c = 0; c < g.groupIn(); c++) {
                int xc = xOff + (grp * g.groupIn() + c) * g.inPlane();
                int wBase = (o * g.groupIn() + c) * taps;
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    int offH = ki * g.dilationH() - g.padH();
                    int r0 = g.firstRow(offH);
                    int r1 = g.endRow(offH);
                    for (int kj = 0; kj < g.kernelW(); kj++) {
                        int offW = kj * g.dilationW() - g.padW();
                        int c0 = g.firstCol(offW);
                        int c1 = g.endCol(offW);
                        float wv = w[wBase + ki * g.kernelW() + kj];
                        for (int oh = r0; oh < r1; oh++) {
                            int src = xc + (oh * g.strideH() + offH) * g.inW() + offW;
                            int dst = yo + oh * ow;
                            for (int j = c0; j < c1; j++) {
                                y[dst + j] += wv * x[src + j * sw];
                            }
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ input gradient

    static void backwardData(ConvGeometry g, float[] gy, int gyOff, float[] w, float[] gx, int gxOff) {
        if (unitStride(g)) {
            backwardDataFlat(g, gy, gyOff, w, gx, gxOff);
        } else {
            backwardDataRows(g, gy, gyOff, w, gx, gxOff);
        }
    }

    /**
     * The input gradient as a full correlation: every output-gradient plane is widened and framed by
     * {@code margin} zeros in front, so padded input position j collects w_t · gy at j - offset_t.
     */
    private static void backwardDataFlat(ConvGeometry g, float[] gy, int gyOff, float[] w, float[] gx, int gxOff) {
        Scratch s = SCRATCH.get();
        int wp = paddedW(g);
        int hp = paddedH(g);
        int pp = hp * wp;
        int[] offsets = tapOffsets(g);
        int taps = offsets.length;
        int margin = offsets[taps - 1];
        int[] reversed = new int[taps];
        for (int t = 0; t < taps; t++) {
            reversed[t] = margin - offsets[t];
        }
        int framed = margin + pp;
        boolean zeros = s.laidOut(new Framed(g), g.outChannels() * framed + g.inChannels() * pp);
        float[] gyp = s.planes;
        int gxBase = g.outChannels() * framed;
        for (int o = 0; o < g.outChannels(); o++) {
            int f = o * framed;
            if (zeros) {
                TapLoops.copyRows(gy, gyOff + o * g.outPlane(), g.outW(), gyp, f + margin, wp, g.outH(), g.outW());
                continue;
            }
            zero(gyp, f, f + margin);
            widen(g, gy, gyOff + o * g.outPlane(), gyp, f + margin);
            Arrays.fill(gyp, f + margin + g.outH() * wp, f + framed, 0f);
        }
        int og = g.groupOut();
        int gin = g.groupIn();
        int[] sources = channelOffsets(reversed, og, framed);
        boolean inPlace = hp - g.padH() >= g.inH() && wp - g.padW() >= g.inW() && inPlaceRows(g.inW(), wp);
        if (!inPlace) {
            Arrays.fill(gyp, gxBase, gxBase + g.inChannels() * pp, 0f);
        }
        // per group: every input channel sums all the group's output planes, the weight transposed to [ci][o][t]
        float[] wt = s.sums(gin * og * taps);
        for (int grp = 0; grp < g.groups(); grp++) {
            for (int ci = 0; ci < gin; ci++) {
                for (int o = 0; o < og; o++) {
                    System.arraycopy(w, ((grp * og + o) * gin + ci) * taps, wt, (ci * og + o) * taps, taps);
                }
            }
            if (inPlace) {
                // every input position inside the padded plane: the gx planes written in place, row by row, their
                // rows read at the padded width from the framed output gradients
                TapLoops.tapsRowsGrid(gx, gxOff + grp * gin * g.inPlane(), g.inW(), g.inPlane(), gin, g.inH(), g.inW(),
                        gyp, grp * og * framed + g.padH() * wp + g.padW(), wp, sources, wt, 0, og * taps, null, 0);
            } else {
                TapLoops.tapsRows(gyp, gxBase + grp * gin * pp, pp, gin, pp, gyp, grp * og * framed, sources, wt, 0,
                        og * taps);
            }
        }
        if (inPlace) {
            return;
        }
        for (int c = 0; c < g.inChannels(); c++) {
            int xc = gxOff + c * g.inPlane();
            int n = Math.max(0, Math.min(g.inW(), wp - g.padW()));
            for (int ir = 0; ir < g.inH(); ir++) {
                int r = ir + g.padH();
                int row = xc + ir * g.inW();
                if (r >= hp) {
                    Arrays.fill(gx, row, row + g.inW(), 0f);
                    continue;
                }
                TapLoops.copy(gyp, gxBase + c * pp + r * wp + g.padW(), gx, row, n);
                zero(gx, row + n, row + g.inW());
            }
        }
    }

    private static void backwardDataRows(ConvGeometry g, float[] gy, int gyOff, float[] w, float[] gx, int gxOff) {
        int plane = g.outPlane();
        int ow = g.outW();
        int sw = g.strideW();
        int taps = g.kernelH() * g.kernelW();
        Arrays.fill(gx, gxOff, gxOff + g.inChannels() * g.inPlane(), 0f);
        for (int o = 0; o < g.outChannels(); o++) {
            int grp = o / g.groupOut();
            int yo = gyOff + o * plane;
            for (int c = 0; c < g.groupIn(); c++) {
                int xc = gxOff + (grp * g.groupIn() + c) * g.inPlane();
                int wBase = (o * g.groupIn() + c) * taps;
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    int offH = ki * g.dilationH() - g.padH();
                    int r0 = g.firstRow(offH);
                    int r1 = g.endRow(offH);
                    for (int kj = 0; kj < g.kernelW(); kj++) {
                        int offW = kj * g.dilationW() - g.padW();
                        int c0 = g.firstCol(offW);
                        int c1 = g.endCol(offW);
                        float wv = w[wBase + ki * g.kernelW() + kj];
                        for (int oh = r0; oh < r1; oh++) {
                            int dst = xc + (oh * g.strideH() + offH) * g.inW() + offW;
                            int src = yo + oh * ow;
                            for (int j = c0; j < c1; j++) {
                                gx[dst + j * sw] += wv * gy[src + j];
                            }
                        }
                    }
                }
            }
        }
    }
}
