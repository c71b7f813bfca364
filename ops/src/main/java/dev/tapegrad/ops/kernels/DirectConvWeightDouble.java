// GENERATED from DirectConvWeightFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The weight gradient of the DIRECT convolution method in FLOAT64 ({@link DirectConvDouble}, whose padded planes,
 * tap offsets and per-thread scratch it shares): every tap of the kernel is one dot product of an output-gradient
 * plane with a shifted input plane, several output channels sharing each load of the input; other strides run
 * row by row with lane-wise partial sums. Generated from {@link DirectConvWeightFloat}: edit that file, not this one.
 */
final class DirectConvWeightDouble {
    private DirectConvWeightDouble() {}

    /** Lanes of the partial sums of the weight-gradient dot products (a multiple of any vector width). */
    private static final int LANES = 64;

    /** Output channels whose weight gradients are computed together (sharing each load of the input). */
    private static final int WEIGHT_ROWS = 4;

    /**
     * gw = Σ_n Σ_pixels gy[n][o] · shifted x[n][c], split over output channels (each summed over the batch in
     * a fixed order, so independent of threads). With unit stride the input is padded once for all channels.
     */
    static void backwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) {
        if (!DirectConvDouble.unitStride(g)) {
            ConvMethod.forEach(g.outChannels(), (from, to) -> {
                for (int o = from; o < to; o++) {
                    weightRows(g, x, gy, gw, o);
                }
            });
            return;
        }
        int pp = DirectConvDouble.paddedH(g) * DirectConvDouble.paddedW(g);
        int blocks = (g.groupOut() + WEIGHT_ROWS - 1) / WEIGHT_ROWS;
        if (g.groupOut() == 1) {
            // one output channel per group (depthwise): each thread's channels walked image by image, so that x
            // and gy are read in memory order (channel by channel they were read in 4 KB planes 256 KB apart);
            // every channel still sums its images in order, so results are unchanged
            ConvMethod.forEach(g.groups(), (from, to) -> weightOneChannel(g, x, gy, gw, from, to));
            return;
        }
        // below, as for one channel: each thread's blocks of channels walked image by image, in memory order
        if (blocks == 1) {
            // one block per group: each group's input planes serve one block, padded as it goes
            ConvMethod.forEach(g.groups(), (from, to) -> {
                double[] xp = DirectConvDouble.SCRATCH.get().planes(g.groupIn() * pp);
                Arrays.fill(gw, from * g.groupOut() * g.patch(), to * g.groupOut() * g.patch(), 0.0);
                for (int n = 0; n < g.batch(); n++) {
                    for (int grp = from; grp < to; grp++) {
                        weightImage(g, x, xp, true, gy, gw, grp * g.groupOut(), g.groupOut(), n);
                    }
                }
            });
            return;
        }
        int planes = g.batch() * g.inChannels();
        double[] xp = DirectConvDouble.SCRATCH.get().planes(planes * pp);
        ConvMethod.forEach(planes, (from, to) -> {
            for (int p = from; p < to; p++) {
                DirectConvDouble.pad(g, x, p * g.inPlane(), xp, p * pp);
            }
        });
        ConvMethod.forEach(g.groups() * blocks, (from, to) -> {
            for (int u = from; u < to; u++) {
                int o0 = u / blocks * g.groupOut() + u % blocks * WEIGHT_ROWS;
                int rows = Math.min(WEIGHT_ROWS, g.groupOut() - u % blocks * WEIGHT_ROWS);
                Arrays.fill(gw, o0 * g.patch(), (o0 + rows) * g.patch(), 0.0);
            }
            for (int n = 0; n < g.batch(); n++) {
                for (int u = from; u < to; u++) {
                    int o0 = u / blocks * g.groupOut() + u % blocks * WEIGHT_ROWS;
                    int rows = Math.min(WEIGHT_ROWS, g.groupOut() - u % blocks * WEIGHT_ROWS);
                    weightImage(g, x, xp, false, gy, gw, o0, rows, n);
                }
            }
        });
    }

    /** gw of groups [from, to) with one output channel each, image by image (see {@link #backwardWeight}). */
    private static void weightOneChannel(ConvGeometry g, double[] x, double[] gy, double[] gw, int from, int to) {
        int wp = DirectConvDouble.paddedW(g);
        int pp = DirectConvDouble.paddedH(g) * wp;
        int[] offsets = DirectConvDouble.tapOffsets(g);
        int taps = offsets.length;
        int gin = g.groupIn();
        double[] xp = DirectConvDouble.SCRATCH.get().planes(pp);
        Arrays.fill(gw, from * gin * taps, to * gin * taps, 0.0);
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = from; grp < to; grp++) {
                int a = (n * g.outChannels() + grp) * g.outPlane();
                for (int c = 0; c < gin; c++) {
                    DirectConvDouble.pad(g, x, (n * g.inChannels() + grp * gin + c) * g.inPlane(), xp, 0);
                    TapLoops.dotsGrid(gy, a, g.outW(), g.outH(), g.outW(), xp, 0, wp, offsets, gw, (grp * gin + c) * taps);
                }
            }
        }
    }

    /**
     * Adds image n's share to gw for output channels [o0, o0 + rows) of one group, their gradient planes sharing
     * each load of the input. xp holds every padded input plane, or (padEach) room for the group's planes of one
     * image, padded here.
     */
    private static void weightImage(ConvGeometry g, double[] x, double[] xp, boolean padEach, double[] gy, double[] gw,
                                    int o0, int rows, int n) {
        int wp = DirectConvDouble.paddedW(g);
        int pp = DirectConvDouble.paddedH(g) * wp;
        int len = DirectConvDouble.span(g);
        int[] offsets = DirectConvDouble.tapOffsets(g);
        int taps = offsets.length;
        int grp = o0 / g.groupOut();
        int gk = g.groupIn() * taps;
        int plane = g.outH() * wp;
        double[] gyw = DirectConvDouble.SCRATCH.get().row(rows * plane);
        for (int r = 0; r < rows; r++) {
            DirectConvDouble.widen(g, gy, (n * g.outChannels() + o0 + r) * g.outPlane(), gyw, r * plane);
        }
        for (int c = 0; c < g.groupIn(); c++) {
            int xi = n * g.inChannels() + grp * g.groupIn() + c;
            int xc = padEach ? c * pp : xi * pp;
            if (padEach) {
                DirectConvDouble.pad(g, x, xi * g.inPlane(), xp, xc);
            }
            TapLoops.dotsRows(gyw, 0, plane, rows, xp, xc, offsets, len, gw, o0 * gk + c * taps, gk);
        }
    }

    private static void weightRows(ConvGeometry g, double[] x, double[] gy, double[] gw, int o) {
        int taps = g.kernelH() * g.kernelW();
        int cg = g.groupIn();
        double[] sums = DirectConvDouble.SCRATCH.get().sums(cg * taps * LANES);
        Arrays.fill(sums, 0, cg * taps * LANES, 0.0);
        weightRowSums(g, x, gy, o, sums);
        for (int t = 0; t < cg * taps; t++) {
            double sum = 0.0;
            for (int j = 0; j < LANES; j++) {
                sum += sums[t * LANES + j];
            }
            gw[o * cg * taps + t] = sum;
        }
    }

    private static void weightRowSums(ConvGeometry g, double[] x, double[] gy, int o, double[] sums) {
        int ow = g.outW();
        int sw = g.strideW();
        int taps = g.kernelH() * g.kernelW();
        int grp = o / g.groupOut();
        for (int n = 0; n < g.batch(); n++) {
            int yo = (n * g.outChannels() + o) * g.outPlane();
            for (int c = 0; c < g.groupIn(); c++) {
                int xc = (n * g.inChannels() + grp * g.groupIn() + c) * g.inPlane();
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    int offH = ki * g.dilationH() - g.padH();
                    int r0 = g.firstRow(offH);
                    int r1 = g.endRow(offH);
                    for (int kj = 0; kj < g.kernelW(); kj++) {
                        int offW = kj * g.dilationW() - g.padW();
                        int c0 = g.firstCol(offW);
                        int c1 = g.endCol(offW);
                        int acc = ((c * taps) + ki * g.kernelW() + kj) * LANES;
                        for (int oh = r0; oh < r1; oh++) {
                            int src = xc + (oh * g.strideH() + offH) * g.inW() + offW;
                            int gyRow = yo + oh * ow;
                            for (int j = c0; j < c1; j++) {
                                sums[acc + (j & (LANES - 1))] += gy[gyRow + j] * x[src + j * sw];
                            }
                        }
                    }
                }
            }
        }
    }
}
