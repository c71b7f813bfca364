// GENERATED from GemmConvFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The GEMM convolution method in FLOAT64. The forward and the input gradient split the batch over
 * {@link Parallel}'s threads; each thread takes its images in chunks and, per chunk and group, unfolds the
 * receptive fields side by side into one wide matrix col [patch × images·pixels] and runs one
 * single-threaded {@link Gemm}: forward Y = W·col, input gradient col = Wᵀ·G then folded back, where G is
 * the output gradient gathered into [out channels × images·pixels]; chunks of one image (large images, see
 * {@link #SINGLE_IMAGE_ELEMENTS}) write Y and read G in place. The weight gradient splits the columns
 * of dW (rows of col; rows of dW when the patch is narrow) over threads, each unfolding only its rows, and
 * accumulates dW += G_n·col_nᵀ image by image. Every output element is one fixed sum whatever the split, so
 * results do not depend on the thread count. Generated from {@link GemmConvFloat}: edit that file, not this one.
 */
final class GemmConvDouble {
    private GemmConvDouble() {}

    /** Elements of the unfolded matrix per chunk and thread (2^20 elements). */
    static final int CHUNK_ELEMENTS = 1 << 20;

    /** Columns of dW per unit of the weight-gradient split (a multiple of the GEMM's tile width). */
    private static final int COLUMN_BLOCK = 32;

    /** Rows of dW per unit of the split when the patch is narrow (the GEMM's tile height). */
    private static final int ROW_BLOCK = 6;

    /**
     * Per-thread scratch: the unfolded matrix, the gathered output (gradient), the channels-last image, W (or the
     * output gradient) packed, and the offsets of the in-place register tile per k step and per vector.
     */
    private static final class Scratch {
        /** Spare elements past the requested size, so that masked last vectors stay inside the array. */
        static final int SLACK = 64;

        double[] col = new double[0];
        double[] out = new double[0];
        double[] hwc = new double[0];
        double[] packed = new double[0];
        int[] steps = new int[0];
        int[] vectors = new int[0];

        double[] col(int n) {
            return col = Buffers.atLeast(col, n, SLACK);
        }

        double[] out(int n) {
            return out = Buffers.atLeast(out, n, SLACK);
        }

        double[] hwc(int n) {
            return hwc = Buffers.atLeast(hwc, n, SLACK);
        }

        double[] packed(int n) {
            return packed = Buffers.atLeast(packed, n, SLACK);
        }

        int[] steps(int n) {
            return steps = Buffers.atLeast(steps, n);
        }

        int[] vectors(int n) {
            return vectors = Buffers.atLeast(vectors, n);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Unfolded images at least this large (2^17 elements, half of a 1 MB L2 in FLOAT64) go one per GEMM: the
     * unfolded matrix then stays in L2 between its writing and the GEMM's packing (or, for the input gradient,
     * between the GEMM and the fold), and the GEMM reads and writes the image's planes in place, without the
     * gathering and scattering copies (1 thread, CPU ms, min of 30 rounds alternating old and new in one JVM,
     * load about 3.5: 3×3 stride-2 64→128 from 32×32, batch 32, 147456 elements per image, forward 15.2 → 15.0,
     * input gradient 14.7 → 14.1 with {@link Col2imDouble#col2imInto}).
     */
    static final int SINGLE_IMAGE_ELEMENTS = 1 << 17;

    /** Images per chunk: as many as fit CHUNK_ELEMENTS, at least one; one when the image alone is large. */
    private static int chunk(ConvGeometry g) {
        long perImage = (long) g.patch() * g.outPlane();
        if (perImage >= SINGLE_IMAGE_ELEMENTS) {
            return 1;
        }
        return (int) Math.max(1, Math.min(g.batch(), CHUNK_ELEMENTS / Math.max(1, perImage)));
    }

    /**
     * Runs body over the batch: split over threads when every thread gets a fair share of images; else on
     * the caller alone, so that the GEMMs inside split their columns over the threads instead.
     */
    private static void images(ConvGeometry g, ConvMethod.Range body) {
        if (splitsImages(g)) {
            ConvMethod.forEach(g.batch(), body);
        } else {
            body.run(0, g.batch());
        }
    }

    /** Whether {@link #images} splits the batch over threads (each GEMM then runs on one thread). */
    private static boolean splitsImages(ConvGeometry g) {
        int n = g.batch();
        int t = Parallel.threads();
        return n >= t && (n % t == 0 || n >= 4 * t);
    }

    /**
     * The weight packed once for the GEMMs of one image at a time ({@link Gemm#dgemmPackA}): op(W) with W as the
     * forward's [out × patch] or, transposed, as the input gradient's [patch × out]. Null where the GEMMs pack
     * it themselves: chunks of several images (one GEMM each), groups, a depth past one K block, or GEMMs that
     * split over the threads themselves (batch not split). Measured against packing W inside every image's
     * GEMM (1 thread, CPU ms, min of 20 rounds alternating in one JVM, load about 4: 3×3 stride-2 64→128 from
     * 32×32, batch 32): forward 15.3 → 13.2, input gradient 14.4 → 12.9, bit for bit the same.
     */
    private static double[] packedWeight(ConvGeometry g, double[] w, int cnt, boolean transposed) {
        int m = transposed ? g.patch() : g.groupOut();
        int k = transposed ? g.groupOut() : g.patch();
        if (cnt != 1 || g.groups() != 1 || !Gemm.dgemmPacksA(k) || Parallel.threads() > 1 && !splitsImages(g)) {
            return null;
        }
        double[] ap = SCRATCH.get().packed(Gemm.dgemmPackedASize(m, k));
        Gemm.dgemmPackA(transposed, m, k, w, 0, g.patch(), ap);
        return ap;
    }

    /** col = the receptive fields of images [n0, n0 + count) in group grp, side by side. */
    private static void unfold(ConvGeometry g, double[] x, int n0, int count, int grp, double[] col) {
        int ld = count * g.outPlane();
        int xs = g.inChannels() * g.inPlane();
        for (int i = 0; i < count; i++) {
            Im2colDouble.im2col(g, x, (n0 + i) * xs + grp * g.groupIn() * g.inPlane(), col, i * g.outPlane(), ld);
        }
    }

    /** out[o][i·P + p] = y[n0 + i][grp·og + o][p]: the group's output planes of the chunk side by side. */
    private static void gather(ConvGeometry g, double[] y, int n0, int count, int grp, double[] out) {
        int plane = g.outPlane();
        int ld = count * plane;
        for (int i = 0; i < count; i++) {
            for (int o = 0; o < g.groupOut(); o++) {
                System.arraycopy(y, ((n0 + i) * g.outChannels() + grp * g.groupOut() + o) * plane, out, o * ld + i * plane,
                        plane);
            }
        }
    }

    /**
     * Output planes at most this large (7×7, 8×8) unfold a chunk of several images straight into the GEMM's
     * packed-B panels by gathers (see {@link #unfoldsPanels}). Forward, old (im2col and the GEMM's packing) /
     * new, min of 80-150 rounds alternating in one JVM (CPU ms on 1 thread, wall ms on 2), load 4-9, so noisy:
     * 3×3 stride-2 32→64 from 14×14, batch 64: 2.00 / 1.59, 1.48 / 1.33, 2.32 / 2.24 (2 threads 1.07 / 0.70,
     * 1.09 / 0.87); 3×3 stride-2 64→128 from 16×16, batch 32: 3.22 / 2.77, 2.69 / 2.37. Larger planes lost
     * (14×14: 3×3 16→32 from 28×28 2.02 / 2.20, 1×1 0.42 / 0.49; LeNet's 10×10 0.72 / 0.90), their rows long
     * enough for im2col's row copies, and so did 1×1 kernels on 7×7 (0.28 / 0.31, 0.38 / 0.46): one tap per
     * table entry leaves the tables too large a share.
     */
    static final int PANEL_PLANE = 64;

    /**
     * Whether a chunk of several images unfolds straight into the GEMM's packed-B panels by gathers
     * ({@link Im2colSimdDouble#unfoldPanels}) instead of im2col and the GEMM's packing: with the Vector API, for
     * small output planes and kernels of more than one tap, when the GEMMs run on one thread each (dgemmPanels
     * does not split itself).
     */
    private static boolean unfoldsPanels(ConvGeometry g, int width) {
        return g.outPlane() <= PANEL_PLANE && g.kernelH() * g.kernelW() > 1 && Kernels.simd()
                && Im2colSimdDouble.fits(width) && (Parallel.threads() == 1 || splitsImages(g));
    }

    static void forward(ConvGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        forward(g, x, w, bias, y, chunk(g));
    }

    /** {@link #forward} with cnt images per chunk (one: GEMMs straight into y). */
    static void forward(ConvGeometry g, double[] x, double[] w, double[] bias, double[] y, int cnt) {
        images(g, (from, to) -> {
            double[] packed = packedWeight(g, w, cnt, false);
            for (int n0 = from; n0 < to; n0 += cnt) {
                forwardChunk(g, x, w, packed, bias, y, n0, Math.min(cnt, to - n0));
            }
        });
    }

    /**
     * One chunk of the forward; packed is W packed by {@link #packedWeight}, or null. With W packed at stride 2 and
     * output rows of whole vectors, one image is not unfolded at all: the register tile reads its taps in place from
     * a padded image split by column parity ({@link StridedImageDouble}, {@link ImplicitGemmSimdDouble}); else, with
     * rows split by parity (stride 2 from 32-wide and larger images), one image is unfolded straight into the GEMM's
     * packed-B panels ({@link Im2colSimdDouble#splitPanels}), so neither operand is packed inside the GEMM.
     */
    private static void forwardChunk(ConvGeometry g, double[] x, double[] w, double[] packed, double[] bias, double[] y,
                                     int n0, int count) {
        int plane = g.outPlane();
        int og = g.groupOut();
        int kg = g.patch();
        int ld = count * plane;
        Scratch s = SCRATCH.get();
        int width = Gemm.dgemmPanelWidth();
        boolean panels = count > 1 && unfoldsPanels(g, width);
        boolean implicit = count == 1 && packed != null && implicitForward(g);
        boolean splitPanels = count == 1 && packed != null && !implicit && Im2colSimdDouble.splitPanels(g, width);
        double[] col = implicit ? null : s.col(panels || splitPanels ? kg * ((ld + width - 1) / width * width) : kg * ld);
        double[] out = count == 1 ? null : s.out(og * ld);
        for (int grp = 0; grp < g.groups(); grp++) {
            if (count == 1) {
                int dst = (n0 * g.outChannels() + grp * og) * plane;
                if (implicit) {
                    double[] img = StridedImageDouble.fill(g, x, n0 * g.inChannels() * g.inPlane());
                    int[] taps = s.steps(kg);
                    int[] rows = s.vectors(plane);
                    stridedOffsets(g, taps, rows);
                    ImplicitGemmSimdDouble.gemm(og, plane, kg, packed, img, taps, rows, true, y, dst, plane);
                } else if (splitPanels) {
                    Im2colSimdDouble.splitPanels(g, x, n0 * g.inChannels() * g.inPlane(), width, col);
                    Gemm.dgemmPanelsPackedA(og, plane, kg, packed, col, 0, 0.0, y, dst, plane);
                } else if (packed != null) {
                    unfold(g, x, n0, count, grp, col);
                    Gemm.dgemmPackedA(og, plane, kg, packed, col, 0, plane, 0.0, y, dst, plane);
                } else {
                    unfold(g, x, n0, count, grp, col);
                    Gemm.dgemm(false, false, og, plane, kg, w, grp * og * kg, kg, col, 0, plane, 0.0, y, dst, plane);
                }
                for (int o = 0; o < og && bias != null; o++) {
                    double b = bias[grp * og + o];
                    for (int p = dst + o * plane; p < dst + (o + 1) * plane; p++) {
                        y[p] += b;
                    }
                }
                continue;
            }
            if (panels) {
                Im2colSimdDouble.unfoldPanels(g, x, n0, count, grp, width, col);
                Gemm.dgemmPanels(false, og, ld, kg, w, grp * og * kg, kg, col, 0, 0.0, out, 0, ld);
            } else {
                unfold(g, x, n0, count, grp, col);
                Gemm.dgemm(false, false, og, ld, kg, w, grp * og * kg, kg, col, 0, ld, 0.0, out, 0, ld);
            }
            for (int i = 0; i < count; i++) {
                for (int o = 0; o < og; o++) {
                    int ch = grp * og + o;
                    int dst = ((n0 + i) * g.outChannels() + ch) * plane;
                    int src = o * ld + i * plane;
                    if (bias == null) {
                        System.arraycopy(out, src, y, dst, plane);
                    } else {
                        double b = bias[ch];
                        for (int p = 0; p < plane; p++) {
                            y[dst + p] = out[src + p] + b;
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether a stride-2 forward of one image per GEMM reads its taps in place ({@link StridedImageDouble},
     * {@link ImplicitGemmSimdDouble}) instead of unfolding them into packed panels ({@link Im2colSimdDouble#splitPanels}):
     * with 512-bit vectors, output rows of whole vectors.
     */
    private static boolean implicitForward(ConvGeometry g) {
        return Kernels.simd() && ImplicitGemmSimdDouble.fits() && StridedImageDouble.applies(g)
                && g.outW() % ImplicitGemmSimdDouble.L == 0;
    }

    /**
     * The offsets of {@link ImplicitGemmSimdDouble#gemm} over a {@link StridedImageDouble}: taps[r] for im2col row r =
     * (c, ki, kj), rows[v] for the output pixels [v·L, v·L + L) (one output row's, L dividing outW).
     */
    private static void stridedOffsets(ConvGeometry g, int[] taps, int[] rows) {
        int r = 0;
        for (int c = 0; c < g.groupIn(); c++) {
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++) {
                    taps[r++] = StridedImageDouble.tapOffset(g, c, ki, kj);
                }
            }
        }
        int l = ImplicitGemmSimdDouble.L;
        for (int v = 0; v < g.outPlane() / l; v++) {
            rows[v] = v * l / g.outW() * 2 * StridedImageDouble.rowLength(g) + v * l % g.outW();
        }
    }

    static void backwardData(ConvGeometry g, double[] gy, double[] w, double[] gx) {
        backwardData(g, gy, w, gx, chunk(g));
    }

    /** {@link #backwardData} with cnt images per chunk (one: GEMMs straight from gy). */
    static void backwardData(ConvGeometry g, double[] gy, double[] w, double[] gx, int cnt) {
        images(g, (from, to) -> {
            double[] packed = packedWeight(g, w, cnt, true);
            for (int n0 = from; n0 < to; n0 += cnt) {
                backwardDataChunk(g, gy, w, packed, gx, n0, Math.min(cnt, to - n0));
            }
        });
    }

    /** One chunk of the input gradient; packed is Wᵀ packed by {@link #packedWeight}, or null. */
    private static void backwardDataChunk(ConvGeometry g, double[] gy, double[] w, double[] packed, double[] gx, int n0,
                                          int count) {
        int plane = g.outPlane();
        int og = g.groupOut();
        int kg = g.patch();
        int xs = g.inChannels() * g.inPlane();
        int ld = count * plane;
        Scratch s = SCRATCH.get();
        double[] col = s.col(kg * ld);
        for (int grp = 0; grp < g.groups(); grp++) {
            if (count == 1) {
                int src = (n0 * g.outChannels() + grp * og) * plane;
                if (packed != null) {
                    Gemm.dgemmPackedA(kg, plane, og, packed, gy, src, plane, 0.0, col, 0, plane);
                } else {
                    Gemm.dgemm(true, false, kg, plane, og, w, grp * og * kg, kg, gy, src, plane, 0.0, col, 0, plane);
                }
            } else {
                double[] out = s.out(og * ld);
                gather(g, gy, n0, count, grp, out);
                Gemm.dgemm(true, false, kg, ld, og, w, grp * og * kg, kg, out, 0, ld, 0.0, col, 0, ld);
            }
            int xg = grp * g.groupIn() * g.inPlane();
            for (int i = 0; i < count; i++) {
                Col2imDouble.col2imInto(g, col, i * plane, ld, gx, (n0 + i) * xs + xg);
            }
        }
    }

    /**
     * gw[o][r] = Σ_n Σ_p gy[n][o][p] · col_n[r][p]. Where {@link ConvMethod#planesWeightGradient} holds (few
     * output channels, with the Vector API), as dot products of shifted phase planes without im2col
     * ({@link WeightPlanesDouble}; by im2col after all when that result holds a NaN, see there). Else one GEMM per
     * image with beta 1 after the first, so each element is one fma chain over (n, p) in order. Threads take
     * blocks of columns r (unfolding only those rows) when the patch is wide enough, else blocks of output
     * channels.
     */
    static void backwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) {
        int kg = g.patch();
        int og = g.groupOut();
        if (g.batch() == 0 || g.outPlane() == 0) {
            Arrays.fill(gw, 0, g.weightSize(), 0.0);
            return;
        }
        if (ConvMethod.planesWeightGradient(g) && WeightPlanesDouble.backwardWeight(g, x, gy, gw)) {
            return;
        }
        if (kg >= 2 * COLUMN_BLOCK) {
            ConvMethod.forEach((kg + COLUMN_BLOCK - 1) / COLUMN_BLOCK, (from, to) ->
                    weightBlock(g, x, gy, gw, from * COLUMN_BLOCK, Math.min(kg, to * COLUMN_BLOCK), 0, og));
        } else {
            ConvMethod.forEach((og + ROW_BLOCK - 1) / ROW_BLOCK, (from, to) ->
                    weightBlock(g, x, gy, gw, 0, kg, from * ROW_BLOCK, Math.min(og, to * ROW_BLOCK)));
        }
    }

    /**
     * Whether the weight gradient unfolds straight into the GEMM's packed-B panels: with the Vector API, when at
     * least 4/5 of the output pixels have their whole receptive field inside the input and are gathered a
     * vector at a time. Else im2col and the GEMM's own transposing pack, faster when the border (element by
     * element) is a large share (1 thread, CPU ms, min of 80, load 7.5: 3×3 stride-2 32→64 from 14×14, 36 of
     * 49 pixels inside, batch 64: 1.95 by im2col, 2.32 by panels; 64→128 from 32×32, 225 of 256 inside,
     * batch 32: 11.7 and 10.8; LeNet's 5×5 6→16 unpadded: 1.05 and 0.84).
     */
    private static boolean unfoldsIntoPanels(ConvGeometry g) {
        return Kernels.simd() && 5L * Im2colPanelsDouble.interiorPixels(g) >= 4L * g.outPlane();
    }

    /**
     * gw[grp·og + o][r] for o in [o0, o1), r in [r0, r1) and every group, image by image: the rows [r0, r1) of
     * the unfolded input either written transposed into the GEMM's packed-B panels ({@link Gemm#dgemmPanels})
     * or unfolded as they are for the GEMM to pack (see {@link #unfoldsIntoPanels}).
     */
    private static void weightBlock(ConvGeometry g, double[] x, double[] gy, double[] gw, int r0, int r1, int o0, int o1) {
        int width = Gemm.dgemmPanelWidth();
        if (Im2colChannelsLastDouble.channelsLast(g, width, r0)) {
            weightBlockChannelsLast(g, x, gy, gw, r0, r1, o0, o1);
            return;
        }
        int plane = g.outPlane();
        int og = g.groupOut();
        int kg = g.patch();
        int xs = g.inChannels() * g.inPlane();
        boolean panels = unfoldsIntoPanels(g);
        double[] col = SCRATCH.get().col((r1 - r0 + width - 1) / width * width * plane);
        for (int grp = 0; grp < g.groups(); grp++) {
            int xg = grp * g.groupIn() * g.inPlane();
            int wg = (grp * og + o0) * kg + r0;
            for (int n = 0; n < g.batch(); n++) {
                int gyo = (n * g.outChannels() + grp * og + o0) * plane;
                double beta = n == 0 ? 0.0 : 1.0;
                if (panels) {
                    Im2colPanelsDouble.im2colPanels(g, x, n * xs + xg, r0, r1, width, col, 0);
                    Gemm.dgemmPanels(false, o1 - o0, r1 - r0, plane, gy, gyo, plane, col, 0, beta, gw, wg, kg);
                } else {
                    Im2colDouble.im2col(g, x, n * xs + xg, col, 0, plane, r0, r1);
                    Gemm.dgemm(false, true, o1 - o0, r1 - r0, plane, gy, gyo, plane, col, 0, plane, beta, gw, wg, kg);
                }
            }
        }
    }

    /**
     * Whether the channels-last weight gradient reads the image in place from the GEMM's register tile
     * ({@link ImplicitGemmSimdDouble}) instead of copying it into packed panels: with 512-bit vectors, and output
     * planes that fit one K block (the output gradient of an image is then packed once as A).
     */
    private static boolean implicitWeight(ConvGeometry g) {
        return Kernels.simd() && ImplicitGemmSimdDouble.fits() && Gemm.dgemmPacksA(g.outPlane());
    }

    /**
     * {@link #weightBlock} through the channels-last image ({@link Im2colChannelsLastDouble#channelsLast}): its panels are
     * vector copies instead of gathers, with the patch rows in the order of {@link Im2colChannelsLastDouble#channelsLastRow}
     * (each thread's block of rows reads, and transposes, few channel blocks), so the block of dW is computed
     * into scratch with its columns in that order and then put in place; each element is the same fma chain
     * over (n, p) as by im2col (1 thread, CPU ms, min of 20 rounds alternating old and new in one JVM, load
     * about 3.5, batch 32 or 64, 3×3 stride 2 by gathering panels / channels last: 64→128 from 32×32 16.6 /
     * 15.5, 32→64 from 16×16 3.35 / 2.27, from 14×14 2.57 / 1.75). Rows in channel blocks rather than
     * tap-major, so that each of 2 threads transposes only its half of the channels: 64→128 on 2 threads, wall
     * ms, min of 40 alternating, 10.0 → 9.25.
     */
    private static void weightBlockChannelsLast(ConvGeometry g, double[] x, double[] gy, double[] gw, int r0, int r1,
                                                int o0, int o1) {
        int plane = g.outPlane();
        int og = g.groupOut();
        int kg = g.patch();
        int c = g.groupIn();
        int xs = g.inChannels() * g.inPlane();
        int width = Gemm.dgemmPanelWidth();
        int cols = r1 - r0;
        Scratch s = SCRATCH.get();
        boolean implicit = implicitWeight(g);
        double[] col = implicit ? null : s.col((cols + width - 1) / width * width * plane);
        double[] packed = implicit ? s.packed(Gemm.dgemmPackedASize(o1 - o0, plane)) : null;
        int[] pixels = s.steps(plane);
        int[] vectors = s.vectors(cols);
        Im2colChannelsLastDouble.pixelOffsets(g, pixels);
        Im2colChannelsLastDouble.vectorOffsets(g, r0, r1, vectors);
        double[] dw = s.out((o1 - o0) * cols);
        double[] hwc = s.hwc(Im2colChannelsLastDouble.channelsLastSize(g));
        Arrays.fill(hwc, 0, Im2colChannelsLastDouble.channelsLastSize(g), 0.0);
        int c0 = Im2colChannelsLastDouble.channelsLastFirst(g, r0);
        int c1 = Im2colChannelsLastDouble.channelsLastEnd(g, r1);
        for (int grp = 0; grp < g.groups(); grp++) {
            int xg = grp * c * g.inPlane();
            for (int n = 0; n < g.batch(); n++) {
                int gyo = (n * g.outChannels() + grp * og + o0) * plane;
                Im2colChannelsLastDouble.channelsLast(g, x, n * xs + xg, c0, c1, hwc);
                if (implicit) {
                    Gemm.dgemmPackA(false, o1 - o0, plane, gy, gyo, plane, packed);
                    ImplicitGemmSimdDouble.gemm(o1 - o0, cols, plane, packed, hwc, pixels, vectors, n == 0, dw, 0, cols);
                } else {
                    Im2colChannelsLastDouble.channelsLastPanels(g, hwc, r0, r1, width, col, 0);
                    Gemm.dgemmPanels(false, o1 - o0, cols, plane, gy, gyo, plane, col, 0, n == 0 ? 0.0 : 1.0, dw, 0,
                            cols);
                }
            }
            for (int o = o0; o < o1; o++) {
                int dst = (grp * og + o) * kg;
                int src = (o - o0) * cols - r0;
                for (int r = r0; r < r1; r++) {
                    gw[dst + Im2colChannelsLastDouble.channelsLastRow(g, r)] = dw[src + r];
                }
            }
        }
    }
}
