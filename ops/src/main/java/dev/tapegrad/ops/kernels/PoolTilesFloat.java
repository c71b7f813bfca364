package dev.tapegrad.ops.kernels;

/**
 * FLOAT32 loops of 2×2 stride-2 pooling whose windows tile the plane (no padding), over a group of planes that
 * {@link PoolFloat} hands over: plane p0 + q starts at {@code offsets[q]} (q below count), its rows rowStride
 * apart, and its outputs at (p0 + q)·outPlane in contiguous NCHW arrays. The group is visited an output row at a
 * time across its planes, so that planes with gaps between them (a view narrowed along H) are read as several
 * streams at once; a group of one plane is the plain plane-by-plane loop. The rows take {@link PoolFloatSimd} when
 * asked to, and their scalar loops are its reference. Max: the first of the window's taps (row-major: 0 1 / 2 3)
 * equal to their maximum, whose value is the output (so a -0.0 first keeps its sign, as a strict {@code >} would);
 * a NaN window takes its last NaN. Average: (((a + b) + c) + d) / 4. {@link PoolTilesDouble} is generated from this
 * file for FLOAT64.
 */
final class PoolTilesFloat {
    private PoolTilesFloat() {}

    /** y = the maximum of each window, argmax = its tap. */
    static void maxForward(PoolGeometry g, float[] x, int[] offsets, int count, int rowStride, int p0, float[] y,
                           float[] argmax, boolean simd) {
        if (count == 1) {
            maxPlane(g, x, offsets[0], rowStride, y, argmax, p0 * g.outPlane(), simd);
            return;
        }
        int outW = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int q = 0; q < count; q++) {
                int r0 = offsets[q] + 2 * oh * rowStride;
                int dst = (p0 + q) * g.outPlane() + oh * outW;
                maxRow(x, r0, r0 + rowStride, y, dst, argmax, dst, outW, false, simd);
            }
        }
    }

    /** y = the mean of each window. */
    static void avgForward(PoolGeometry g, float[] x, int[] offsets, int count, int rowStride, int p0, float[] y,
                           boolean simd) {
        if (count == 1) {
            avgPlane(g, x, offsets[0], rowStride, y, p0 * g.outPlane(), simd);
            return;
        }
        int outW = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int q = 0; q < count; q++) {
                int r0 = offsets[q] + 2 * oh * rowStride;
                avgRow(x, r0, r0 + rowStride, y, (p0 + q) * g.outPlane() + oh * outW, outW, false, simd);
            }
        }
    }

    /** The maxima of one plane, from xOff with rows rowStride apart, into y and argmax from yOff. */
    private static void maxPlane(PoolGeometry g, float[] x, int xOff, int rowStride, float[] y, float[] argmax,
                                 int yOff, boolean simd) {
        int outW = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int r0 = xOff + 2 * oh * rowStride;
            int dst = yOff + oh * outW;
            maxRow(x, r0, r0 + rowStride, y, dst, argmax, dst, outW, false, simd);
        }
    }

    /** The means of one plane, from xOff with rows rowStride apart, into y from yOff. */
    private static void avgPlane(PoolGeometry g, float[] x, int xOff, int rowStride, float[] y, int yOff,
                                 boolean simd) {
        int outW = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int r0 = xOff + 2 * oh * rowStride;
            avgRow(x, r0, r0 + rowStride, y, yOff + oh * outW, outW, false, simd);
        }
    }

    /**
     * gx[the input position of tap argmax[i] of window i] += gy[i], into a gx the caller zeroed (the SIMD rows write
     * every element of a window: 0 + g at the argmax, +0.0 elsewhere, what adding into zeros gives).
     */
    static void maxScatter(PoolGeometry g, float[] gy, float[] argmax, int p0, float[] gx, int[] offsets, int count,
                           int rowStride, boolean simd) {
        if (count == 1) {
            for (int oh = 0; oh < g.outH(); oh++) {
                maxScatterRow(g, gy, argmax, p0 * g.outPlane() + oh * g.outW(), gx, offsets[0] + 2 * oh * rowStride,
                        rowStride, simd);
            }
            return;
        }
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int q = 0; q < count; q++) {
                maxScatterRow(g, gy, argmax, (p0 + q) * g.outPlane() + oh * g.outW(), gx,
                        offsets[q] + 2 * oh * rowStride, rowStride, simd);
            }
        }
    }

    /** The scatter of one row of windows: gy and argmax from src, gx rows from r0 and r0 + rowStride. */
    private static void maxScatterRow(PoolGeometry g, float[] gy, float[] argmax, int src, float[] gx, int r0,
                                      int rowStride, boolean simd) {
        int r1 = r0 + rowStride;
        int done = simd ? PoolFloatSimd.maxScatterRow(gy, argmax, src, gx, r0, r1, g.outW()) : 0;
        for (int ow = done; ow < g.outW(); ow++) {
            int tap = (int) argmax[src + ow];
            gx[((tap & 2) == 0 ? r0 : r1) + 2 * ow + (tap & 1)] += gy[src + ow];
        }
    }

    /** gx = gy / 4 over each window (the windows do not overlap: each element written once; uncovered edges stay). */
    static void avgBackward(PoolGeometry g, float[] gy, int p0, float[] gx, int[] offsets, int count, int rowStride,
                            boolean simd) {
        if (count == 1) {
            for (int oh = 0; oh < g.outH(); oh++) {
                avgBackwardRow(g, gy, p0 * g.outPlane() + oh * g.outW(), gx, offsets[0] + 2 * oh * rowStride,
                        rowStride, simd);
            }
            return;
        }
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int q = 0; q < count; q++) {
                avgBackwardRow(g, gy, (p0 + q) * g.outPlane() + oh * g.outW(), gx, offsets[q] + 2 * oh * rowStride,
                        rowStride, simd);
            }
        }
    }

    /** The adjoint on one row of windows: gy from src, gx rows from r0 and r0 + rowStride. */
    private static void avgBackwardRow(PoolGeometry g, float[] gy, int src, float[] gx, int r0, int rowStride,
                                       boolean simd) {
        int r1 = r0 + rowStride;
        int start = simd ? PoolFloatSimd.avgBackwardRow(gy, src, gx, r0, r1, g.outW()) : 0;
        for (int ow = start; ow < g.outW(); ow++) {
            float v = gy[src + ow] / 4;
            int j = 2 * ow;
            gx[r0 + j] = v;
            gx[r0 + j + 1] = v;
            gx[r1 + j] = v;
            gx[r1 + j + 1] = v;
        }
    }

    /**
     * One row of 2×2 windows over the rows from r0 and r1 into y from yDst and argmax from argDst, without
     * data-dependent branches: the maximum by Math.max, then the first tap equal to it (a NaN maximum takes the rare
     * path that finds the last NaN). When transposed the two rows are columns of the pooled plane (stored
     * transposed), so a window reads (a c / b d).
     */
    static void maxRow(float[] x, int r0, int r1, float[] y, int yDst, float[] argmax, int argDst, int outW,
                       boolean transposed, boolean simd) {
        int start = simd ? PoolFloatSimd.maxRow(x, r0, r1, y, yDst, argmax, argDst, outW, transposed) : 0;
        for (int ow = start; ow < outW; ow++) {
            int j = 2 * ow;
            float a = x[r0 + j];
            float b = transposed ? x[r1 + j] : x[r0 + j + 1];
            float c = transposed ? x[r0 + j + 1] : x[r1 + j];
            float d = x[r1 + j + 1];
            float m = Math.max(Math.max(a, b), Math.max(c, d));
            int tap;
            if (m != m) {
                tap = d != d ? 3 : c != c ? 2 : b != b ? 1 : 0;
            } else {
                int k = c == m ? 2 : 3;
                k = b == m ? 1 : k;
                tap = a == m ? 0 : k;
            }
            y[yDst + ow] = tap == 0 ? a : tap == 1 ? b : tap == 2 ? c : d;
            argmax[argDst + ow] = tap;
        }
    }

    /** One row of 2×2 averages, (((a + b) + c) + d) / 4; when transposed, windows read (a c / b d). */
    static void avgRow(float[] x, int r0, int r1, float[] y, int dst, int outW, boolean transposed, boolean simd) {
        int start = simd ? PoolFloatSimd.avgRow(x, r0, r1, y, dst, outW, transposed) : 0;
        for (int ow = start; ow < outW; ow++) {
            int j = 2 * ow;
            float b = transposed ? x[r1 + j] : x[r0 + j + 1];
            float c = transposed ? x[r0 + j + 1] : x[r1 + j];
            y[dst + ow] = (x[r0 + j] + b + c + x[r1 + j + 1]) / 4;
        }
    }
}
