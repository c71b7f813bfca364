package dev.tapegrad.ops.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of {@link DepthwiseStridedFloat} over one plane, vectors along the output rows (the input
 * gradient: along the columns of one phase of the input rows). The forward and the weight gradient read the input
 * through a copy split into column phases ({@link DepthwiseStridedFloat#split}) wide enough, zeros around each
 * phase, that every tap is one unmasked load at a fixed shift; the input gradient reads the output gradient
 * through a copy with zero margins around each row and merges each row of results back from its phases. The fused
 * multiply-adds of every output run in weight order, as in the scalar loops, so results equal theirs; the weight
 * gradient sums in lanes. FLOAT32; {@link DepthwiseStridedSimdDouble} is generated from this file for FLOAT64. Loads
 * jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class DepthwiseStridedSimdFloat {
    private DepthwiseStridedSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static int lanes() {
        return S.length();
    }

    /** n rounded up to whole vectors. */
    private static int vectorsWide(int n) {
        return Math.ceilDiv(n, S.length()) * S.length();
    }

    /** The split layout of g's input planes: the zeros left of each phase, a phase's width and a row's. */
    private record Split(int left, int segment, int rowLen) {
        static Split of(ConvGeometry g) {
            int s = g.strideW();
            int first = Math.floorDiv(-g.padW(), s);
            int last = Math.floorDiv((g.kernelW() - 1) * g.dilationW() - g.padW(), s);
            int left = Math.max(0, -first);
            int segment = left + Math.max(vectorsWide(Math.ceilDiv(g.inW(), s)), vectorsWide(g.outW()) + last);
            return new Split(left, segment, s * segment);
        }
    }

    /** Lane indexes of the even and the odd lanes of two vectors, and of the two halves of their interleaving. */
    private static final FloatVector EVEN = indexes(0, 2);
    private static final FloatVector ODD = indexes(1, 2);
    private static final FloatVector LOW = interleaved(0);
    private static final FloatVector HIGH = interleaved(S.length() / 2);

    /** The vector first, first + step, first + 2·step, ... */
    private static FloatVector indexes(int first, int step) {
        float[] a = new float[S.length()];
        for (int i = 0; i < a.length; i++) {
            a[i] = first + step * i;
        }
        return FloatVector.fromArray(S, a, 0);
    }

    /** The vector first, L + first, first + 1, L + first + 1, ... (lanes of a and b alternating, from first). */
    private static FloatVector interleaved(int first) {
        float[] a = new float[S.length()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 2) * S.length() + first + i / 2;
        }
        return FloatVector.fromArray(S, a, 0);
    }

    /**
     * {@link DepthwiseStridedFloat#split} of the plane at src[off] into in by the layout sp: at stride 2 two vectors
     * of a row at a time, their even and odd lanes selected apart, when the plane's last row can be read whole
     * vectors at a time; else by the scalar loops.
     */
    private static void split(ConvGeometry g, Split sp, float[] src, int off, float[] in) {
        int inW = g.inW();
        int wide = vectorsWide(Math.ceilDiv(inW, 2));
        if (g.strideW() != 2 || off + (g.inH() - 1) * inW + 2 * wide > src.length) {
            DepthwiseStridedFloat.split(src, off, g.inH(), inW, g.strideW(), in, 0, sp.rowLen(), sp.segment(),
                    sp.left());
            return;
        }
        int L = S.length();
        for (int ih = 0; ih < g.inH(); ih++) {
            int r = off + ih * inW;
            int d = ih * sp.rowLen();
            for (int phase = 0; phase < 2; phase++) {
                int seg = d + phase * sp.segment();
                Arrays.fill(in, seg, seg + sp.left(), 0f);
                Arrays.fill(in, seg + sp.left() + wide, seg + sp.segment(), 0f);
            }
            for (int b = 0; b < wide; b += L) {
                int c = 2 * b;
                FloatVector v0 = FloatVector.fromArray(S, src, r + c, S.indexInRange(c, inW));
                FloatVector v1 = FloatVector.fromArray(S, src, r + c + L, S.indexInRange(c + L, inW));
                EVEN.selectFrom(v0, v1).intoArray(in, d + sp.left() + b);
                ODD.selectFrom(v0, v1).intoArray(in, d + sp.segment() + sp.left() + b);
            }
        }
    }

    /**
     * {@link DepthwiseStridedFloat#merge} of one row of inW columns from its two phases at src[sOff] (each phase
     * wide whole vectors) into dst[dOff]: two vectors at a time, interleaved, where the row's whole vectors lie in
     * dst; else by the scalar loop.
     */
    private static void merge2(float[] src, int sOff, int inW, int wide, float[] dst, int dOff) {
        if (dOff + 2 * wide > dst.length) {
            DepthwiseStridedFloat.merge(src, sOff, inW, 2, wide, dst, dOff);
            return;
        }
        int L = S.length();
        for (int b = 0; b < wide; b += L) {
            FloatVector even = FloatVector.fromArray(S, src, sOff + b);
            FloatVector odd = FloatVector.fromArray(S, src, sOff + wide + b);
            int c = 2 * b;
            LOW.selectFrom(even, odd).intoArray(dst, dOff + c, S.indexInRange(c, inW));
            HIGH.selectFrom(even, odd).intoArray(dst, dOff + c + L, S.indexInRange(c + L, inW));
        }
    }

    /** The offset in a split row of tap column kj's input for output column 0 (left margin included). */
    private static int[] shifts(ConvGeometry g, Split sp, DepthwiseStridedFloat.Scratch scratch) {
        int[] shifts = scratch.shifts(g.kernelW());
        for (int kj = 0; kj < g.kernelW(); kj++) {
            int off = kj * g.dilationW() - g.padW();
            shifts[kj] = sp.left() + Math.floorMod(off, g.strideW()) * sp.segment() + Math.floorDiv(off, g.strideW());
        }
        return shifts;
    }

    /** Whether every vector of an output-sized plane at off (rows of whole vectors) lies inside length. */
    private static boolean insideOut(ConvGeometry g, int length, int off) {
        return off + (g.outH() - 1) * g.outW() + vectorsWide(g.outW()) <= length;
    }

    /** Marks a tap that does not land on a phase of the input gradient. */
    private static final int NONE = Integer.MIN_VALUE;

    /** {@link DepthwiseStridedFloat#forwardScalar}, x's plane read through its split copy. */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float init, float[] y, int yOff) {
        DepthwiseStridedFloat.Scratch scratch = DepthwiseStridedFloat.SCRATCH.get();
        Split sp = Split.of(g);
        float[] in = scratch.plane(g.inH() * sp.rowLen());
        split(g, sp, x, xOff, in);
        int[] shifts = shifts(g, sp, scratch);
        if (insideOut(g, y.length, yOff)) {
            forwardPlane(g, sp, in, shifts, w, wOff, init, y, yOff);
            return;
        }
        float[] out = scratch.rows(g.outPlane() + vectorsWide(g.outW()));
        forwardPlane(g, sp, in, shifts, w, wOff, init, out, 0);
        System.arraycopy(out, 0, y, yOff, g.outPlane());
    }

    private static void forwardPlane(ConvGeometry g, Split sp, float[] in, int[] shifts, float[] w, int wOff,
                                     float init, float[] y, int yOff) {
        int kw = g.kernelW();
        FloatVector b = FloatVector.broadcast(S, init);
        for (int j = 0; j < g.outW(); j += S.length()) {
            VectorMask<Float> mo = S.indexInRange(j, g.outW());
            for (int oh = 0; oh < g.outH(); oh++) {
                FloatVector a = b;
                for (int ki = 0; ki < g.kernelH(); ki++) {
                    int ih = oh * g.strideH() - g.padH() + ki * g.dilationH();
                    if (ih < 0 || ih >= g.inH()) {
                        continue;
                    }
                    int r = ih * sp.rowLen() + j;
                    for (int kj = 0; kj < kw; kj++) {
                        a = FloatVector.fromArray(S, in, r + shifts[kj])
                                .fma(FloatVector.broadcast(S, w[wOff + ki * kw + kj]), a);
                    }
                }
                a.intoArray(y, yOff + oh * g.outW() + j, mo);
            }
        }
    }

    /**
     * sums[sumsOff + t·lanes + i] += lane i of Σ gy · x at tap t's strided position over one plane (x read through
     * its split copy; the lanes past the output row masked off in both).
     */
    static void weight(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] sums, int sumsOff) {
        DepthwiseStridedFloat.Scratch scratch = DepthwiseStridedFloat.SCRATCH.get();
        Split sp = Split.of(g);
        float[] in = scratch.plane(g.inH() * sp.rowLen());
        split(g, sp, x, xOff, in);
        int[] shifts = shifts(g, sp, scratch);
        if (!insideOut(g, gy.length, gyOff)) {
            float[] copy = scratch.rows(g.outPlane() + vectorsWide(g.outW()));
            System.arraycopy(gy, gyOff, copy, 0, g.outPlane());
            gy = copy;
            gyOff = 0;
        }
        int kw = g.kernelW();
        int step = S.length();
        for (int ki = 0; ki < g.kernelH(); ki++) {
            for (int kj = 0; kj < kw; kj++) {
                int shift = shifts[kj];
                FloatVector a = FloatVector.zero(S);
                for (int j = 0; j < g.outW(); j += step) {
                    VectorMask<Float> mo = S.indexInRange(j, g.outW());
                    for (int oh = 0; oh < g.outH(); oh++) {
                        int ih = oh * g.strideH() - g.padH() + ki * g.dilationH();
                        if (ih >= 0 && ih < g.inH()) {
                            FloatVector v = FloatVector.fromArray(S, gy, gyOff + oh * g.outW() + j, mo);
                            a = v.fma(FloatVector.fromArray(S, in, ih * sp.rowLen() + shift + j, mo), a);
                        }
                    }
                }
                int s = sumsOff + (ki * kw + kj) * step;
                FloatVector.fromArray(S, sums, s).add(a).intoArray(sums, s);
            }
        }
    }

    /**
     * {@link DepthwiseStridedFloat#backwardDataScalar}: gy's plane copied with zero margins around its rows, each
     * input row computed phase by phase into a split row and merged back into gx.
     */
    static void backwardData(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        DepthwiseStridedFloat.Scratch scratch = DepthwiseStridedFloat.SCRATCH.get();
        int sw = g.strideW();
        int kw = g.kernelW();
        int first = Math.floorDiv(g.padW() - (kw - 1) * g.dilationW(), sw);
        int last = Math.floorDiv(sw - 1 + g.padW(), sw);
        int left = Math.max(0, -first);
        int phase = vectorsWide(Math.ceilDiv(g.inW(), sw));
        int width = left + Math.max(g.outW(), phase + last);
        float[] padded = scratch.plane(g.outH() * width + sw * phase);
        Arrays.fill(padded, 0, g.outH() * width, 0f);
        for (int oh = 0; oh < g.outH(); oh++) {
            System.arraycopy(gy, gyOff + oh * g.outW(), padded, oh * width + left, g.outW());
        }
        int row = g.outH() * width;   // the split row of results, after the padded plane
        int[] shifts = scratch.shifts(sw * kw);   // per phase and tap column: gy's column shift, or NONE
        for (int sigma = 0; sigma < sw; sigma++) {
            for (int kj = 0; kj < kw; kj++) {
                int rw = sigma + g.padW() - kj * g.dilationW();
                shifts[sigma * kw + kj] = Math.floorMod(rw, sw) == 0 ? left + Math.floorDiv(rw, sw) : NONE;
            }
        }
        for (int ih = 0; ih < g.inH(); ih++) {
            for (int sigma = 0; sigma < sw; sigma++) {
                int n = DepthwiseStridedFloat.phaseLength(g.inW(), sw, sigma);
                for (int b = 0; b < n; b += S.length()) {
                    FloatVector a = FloatVector.zero(S);
                    for (int ki = 0; ki < g.kernelH(); ki++) {
                        int rh = ih + g.padH() - ki * g.dilationH();
                        int oh = Math.floorDiv(rh, g.strideH());
                        if (Math.floorMod(rh, g.strideH()) != 0 || oh < 0 || oh >= g.outH()) {
                            continue;
                        }
                        int r = oh * width + b;
                        for (int kj = 0; kj < kw; kj++) {
                            int shift = shifts[sigma * kw + kj];
                            if (shift != NONE) {
                                a = FloatVector.fromArray(S, padded, r + shift)
                                        .fma(FloatVector.broadcast(S, w[wOff + ki * kw + kj]), a);
                            }
                        }
                    }
                    a.intoArray(padded, row + sigma * phase + b);
                }
            }
            if (sw == 2) {
                merge2(padded, row, g.inW(), phase, gx, gxOff + ih * g.inW());
            } else {
                DepthwiseStridedFloat.merge(padded, row, g.inW(), sw, phase, gx, gxOff + ih * g.inW());
            }
        }
    }
}
