package dev.tapegrad.ops.kernels;

import java.util.Arrays;

/**
 * The GEMM convolution method in FLOAT64. Images are taken in chunks; per chunk and group the receptive
 * fields of all its images are unfolded side by side into one wide matrix col [patch × images·pixels], so
 * each product is large enough for the blocked {@link Gemm}:
 * forward  Y = W·col, input gradient col = Wᵀ·G then folded back, weight gradient dW += G·colᵀ,
 * where G is the output gradient gathered into [out channels × images·pixels]. The chunk size depends on
 * the shape only, so results do not depend on the thread count. {@link GemmConvFloat} is the same for FLOAT32.
 */
final class GemmConvDouble {
    private GemmConvDouble() {}

    /** Elements of the unfolded matrix per chunk (16 MB in FLOAT64). */
    static final int CHUNK_ELEMENTS = 1 << 22;

    /** Per-thread scratch: the unfolded matrix and the gathered output (gradient). */
    private static final class Scratch {
        double[] col = new double[0];
        double[] out = new double[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static int chunk(ConvGeometry g) {
        long perImage = (long) g.patch() * g.outPlane();
        return (int) Math.max(1, Math.min(g.batch(), CHUNK_ELEMENTS / Math.max(1, perImage)));
    }

    private static Scratch scratch(ConvGeometry g, int images) {
        Scratch s = SCRATCH.get();
        int cols = images * g.outPlane();
        if (s.col.length < g.patch() * cols) {
            s.col = new double[g.patch() * cols];
        }
        if (s.out.length < g.groupOut() * cols) {
            s.out = new double[g.groupOut() * cols];
        }
        return s;
    }

    /** col = the receptive fields of images [n0, n0 + count) in group grp, side by side. */
    private static void unfold(ConvGeometry g, double[] x, int n0, int count, int grp, double[] col) {
        int ld = count * g.outPlane();
        int xs = g.inChannels() * g.inPlane();
        ConvMethod.forEach(count, (from, to) -> {
            for (int i = from; i < to; i++) {
                Im2col.im2col(g, x, (n0 + i) * xs + grp * g.groupIn() * g.inPlane(), col, i * g.outPlane(), ld);
            }
        });
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

    static void forward(ConvGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        int cnt = chunk(g);
        Scratch s = scratch(g, cnt);
        int plane = g.outPlane();
        int og = g.groupOut();
        int kg = g.patch();
        for (int n0 = 0; n0 < g.batch(); n0 += cnt) {
            int count = Math.min(cnt, g.batch() - n0);
            int ld = count * plane;
            for (int grp = 0; grp < g.groups(); grp++) {
                unfold(g, x, n0, count, grp, s.col);
                Gemm.dgemm(false, false, og, ld, kg, w, grp * og * kg, kg, s.col, 0, ld, 0.0, s.out, 0, ld);
                for (int i = 0; i < count; i++) {
                    for (int o = 0; o < og; o++) {
                        int ch = grp * og + o;
                        int dst = ((n0 + i) * g.outChannels() + ch) * plane;
                        int src = o * ld + i * plane;
                        if (bias == null) {
                            System.arraycopy(s.out, src, y, dst, plane);
                        } else {
                            double b = bias[ch];
                            for (int p = 0; p < plane; p++) {
                                y[dst + p] = s.out[src + p] + b;
                            }
                        }
                    }
                }
            }
        }
    }

    static void backwardData(ConvGeometry g, double[] gy, double[] w, double[] gx) {
        int cnt = chunk(g);
        Scratch s = scratch(g, cnt);
        int plane = g.outPlane();
        int og = g.groupOut();
        int kg = g.patch();
        int xs = g.inChannels() * g.inPlane();
        Arrays.fill(gx, 0, g.batch() * xs, 0.0);
        for (int n0 = 0; n0 < g.batch(); n0 += cnt) {
            int count = Math.min(cnt, g.batch() - n0);
            int ld = count * plane;
            int first = n0;
            for (int grp = 0; grp < g.groups(); grp++) {
                gather(g, gy, n0, count, grp, s.out);
                Gemm.dgemm(true, false, kg, ld, og, w, grp * og * kg, kg, s.out, 0, ld, 0.0, s.col, 0, ld);
                int xg = grp * g.groupIn() * g.inPlane();
                double[] col = s.col;
                ConvMethod.forEach(count, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        Im2col.col2im(g, col, i * plane, ld, gx, (first + i) * xs + xg);
                    }
                });
            }
        }
    }

    static void backwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) {
        int cnt = chunk(g);
        Scratch s = scratch(g, cnt);
        int plane = g.outPlane();
        int og = g.groupOut();
        int kg = g.patch();
        Arrays.fill(gw, 0, g.weightSize(), 0.0);
        for (int n0 = 0; n0 < g.batch(); n0 += cnt) {
            int count = Math.min(cnt, g.batch() - n0);
            int ld = count * plane;
            for (int grp = 0; grp < g.groups(); grp++) {
                unfold(g, x, n0, count, grp, s.col);
                gather(g, gy, n0, count, grp, s.out);
                Gemm.dgemm(false, true, og, kg, ld, s.out, 0, ld, s.col, 0, ld, 1.0, gw, grp * og * kg, kg);
            }
        }
    }
}
