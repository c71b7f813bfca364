package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The convolution's weight gradient without im2col: gw[o][c,ki,kj] = Σ_n Σ_pixels gy[n][o][oh, ow] ·
 * x[n][c][oh·sH + ki·dH - pH, ow·sW + kj·dW - pW] as dot products of whole planes. Each input channel is split
 * into its stride phases (the rows ≡ a mod sH, columns ≡ b mod sW, zero-padded), planes of hq × wq with hq =
 * outH + (kH - 1)·dH / sH, and each output-gradient row is widened to wq columns with zeros; then tap (ki, kj)
 * of pixel q = oh·wq + ow is element q + (ki·dH / sH)·wq + kj·dW / sW of phase (ki·dH mod sH, kj·dW mod sW),
 * so every tap is one contiguous shifted run and the pixels of an image are one dot product (those of a block
 * of images too, its images stacked in each row and plane: one long run per tile, in place of a short one per
 * image: 32→32 channels at 14×14 run 14 vectors an image, and took 1.3× as long per image run). A SIMD tile
 * ({@link WeightPlanesSimdFloat}) holds 4 output channels by 4 patch rows in registers over the pixels of a
 * block of images, so nothing is unfolded and the gradient is read in place of being packed: for the few
 * output channels of a small ResNet's layers the im2col matrix, written once and read by few rows, cost more
 * than the products.
 *
 * <p>Every weight element is the sum over lanes (a fixed tree, {@link #lanes}) of per-lane fma chains over the
 * images of a block and their pixels in order, added into gw block after block; blocks depend on the shape
 * only, and threads take whole tiles, so results do not depend on the thread count. The zeros of the widened
 * gradient multiply input values that a direct sum never touches: when the input holds an infinity or NaN
 * those give NaN, so {@link #backwardWeight} reports a NaN result for the caller to recompute by im2col.
 * Vector API only (the choice is {@link ConvMethod#planesWeightGradient}'s); {@link #tile} is the scalar reference
 * of the SIMD tile. FLOAT32;
 * {@link WeightPlanesDouble} is generated from this file for FLOAT64.
 */
final class WeightPlanesFloat {
    private static final boolean SIMD = Kernels.simd();

    /** Output channels per tile. */
    static final int ROWS = 4;

    /** Patch rows (taps) per tile. */
    static final int TAPS = 4;

    /** Elements of widened gradient and phase planes per block of images (about half of a 1 MB L2). */
    static final int BLOCK_ELEMENTS = 1 << 17;

    private WeightPlanesFloat() {}

    /** Per-thread scratch: widened gradients, phase planes and tap offsets of a block of images. */
    private static final class Scratch {
        float[] gy = new float[0];
        float[] x = new float[0];
        int[] plan = new int[0];
        final float[] acc = new float[ROWS * TAPS * (SIMD ? WeightPlanesSimdFloat.L : 1)];

        float[] gy(int n) {
            return gy = Buffers.atLeast(gy, n);
        }

        int[] plan(int n) {
            return plan = Buffers.atLeast(plan, n);
        }

        float[] x(int n) {
            return x = Buffers.atLeast(x, n);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * The plane layout of a geometry: phase planes hq × wq, phases used along each axis (index per residue,
     * -1 when unused), pixels per image run (outH·wq rounded up to whole vectors), output channels padded to
     * whole tiles, and the images per block. The block's images are stacked: each widened gradient row and each
     * phase plane holds them one after another, pitch elements apart (hq·wq rounded up to whole vectors), so a
     * tile takes them as one run (the zeros of the gradient between images add nothing; pitch keeps every
     * pixel in its lane and the sums in their order). The images per block are those of the unstacked layout,
     * whose sums these are bit for bit.
     */
    private record Layout(ConvGeometry g, int lanes, int hq, int wq, int[] phaseH, int[] phaseW, int phasesW,
                          int planes, int len, int rowsPad, int blocks, int units, int images, int pitch) {

        static Layout of(ConvGeometry g, int lanes) {
            int[] phaseH = phases(g.kernelH(), g.dilationH(), g.strideH());
            int[] phaseW = phases(g.kernelW(), g.dilationW(), g.strideW());
            int phasesH = count(phaseH);
            int phasesW = count(phaseW);
            int hq = g.outH() + (g.kernelH() - 1) * g.dilationH() / g.strideH();
            int wq = g.outW() + (g.kernelW() - 1) * g.dilationW() / g.strideW();
            int len = Math.ceilDiv(g.outH() * wq, lanes) * lanes;
            int rowsPad = Math.ceilDiv(g.groupOut(), ROWS) * ROWS;
            int blocks = rowsPad / ROWS * Math.ceilDiv(g.patch(), TAPS);
            int planes = phasesH * phasesW;
            long perImage = (long) g.groups() * rowsPad * len + (long) g.inChannels() * planes * hq * wq;
            int images = (int) Math.max(1, Math.min(g.batch(), BLOCK_ELEMENTS / Math.max(1, perImage)));
            return new Layout(g, lanes, hq, wq, phaseH, phaseW, phasesW, planes, len, rowsPad, blocks,
                    g.groups() * blocks, images, Math.ceilDiv(hq * wq, lanes) * lanes);
        }

        /** Index of each residue mod stride among the taps' residues (k·dilation mod stride), -1 if none. */
        private static int[] phases(int kernel, int dilation, int stride) {
            int[] index = new int[stride];
            Arrays.fill(index, -1);
            for (int k = 0; k < kernel; k++) {
                index[k * dilation % stride] = 0;
            }
            int n = 0;
            for (int a = 0; a < stride; a++) {
                if (index[a] == 0) {
                    index[a] = n++;
                }
            }
            return index;
        }

        private static int count(int[] index) {
            int n = 0;
            for (int i : index) {
                n += i >= 0 ? 1 : 0;
            }
            return n;
        }

        /** Distance between a block's widened gradient rows, and between its phase planes. */
        int stack() {
            return images * pitch;
        }

        /** Elements of a block's widened gradient. */
        int gyBlock() {
            return g.groups() * rowsPad * stack();
        }

        /** Elements of a block's phase planes for input channels [c0, c1), with room for the runs' overreach. */
        int xBlock(int c0, int c1) {
            return (c1 - c0) * planes * stack() + maxShift();
        }

        /** Largest shift of a tap inside its plane. */
        int maxShift() {
            return (g.kernelH() - 1) * g.dilationH() / g.strideH() * wq + (g.kernelW() - 1) * g.dilationW() / g.strideW();
        }

        /** Group of unit u (units run group by group, patch rows by tiles of TAPS, then output channels). */
        int group(int u) {
            return u / blocks;
        }

        /** First patch row of unit u within its group. */
        int row(int u) {
            return u % blocks / (rowsPad / ROWS) * TAPS;
        }

        /** First output channel of unit u within its group. */
        int channel(int u) {
            return u % blocks % (rowsPad / ROWS) * ROWS;
        }

        /** Global input channel of patch row r of group grp. */
        int inChannel(int grp, int r) {
            return grp * g.groupIn() + r / (g.kernelH() * g.kernelW());
        }

        /** Offset of patch row r of group grp in a block image's planes, whose first channel is c0. */
        int offset(int grp, int r, int c0) {
            int kw = g.kernelW();
            int ki = r / kw % g.kernelH();
            int kj = r % kw;
            int dh = ki * g.dilationH();
            int dw = kj * g.dilationW();
            int phase = phaseH[dh % g.strideH()] * phasesW + phaseW[dw % g.strideW()];
            return ((inChannel(grp, r) - c0) * planes + phase) * stack() + dh / g.strideH() * wq + dw / g.strideW();
        }
    }

    /**
     * gw = Σ_n correlation of x[n] with gy[n], overwriting gw; returns false when the result holds a NaN, which
     * the caller must then recompute by im2col (see the class comment).
     */
    static boolean backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        Layout l = Layout.of(g, WeightPlanesSimdFloat.L);
        Arrays.fill(gw, 0, g.weightSize(), 0f);
        ConvMethod.forEach(l.units(), (from, to) -> units(l, x, gy, gw, from, to));
        for (int i = 0; i < g.weightSize(); i++) {
            if (Float.isNaN(gw[i])) {
                return false;
            }
        }
        return true;
    }

    /** Units [u0, u1): every block of images widened and split into planes, then each unit's tile over it. */
    private static void units(Layout l, float[] x, float[] gy, float[] gw, int u0, int u1) {
        ConvGeometry g = l.g();
        int k = g.patch();
        int c0 = l.inChannel(l.group(u0), l.row(u0));
        int c1 = l.inChannel(l.group(u1 - 1), Math.min(k, l.row(u1 - 1) + TAPS) - 1) + 1;
        Scratch s = SCRATCH.get();
        float[] gyw = s.gy(l.gyBlock());
        float[] xq = s.x(l.xBlock(c0, c1));
        Arrays.fill(gyw, 0, l.gyBlock(), 0f);
        Arrays.fill(xq, 0, l.xBlock(c0, c1), 0f);
        int[] plan = plan(l, u0, u1, c0, s);
        for (int n0 = 0; n0 < g.batch(); n0 += l.images()) {
            int count = Math.min(l.images(), g.batch() - n0);
            for (int i = 0; i < count; i++) {
                widen(l, gy, n0 + i, gyw, i * l.pitch());
                for (int c = c0; c < c1; c++) {
                    split(l, x, n0 + i, c, xq, (c - c0) * l.planes() * l.stack() + i * l.pitch());
                }
            }
            int run = (count - 1) * l.pitch() + l.len();
            for (int u = 0; u < u1 - u0; u++) {
                int p = u * PLAN;
                WeightPlanesSimdFloat.tile(gyw, plan[p], l.stack(), 0, xq, plan[p + 1], plan[p + 2], plan[p + 3],
                        plan[p + 4], 0, run, 1, gw, plan[p + 5], k, plan[p + 6], plan[p + 7], s.acc);
            }
        }
    }

    /** Ints per unit of a plan: gradient row offset, 4 tap offsets, weight offset, rows and taps. */
    private static final int PLAN = 8;

    /** Units [u0, u1)'s tile arguments, PLAN ints each, for planes whose first channel is c0. */
    private static int[] plan(Layout l, int u0, int u1, int c0, Scratch s) {
        ConvGeometry g = l.g();
        int k = g.patch();
        int[] plan = s.plan((u1 - u0) * PLAN);
        for (int u = u0; u < u1; u++) {
            int grp = l.group(u);
            int r = l.row(u);
            int o = l.channel(u);
            int p = (u - u0) * PLAN;
            plan[p] = (grp * l.rowsPad() + o) * l.stack();
            for (int t = 0; t < TAPS; t++) {
                plan[p + 1 + t] = l.offset(grp, Math.min(k - 1, r + t), c0);
            }
            plan[p + 5] = (grp * g.groupOut() + o) * k + r;
            plan[p + 6] = Math.min(ROWS, g.groupOut() - o);
            plan[p + 7] = Math.min(TAPS, k - r);
        }
        return plan;
    }

    /** Image n's output gradient rows into their widened, zero-padded places (zeros written beforehand). */
    private static void widen(Layout l, float[] gy, int n, float[] out, int off) {
        ConvGeometry g = l.g();
        int ow = g.outW();
        for (int grp = 0; grp < g.groups(); grp++) {
            for (int o = 0; o < g.groupOut(); o++) {
                int src = (n * g.outChannels() + grp * g.groupOut() + o) * g.outPlane();
                int dst = off + (grp * l.rowsPad() + o) * l.stack();
                if (l.wq() == ow) {
                    System.arraycopy(gy, src, out, dst, g.outPlane());
                    continue;
                }
                TapLoops.copyRows(gy, src, ow, out, dst, l.wq(), g.outH(), ow);
            }
        }
    }

    /**
     * Input channel c of image n split into its phase planes from off: plane (a, b) holds x[c][i·sH + a - pH]
     * [j·sW + b - pW] at row i, column j. Only elements inside the input are written (the rest are zeros
     * written beforehand, at the same places for every image).
     */
    private static void split(Layout l, float[] x, int n, int c, float[] out, int off) {
        ConvGeometry g = l.g();
        int sH = g.strideH();
        int sW = g.strideW();
        int xc = (n * g.inChannels() + c) * g.inPlane();
        for (int a = 0; a < sH; a++) {
            if (l.phaseH()[a] < 0) {
                continue;
            }
            int i0 = Math.max(0, Math.ceilDiv(g.padH() - a, sH));
            int i1 = Math.min(l.hq(), Math.ceilDiv(g.inH() + g.padH() - a, sH));
            for (int b = 0; b < sW; b++) {
                if (l.phaseW()[b] < 0) {
                    continue;
                }
                int j0 = Math.max(0, Math.ceilDiv(g.padW() - b, sW));
                int j1 = Math.min(l.wq(), Math.ceilDiv(g.inW() + g.padW() - b, sW));
                if (j1 <= j0) {
                    continue;
                }
                int base = off + (l.phaseH()[a] * l.phasesW() + l.phaseW()[b]) * l.stack();
                if (sW == 1 && i1 > i0) {
                    // one masked copy per row (System.arraycopy per row of 28 was a tenth of ResNet's layers)
                    int src = xc + (i0 * sH + a - g.padH()) * g.inW() + j0 + b - g.padW();
                    TapLoops.copyRows(x, src, sH * g.inW(), out, base + i0 * l.wq() + j0, l.wq(), i1 - i0, j1 - j0);
                    continue;
                }
                for (int i = i0; i < i1; i++) {
                    int src = xc + (i * sH + a - g.padH()) * g.inW() + j0 * sW + b - g.padW();
                    int dst = base + i * l.wq() + j0;
                    for (int j = 0; j < j1 - j0; j++) {
                        out[dst + j] = x[src + j * sW];
                    }
                }
            }
        }
    }

    /**
     * The scalar reference of {@link WeightPlanesSimdFloat#tile} with vectors of lanes elements, bit for bit:
     * accumulator (i, t, lane j) is the fma chain over images n and q ≡ j (mod lanes) in order of
     * gy[g0 + n·gi + i·gs + q] · x[n·xi + x_t + q], and gw[w0 + i·ws + t] += {@link #lanes} of it.
     */
    static void tile(float[] gy, int g0, int gs, int gi, float[] x, int x0, int x1, int x2, int x3, int xi, int len,
                     int images, float[] gw, int w0, int ws, int rows, int taps, int lanes) {
        float[] acc = new float[ROWS * TAPS * lanes];
        int[] xt = {x0, x1, x2, x3};
        for (int n = 0; n < images; n++) {
            for (int q = 0; q < len; q += lanes) {
                for (int i = 0; i < ROWS; i++) {
                    for (int t = 0; t < TAPS; t++) {
                        for (int j = 0; j < lanes; j++) {
                            int a = (i * TAPS + t) * lanes + j;
                            acc[a] = Math.fma(gy[g0 + n * gi + i * gs + q + j], x[n * xi + xt[t] + q + j], acc[a]);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < taps; t++) {
                gw[w0 + i * ws + t] += lanes(acc, (i * TAPS + t) * lanes, lanes);
            }
        }
    }

    /** The sum of v[off, off + lanes) by halves: v[j] += v[j + h] for j &lt; h, h = lanes/2, lanes/4, ..., 1. */
    static float lanes(float[] v, int off, int lanes) {
        float[] s = Arrays.copyOfRange(v, off, off + lanes);
        for (int h = lanes / 2; h >= 1; h /= 2) {
            for (int j = 0; j < h; j++) {
                s[j] += s[j + h];
            }
        }
        return s[0];
    }
}
