package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the dot loops of {@link TapLoops} ({@code dot}, {@code dots4}, {@code dotsRows},
 * {@code dotsGrid}), the sums of products behind the direct convolution's weight gradient: several vector
 * accumulators, each load shared by several products, the last partial vector masked, and one reduction per sum
 * at the end in a fixed lane order ({@link TapLoopsSimdFloat#lanes(FloatVector)}), so that every thread gets the
 * same bits. FLOAT32; {@link TapDotsSimdDouble} is generated from this file for FLOAT64. Loads jdk.incubator.vector:
 * only reached through {@link TapLoops} when {@link TapLoops#SIMD} is true.
 */
final class TapDotsSimdFloat {
    private TapDotsSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** The sum of a vector's lanes in a fixed order ({@link TapLoopsSimdFloat#lanes(FloatVector)}). */
    private static float lanes(FloatVector v) {
        return TapLoopsSimdFloat.lanes(v);
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        int step = S.length();
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * step <= len; i += 2 * step) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            s1 = FloatVector.fromArray(S, a, aOff + i + step).fma(FloatVector.fromArray(S, b, bOff + i + step), s1);
        }
        if (i + step <= len) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            i += step;
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            s1 = FloatVector.fromArray(S, a, aOff + i, m).fma(FloatVector.fromArray(S, b, bOff + i, m), s1);
        }
        return lanes(s0.add(s1));
    }

    /** out[outOff + j] += Σ_i a[aOff + i] · b[base + offsets[t0 + j] + i] for j < 4: four dots sharing each load of a. */
    static void dots4(float[] a, int aOff, float[] b, int base, int[] offsets, int t0, int len, float[] out, int outOff) {
        int step = S.length();
        int p0 = base + offsets[t0];
        int p1 = base + offsets[t0 + 1];
        int p2 = base + offsets[t0 + 2];
        int p3 = base + offsets[t0 + 3];
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (; i + step <= len; i += step) {
            FloatVector va = FloatVector.fromArray(S, a, aOff + i);
            s0 = va.fma(FloatVector.fromArray(S, b, p0 + i), s0);
            s1 = va.fma(FloatVector.fromArray(S, b, p1 + i), s1);
            s2 = va.fma(FloatVector.fromArray(S, b, p2 + i), s2);
            s3 = va.fma(FloatVector.fromArray(S, b, p3 + i), s3);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector va = FloatVector.fromArray(S, a, aOff + i, m);
            s0 = va.fma(FloatVector.fromArray(S, b, p0 + i, m), s0);
            s1 = va.fma(FloatVector.fromArray(S, b, p1 + i, m), s1);
            s2 = va.fma(FloatVector.fromArray(S, b, p2 + i, m), s2);
            s3 = va.fma(FloatVector.fromArray(S, b, p3 + i, m), s3);
        }
        out[outOff] += lanes(s0);
        out[outOff + 1] += lanes(s1);
        out[outOff + 2] += lanes(s2);
        out[outOff + 3] += lanes(s3);
    }

    /**
     * Two rows by four taps of {@link TapLoops#dotsRows}: out[r][t0 + j] += Σ_i a_r[i] · b[base + offsets[t0 + j] + i]
     * with 8 accumulators, each load of a row or a tap shared by several products; the last partial vector in
     * a method of its own (kept small so that C1 compiles it, see {@link TapLoopsSimdFloat#taps4}).
     */
    static void dots2x4(float[] a, int aOff, int aStride, float[] b, int base, int[] offsets, int t0, int len,
                        float[] out, int outOff, int outStride) {
        int step = S.length();
        int a1 = aOff + aStride;
        int p0 = base + offsets[t0];
        int p1 = base + offsets[t0 + 1];
        int p2 = base + offsets[t0 + 2];
        int p3 = base + offsets[t0 + 3];
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s13 = FloatVector.zero(S);
        int i = 0;
        for (; i + step <= len; i += step) {
            FloatVector b0 = FloatVector.fromArray(S, b, p0 + i);
            FloatVector b1 = FloatVector.fromArray(S, b, p1 + i);
            FloatVector b2 = FloatVector.fromArray(S, b, p2 + i);
            FloatVector b3 = FloatVector.fromArray(S, b, p3 + i);
            FloatVector x = FloatVector.fromArray(S, a, aOff + i);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            s02 = x.fma(b2, s02);
            s03 = x.fma(b3, s03);
            x = FloatVector.fromArray(S, a, a1 + i);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            s12 = x.fma(b2, s12);
            s13 = x.fma(b3, s13);
        }
        int o = outOff + t0;
        out[o] += lanes(s00);
        out[o + 1] += lanes(s01);
        out[o + 2] += lanes(s02);
        out[o + 3] += lanes(s03);
        o += outStride;
        out[o] += lanes(s10);
        out[o + 1] += lanes(s11);
        out[o + 2] += lanes(s12);
        out[o + 3] += lanes(s13);
        if (i < len) {
            dots2x4Masked(a, aOff, aStride, b, base, offsets, t0, i, len, out, outOff, outStride);
        }
    }

    /** dots2x4 on the last, partial vector [i, len), added after the full vectors' sums. */
    private static void dots2x4Masked(float[] a, int aOff, int aStride, float[] b, int base, int[] offsets, int t0, int i,
                                      int len, float[] out, int outOff, int outStride) {
        VectorMask<Float> m = S.indexInRange(i, len);
        FloatVector b0 = FloatVector.fromArray(S, b, base + offsets[t0] + i, m);
        FloatVector b1 = FloatVector.fromArray(S, b, base + offsets[t0 + 1] + i, m);
        FloatVector b2 = FloatVector.fromArray(S, b, base + offsets[t0 + 2] + i, m);
        FloatVector b3 = FloatVector.fromArray(S, b, base + offsets[t0 + 3] + i, m);
        FloatVector x = FloatVector.fromArray(S, a, aOff + i, m);
        int o = outOff + t0;
        out[o] += lanes(x.mul(b0));
        out[o + 1] += lanes(x.mul(b1));
        out[o + 2] += lanes(x.mul(b2));
        out[o + 3] += lanes(x.mul(b3));
        x = FloatVector.fromArray(S, a, aOff + aStride + i, m);
        o += outStride;
        out[o] += lanes(x.mul(b0));
        out[o + 1] += lanes(x.mul(b1));
        out[o + 2] += lanes(x.mul(b2));
        out[o + 3] += lanes(x.mul(b3));
    }

    /** Two rows by one tap of {@link TapLoops#dotsRows} (the taps left over by {@link #dots2x4}). */
    static void dots2x1(float[] a, int aOff, int aStride, float[] b, int base, int[] offsets, int t, int len,
                        float[] out, int outOff, int outStride) {
        int step = S.length();
        int p = base + offsets[t];
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        int i = 0;
        for (; i + step <= len; i += step) {
            FloatVector bv = FloatVector.fromArray(S, b, p + i);
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(bv, s0);
            s1 = FloatVector.fromArray(S, a, aOff + aStride + i).fma(bv, s1);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector bv = FloatVector.fromArray(S, b, p + i, m);
            s0 = FloatVector.fromArray(S, a, aOff + i, m).fma(bv, s0);
            s1 = FloatVector.fromArray(S, a, aOff + aStride + i, m).fma(bv, s1);
        }
        out[outOff + t] += lanes(s0);
        out[outOff + outStride + t] += lanes(s1);
    }

    /**
     * {@link TapLoops#dotsGrid}: one to four taps (the last repeated past count, not added), four vector
     * accumulators kept over all the rows and summed once at the end.
     */
    static void dotsGrid(float[] a, int aOff, int aStride, int h, int width, float[] b, int base, int bStride,
                         int[] offsets, int t0, int count, float[] out, int outOff) {
        int step = S.length();
        int q0 = offsets[t0];
        int q1 = offsets[t0 + Math.min(1, count - 1)];
        int q2 = offsets[t0 + Math.min(2, count - 1)];
        int q3 = offsets[t0 + Math.min(3, count - 1)];
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int y = 0; y < h; y++) {
            int ar = aOff + y * aStride;
            int br = base + y * bStride;
            int i = 0;
            for (; i + step <= width; i += step) {
                FloatVector va = FloatVector.fromArray(S, a, ar + i);
                s0 = va.fma(FloatVector.fromArray(S, b, br + q0 + i), s0);
                s1 = va.fma(FloatVector.fromArray(S, b, br + q1 + i), s1);
                s2 = va.fma(FloatVector.fromArray(S, b, br + q2 + i), s2);
                s3 = va.fma(FloatVector.fromArray(S, b, br + q3 + i), s3);
            }
            if (i < width) {
                VectorMask<Float> m = S.indexInRange(i, width);
                FloatVector va = FloatVector.fromArray(S, a, ar + i, m);
                s0 = va.fma(FloatVector.fromArray(S, b, br + q0 + i, m), s0);
                s1 = va.fma(FloatVector.fromArray(S, b, br + q1 + i, m), s1);
                s2 = va.fma(FloatVector.fromArray(S, b, br + q2 + i, m), s2);
                s3 = va.fma(FloatVector.fromArray(S, b, br + q3 + i, m), s3);
            }
        }
        out[outOff + t0] += lanes(s0);
        if (count > 1) {
            out[outOff + t0 + 1] += lanes(s1);
        }
        if (count > 2) {
            out[outOff + t0 + 2] += lanes(s2);
        }
        if (count > 3) {
            out[outOff + t0 + 3] += lanes(s3);
        }
    }
}
