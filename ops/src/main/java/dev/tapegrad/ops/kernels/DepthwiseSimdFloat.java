package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of {@link DepthwiseConvFloat} over one plane, vectors along the rows: a tap's shifted input
 * is a load at the shifted column, its lanes outside the input row masked to zero (the masks made once per
 * column block), so planes are read where they lie, unpadded. 3×3 kernels keep their nine weights in registers and
 * take two output rows at a time: each of the four input rows they read is loaded once, at its three shifts, for
 * the output rows it serves; their weight gradient keeps nine accumulators and walks the input rows
 * once, each met by the up to three output-gradient rows it serves. The fused
 * multiply-adds of every output run in weight order, as in {@link DepthwiseConvFloat#correlateScalar}, so results
 * equal the scalar loops'; the weight gradient sums in lanes. FLOAT32; {@link DepthwiseSimdDouble} is generated
 * from this file for FLOAT64. Loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class DepthwiseSimdFloat {
    private DepthwiseSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static int lanes() {
        return S.length();
    }

    /** Columns of an output row rounded up to whole vectors: every load and store of a row stays below it. */
    private static int vectorsWide(DepthwiseGeometry q) {
        return Math.ceilDiv(q.outW(), S.length()) * S.length();
    }

    /**
     * Whether every load of a plane at off (a vector at each input row and shift, {@link #vectorsWide} columns
     * per row) lies inside an array of the given length. Masked loads and stores reaching past an array's ends
     * take the Vector API's per-lane path, and once one has, the compiled kernel runs several times slower
     * throughout (measured: 2.1 ms instead of 0.66 for 2048 planes of 32×32); planes at the arrays' ends are
     * computed through {@link #padded} copies instead.
     */
    private static boolean inside(DepthwiseGeometry q, int length, int off) {
        int first = off - Math.max(0, q.padW());
        int last = off + (q.inH() - 1) * q.inW() + vectorsWide(q) - q.padW() + (q.kernelW() - 1) * q.dilationW();
        return first >= 0 && last <= length;
    }

    /** Whether every store (or load) of an output plane at off lies inside an array of the given length. */
    private static boolean insideOut(DepthwiseGeometry q, int length, int off) {
        return off + (q.outH() - 1) * q.outW() + vectorsWide(q) <= length;
    }

    /** Offset of the plane copied into {@link #padded}: room for the loads reaching left of it. */
    private static int margin(DepthwiseGeometry q) {
        return Math.max(0, q.padW()) + S.length();
    }

    /** A copy of the input plane at off with room around it, the plane at {@link #margin}. */
    private static float[] padded(DepthwiseGeometry q, float[] src, int off) {
        int m = margin(q);
        float[] p = DirectConvFloat.SCRATCH.get().planes(m + q.inPlane() + vectorsWide(q) + Math.abs(q.padW())
                + (q.kernelW() - 1) * q.dilationW() + S.length());
        System.arraycopy(src, off, p, m, q.inPlane());
        return p;
    }

    /** {@link DepthwiseConvFloat#correlate}: one plane (at the arrays' ends, through copies: see {@link #inside}). */
    static void correlate(DepthwiseGeometry q, float[] src, int sOff, float[] w, int wOff, float init, float[] dst,
                          int dOff) {
        if (inside(q, src.length, sOff) && insideOut(q, dst.length, dOff)) {
            correlatePlane(q, src, sOff, w, wOff, init, dst, dOff);
            return;
        }
        float[] in = padded(q, src, sOff);
        float[] out = DirectConvFloat.SCRATCH.get().row(q.outPlane() + vectorsWide(q));
        correlatePlane(q, in, margin(q), w, wOff, init, out, 0);
        System.arraycopy(out, 0, dst, dOff, q.outPlane());
    }

    private static void correlatePlane(DepthwiseGeometry q, float[] src, int sOff, float[] w, int wOff, float init,
                                       float[] dst, int dOff) {
        for (int j = 0; j < q.outW(); j += S.length()) {
            if (q.is3x3()) {
                correlate3x3(q, src, sOff, w, wOff, init, dst, dOff, j);
            } else {
                correlateColumns(q, src, sOff, w, wOff, init, dst, dOff, j);
            }
        }
    }

    /**
     * Output columns [j, j + lanes) of every row of a 3×3 correlation: the rows whose three input rows all lie in
     * the plane in pairs ({@link #rowPairs}), the others one at a time ({@link #edgeRows}). Three small methods
     * with unmasked loads blended with zero (every load lies inside the array: see {@link #inside}), because C1's
     * profiling compile ran out of virtual registers on the one large method, and a method it gives up on can stay
     * at C1's lowest tier for good (the 64-channel 32×32 forward at 22-26 ms a call instead of 1).
     */
    private static void correlate3x3(DepthwiseGeometry q, float[] src, int sOff, float[] w, int wOff, float init,
                                     float[] dst, int dOff, int j) {
        int outH = q.outH();
        int lo = Math.clamp(q.padH(), 0, outH);
        int hi = Math.clamp(q.inH() - 2 + q.padH(), lo, outH);
        int pairs = (hi - lo) / 2 * 2;
        edgeRows(q, src, sOff, w, wOff, init, dst, dOff, j, 0, lo);
        rowPairs(q, src, sOff, w, wOff, init, dst, dOff, j, lo, lo + pairs);
        edgeRows(q, src, sOff, w, wOff, init, dst, dOff, j, lo + pairs, outH);
    }

    /**
     * Rows [from, to) (an even count, every input row they read inside the plane) two at a time: the two middle
     * input rows of a pair are loaded once, at their three shifts, for both output rows.
     */
    private static void rowPairs(DepthwiseGeometry q, float[] src, int sOff, float[] w, int wOff, float init,
                                 float[] dst, int dOff, int j, int from, int to) {
        int inW = q.inW();
        int outW = q.outW();
        int col = j - q.padW();
        VectorMask<Float> mo = S.indexInRange(j, outW);
        VectorMask<Float> m0 = S.indexInRange(col, inW);
        VectorMask<Float> m1 = S.indexInRange(col + 1, inW);
        VectorMask<Float> m2 = S.indexInRange(col + 2, inW);
        FloatVector w0 = FloatVector.broadcast(S, w[wOff]);
        FloatVector w1 = FloatVector.broadcast(S, w[wOff + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[wOff + 2]);
        FloatVector w3 = FloatVector.broadcast(S, w[wOff + 3]);
        FloatVector w4 = FloatVector.broadcast(S, w[wOff + 4]);
        FloatVector w5 = FloatVector.broadcast(S, w[wOff + 5]);
        FloatVector w6 = FloatVector.broadcast(S, w[wOff + 6]);
        FloatVector w7 = FloatVector.broadcast(S, w[wOff + 7]);
        FloatVector w8 = FloatVector.broadcast(S, w[wOff + 8]);
        FloatVector b = FloatVector.broadcast(S, init);
        FloatVector zero = FloatVector.zero(S);
        for (int oh = from; oh < to; oh += 2) {
            int r = sOff + (oh - q.padH()) * inW + col;
            FloatVector x0 = zero.blend(FloatVector.fromArray(S, src, r), m0);
            FloatVector x1 = zero.blend(FloatVector.fromArray(S, src, r + 1), m1);
            FloatVector x2 = zero.blend(FloatVector.fromArray(S, src, r + 2), m2);
            FloatVector a0 = x2.fma(w2, x1.fma(w1, x0.fma(w0, b)));
            r += inW;
            x0 = zero.blend(FloatVector.fromArray(S, src, r), m0);
            x1 = zero.blend(FloatVector.fromArray(S, src, r + 1), m1);
            x2 = zero.blend(FloatVector.fromArray(S, src, r + 2), m2);
            a0 = x2.fma(w5, x1.fma(w4, x0.fma(w3, a0)));
            FloatVector a1 = x2.fma(w2, x1.fma(w1, x0.fma(w0, b)));
            r += inW;
            x0 = zero.blend(FloatVector.fromArray(S, src, r), m0);
            x1 = zero.blend(FloatVector.fromArray(S, src, r + 1), m1);
            x2 = zero.blend(FloatVector.fromArray(S, src, r + 2), m2);
            a0 = x2.fma(w8, x1.fma(w7, x0.fma(w6, a0)));
            a1 = x2.fma(w5, x1.fma(w4, x0.fma(w3, a1)));
            r += inW;
            x0 = zero.blend(FloatVector.fromArray(S, src, r), m0);
            x1 = zero.blend(FloatVector.fromArray(S, src, r + 1), m1);
            x2 = zero.blend(FloatVector.fromArray(S, src, r + 2), m2);
            a1 = x2.fma(w8, x1.fma(w7, x0.fma(w6, a1)));
            int d = dOff + oh * outW + j;
            a0.intoArray(dst, d, mo);
            a1.intoArray(dst, d + outW, mo);
        }
    }

    /** Rows [from, to) one at a time, skipping their input rows outside the plane. */
    private static void edgeRows(DepthwiseGeometry q, float[] src, int sOff, float[] w, int wOff, float init,
                                 float[] dst, int dOff, int j, int from, int to) {
        int inW = q.inW();
        int inH = q.inH();
        int col = j - q.padW();
        VectorMask<Float> mo = S.indexInRange(j, q.outW());
        VectorMask<Float> m0 = S.indexInRange(col, inW);
        VectorMask<Float> m1 = S.indexInRange(col + 1, inW);
        VectorMask<Float> m2 = S.indexInRange(col + 2, inW);
        FloatVector zero = FloatVector.zero(S);
        for (int oh = from; oh < to; oh++) {
            FloatVector a = FloatVector.broadcast(S, init);
            int ih = oh - q.padH();
            int r = sOff + ih * inW + col;
            for (int ki = 0; ki < 3; ki++, r += inW) {
                if (ih + ki >= 0 && ih + ki < inH) {
                    int t = wOff + 3 * ki;
                    a = zero.blend(FloatVector.fromArray(S, src, r), m0).fma(FloatVector.broadcast(S, w[t]), a);
                    a = zero.blend(FloatVector.fromArray(S, src, r + 1), m1).fma(FloatVector.broadcast(S, w[t + 1]), a);
                    a = zero.blend(FloatVector.fromArray(S, src, r + 2), m2).fma(FloatVector.broadcast(S, w[t + 2]), a);
                }
            }
            a.intoArray(dst, dOff + oh * q.outW() + j, mo);
        }
    }

    /**
     * Output columns [j, j + lanes) of every row of a correlation with any kernel: per output vector, every tap in
     * weight order, its mask made per load (input rows outside the plane skipped).
     */
    private static void correlateColumns(DepthwiseGeometry q, float[] src, int sOff, float[] w, int wOff, float init,
                                         float[] dst, int dOff, int j) {
        int inW = q.inW();
        int kw = q.kernelW();
        int col = j - q.padW();
        VectorMask<Float> mo = S.indexInRange(j, q.outW());
        FloatVector b = FloatVector.broadcast(S, init);
        for (int oh = 0; oh < q.outH(); oh++) {
            FloatVector a = b;
            for (int ki = 0; ki < q.kernelH(); ki++) {
                int ih = oh - q.padH() + ki * q.dilationH();
                if (ih < 0 || ih >= q.inH()) {
                    continue;
                }
                int r = sOff + ih * inW + col;
                for (int kj = 0; kj < kw; kj++) {
                    int shift = kj * q.dilationW();
                    VectorMask<Float> m = S.indexInRange(col + shift, inW);
                    a = FloatVector.fromArray(S, src, r + shift, m).fma(FloatVector.broadcast(S, w[wOff + ki * kw + kj]), a);
                }
            }
            a.intoArray(dst, dOff + oh * q.outW() + j, mo);
        }
    }

    /**
     * sums[sumsOff + t·lanes + i] += lane i of Σ gy · x shifted by tap t over one plane (gy: the q.outH × q.outW
     * output gradient at gyOff; x: the input at xOff).
     */
    static void weight(DepthwiseGeometry q, float[] x, int xOff, float[] gy, int gyOff, float[] sums, int sumsOff) {
        if (!inside(q, x.length, xOff) || !insideOut(q, gy.length, gyOff)) {
            float[] in = padded(q, x, xOff);
            float[] g = DirectConvFloat.SCRATCH.get().row(q.outPlane() + vectorsWide(q));
            System.arraycopy(gy, gyOff, g, 0, q.outPlane());
            weightPlane(q, in, margin(q), g, 0, sums, sumsOff);
            return;
        }
        weightPlane(q, x, xOff, gy, gyOff, sums, sumsOff);
    }

    private static void weightPlane(DepthwiseGeometry q, float[] x, int xOff, float[] gy, int gyOff, float[] sums,
                                    int sumsOff) {
        if (q.is3x3()) {
            weight3x3(q, x, xOff, gy, gyOff, sums, sumsOff);
            return;
        }
        int kw = q.kernelW();
        int step = S.length();
        for (int ki = 0; ki < q.kernelH(); ki++) {
            for (int kj = 0; kj < kw; kj++) {
                int shift = kj * q.dilationW();
                FloatVector a = FloatVector.zero(S);
                for (int j = 0; j < q.outW(); j += step) {
                    int col = j - q.padW() + shift;
                    VectorMask<Float> mo = S.indexInRange(j, q.outW());
                    VectorMask<Float> m = S.indexInRange(col, q.inW()).and(mo);
                    for (int oh = 0; oh < q.outH(); oh++) {
                        int ih = oh - q.padH() + ki * q.dilationH();
                        if (ih >= 0 && ih < q.inH()) {
                            FloatVector g = FloatVector.fromArray(S, gy, gyOff + oh * q.outW() + j, mo);
                            a = g.fma(FloatVector.fromArray(S, x, xOff + ih * q.inW() + col, m), a);
                        }
                    }
                }
                int s = sumsOff + (ki * kw + kj) * step;
                FloatVector.fromArray(S, sums, s).add(a).intoArray(sums, s);
            }
        }
    }

    /**
     * {@link #weight} of a 3×3 kernel: nine accumulators over the whole plane, every input row loaded once at its
     * three shifts and met by the output-gradient rows it serves through the kernel's three rows (output row
     * ih + padH - ki for kernel row ki; rows outside the output skipped). Every accumulator sums its output rows in
     * order, as the scalar loops do. One column block per call of {@link #weight3x3Columns}, the accumulators kept
     * in an array between blocks (the same bits): in one method, C1's profiling compile ran out of virtual registers
     * ("COMPILE SKIPPED") in some fresh JVMs, which then never compiled it with C2 and ran the depthwise weight
     * gradient about seven times slower for good (the 64-channel 32×32 fwd+bwd, 1 thread: 29-31 ms instead of 4-6).
     */
    private static void weight3x3(DepthwiseGeometry q, float[] x, int xOff, float[] gy, int gyOff, float[] sums,
                                  int sumsOff) {
        int step = S.length();
        float[] acc = new float[9 * step];
        for (int j = 0; j < q.outW(); j += step) {
            weight3x3Columns(q, x, xOff, gy, gyOff, j, acc);
        }
        for (int k = 0; k < 9 * step; k += step) {
            FloatVector.fromArray(S, sums, sumsOff + k).add(FloatVector.fromArray(S, acc, k)).intoArray(sums, sumsOff + k);
        }
    }

    /** Columns [j, j + lanes) of {@link #weight3x3}: its nine accumulators read from acc and written back. */
    private static void weight3x3Columns(DepthwiseGeometry q, float[] x, int xOff, float[] gy, int gyOff, int j,
                                         float[] acc) {
        int inW = q.inW();
        int outW = q.outW();
        int outH = q.outH();
        int step = S.length();
        FloatVector s0 = FloatVector.fromArray(S, acc, 0);
        FloatVector s1 = FloatVector.fromArray(S, acc, step);
        FloatVector s2 = FloatVector.fromArray(S, acc, 2 * step);
        FloatVector s3 = FloatVector.fromArray(S, acc, 3 * step);
        FloatVector s4 = FloatVector.fromArray(S, acc, 4 * step);
        FloatVector s5 = FloatVector.fromArray(S, acc, 5 * step);
        FloatVector s6 = FloatVector.fromArray(S, acc, 6 * step);
        FloatVector s7 = FloatVector.fromArray(S, acc, 7 * step);
        FloatVector s8 = FloatVector.fromArray(S, acc, 8 * step);
        // the input rows that meet some output row: ih + padH - ki in [0, outH) for a ki in [0, 3)
        int first = Math.max(0, -q.padH());
        int last = Math.min(q.inH(), outH + 2 - q.padH());
        int col = j - q.padW();
        VectorMask<Float> mo = S.indexInRange(j, outW);
        VectorMask<Float> m0 = S.indexInRange(col, inW).and(mo);
        VectorMask<Float> m1 = S.indexInRange(col + 1, inW).and(mo);
        VectorMask<Float> m2 = S.indexInRange(col + 2, inW).and(mo);
        FloatVector zero = FloatVector.zero(S);
        for (int ih = first; ih < last; ih++) {
            int oh = ih + q.padH();
            int r = xOff + ih * inW + col;
            int gr = gyOff + oh * outW + j;
            FloatVector x0 = zero.blend(FloatVector.fromArray(S, x, r), m0);
            FloatVector x1 = zero.blend(FloatVector.fromArray(S, x, r + 1), m1);
            FloatVector x2 = zero.blend(FloatVector.fromArray(S, x, r + 2), m2);
            if (oh < outH) {
                FloatVector g = zero.blend(FloatVector.fromArray(S, gy, gr), mo);
                s0 = g.fma(x0, s0);
                s1 = g.fma(x1, s1);
                s2 = g.fma(x2, s2);
            }
            if (oh - 1 >= 0 && oh - 1 < outH) {
                FloatVector g = zero.blend(FloatVector.fromArray(S, gy, gr - outW), mo);
                s3 = g.fma(x0, s3);
                s4 = g.fma(x1, s4);
                s5 = g.fma(x2, s5);
            }
            if (oh - 2 >= 0) {
                FloatVector g = zero.blend(FloatVector.fromArray(S, gy, gr - 2 * outW), mo);
                s6 = g.fma(x0, s6);
                s7 = g.fma(x1, s7);
                s8 = g.fma(x2, s8);
            }
        }
        s0.intoArray(acc, 0);
        s1.intoArray(acc, step);
        s2.intoArray(acc, 2 * step);
        s3.intoArray(acc, 3 * step);
        s4.intoArray(acc, 4 * step);
        s5.intoArray(acc, 5 * step);
        s6.intoArray(acc, 6 * step);
        s7.intoArray(acc, 7 * step);
        s8.intoArray(acc, 8 * step);
    }
}
