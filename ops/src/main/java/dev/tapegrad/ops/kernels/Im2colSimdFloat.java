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
     * input. Slots past p1 receive copies of row p1 - 1. idx holds at least width ints of scratch.
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
                for (int j = 0; j < width; j += L) {
                    FloatVector.fromArray(S, x, xb, idx, j).intoArray(out, d + j);
                }
            }
        }
    }
}
