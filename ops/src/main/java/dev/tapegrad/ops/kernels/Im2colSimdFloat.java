package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The interior of {@link Im2colFloat#im2colPanels} with Vector API gathers: at an output pixel whose whole
 * receptive field lies inside the input, the panel's width rows are width taps at fixed offsets from the
 * pixel's first input element, so each vector of the pixel's panel row is one indexed load. Loads
 * jdk.incubator.vector; only call it when {@link Kernels#simd()} is true. FLOAT32;
 * {@link Im2colSimdDouble} is generated from this file for FLOAT64.
 */
final class Im2colSimdFloat {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private Im2colSimdFloat() {}

    /** True when panels of this width are whole vectors. */
    static boolean fits(int width) {
        return width % L == 0;
    }

    /**
     * The pixels (oh, ow) in [ohLo, ohHi) × [owLo, owHi) of one panel, rows [p0, p1) (p1 - p0 <= width), laid
     * out from base as in {@link Im2colFloat#im2colPanels}; every tap of these pixels must lie inside the
     * input. Slots past p1 up to a whole vector receive copies of row p1 - 1, the rest are left as they are.
     * idx holds at least width ints of scratch.
     */
    static void interior(ConvGeometry g, float[] x, int xOff, int p0, int p1, int width, float[] out, int base,
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
                    FloatVector.fromArray(S, x, xb, idx, j).intoArray(out, d + j);
                }
            }
        }
    }

    /** Lane indices into two concatenated vectors: the even and the odd elements, and the two halves' interleave. */
    private static final FloatVector EVEN = indices(0);
    private static final FloatVector ODD = indices(1);
    private static final FloatVector FIRST = indices(2);
    private static final FloatVector SECOND = indices(3);

    private static FloatVector indices(int kind) {
        float[] v = new float[L];
        for (int i = 0; i < L; i++) {
            v[i] = switch (kind) {
                case 0 -> 2 * i;
                case 1 -> 2 * i + 1;
                case 2 -> i % 2 * L + i / 2;
                default -> i % 2 * L + L / 2 + i / 2;
            };
        }
        return FloatVector.fromArray(S, v, 0);
    }

    /**
     * The even elements of x[xOff, xOff + 2·pairs) to out[evenOff + i], the odd ones to out[oddOff + i], for
     * i &lt; pairs rounded down to whole vectors; returns how many pairs were done.
     */
    static int split(float[] x, int xOff, int pairs, float[] out, int evenOff, int oddOff) {
        int i = 0;
        for (; i + L <= pairs; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xOff + 2 * i);
            FloatVector b = FloatVector.fromArray(S, x, xOff + 2 * i + L);
            EVEN.selectFrom(a, b).intoArray(out, evenOff + i);
            ODD.selectFrom(a, b).intoArray(out, oddOff + i);
        }
        return i;
    }

    /** The inverse of {@link #split}: x[xOff + 2·i] = s[evenOff + i], x[xOff + 2·i + 1] = s[oddOff + i]. */
    static int merge(float[] s, int evenOff, int oddOff, int pairs, float[] x, int xOff) {
        int i = 0;
        for (; i + L <= pairs; i += L) {
            FloatVector e = FloatVector.fromArray(S, s, evenOff + i);
            FloatVector o = FloatVector.fromArray(S, s, oddOff + i);
            FIRST.selectFrom(e, o).intoArray(x, xOff + 2 * i);
            SECOND.selectFrom(e, o).intoArray(x, xOff + 2 * i + L);
        }
        return i;
    }
}
