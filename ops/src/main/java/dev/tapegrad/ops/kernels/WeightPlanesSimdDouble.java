// GENERATED from WeightPlanesSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link WeightPlanesDouble}: 4 output channels by 4 patch rows, 16 vector accumulators
 * over the pixels, one load of each gradient row and each shifted input plane per vector of pixels. Loads
 * jdk.incubator.vector; only call it when {@link Kernels#simd()} is true. FLOAT64;
 * Generated from {@link WeightPlanesSimdFloat}: edit that file, not this one.
 */
final class WeightPlanesSimdDouble {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** Lane rotations by L/2, L/4, L/8 and L/16 for {@link #lanes} (constants, so each is one permute). */
    private static final VectorShuffle<Double> HALF = VectorShuffle.iota(S, Math.max(1, L / 2), 1, true);
    private static final VectorShuffle<Double> QUARTER = VectorShuffle.iota(S, Math.max(1, L / 4), 1, true);
    private static final VectorShuffle<Double> EIGHTH = VectorShuffle.iota(S, Math.max(1, L / 8), 1, true);
    private static final VectorShuffle<Double> SIXTEENTH = VectorShuffle.iota(S, Math.max(1, L / 16), 1, true);

    private WeightPlanesSimdDouble() {}

    /**
     * gw[w0 + i·ws + t] += Σ_n Σ_q gy[g0 + n·gi + i·gs + q] · x[n·xi + x_t + q] for rows i &lt; rows (at most 4)
     * and taps t &lt; taps (at most 4), q over [0, len) with len a multiple of L, as {@link WeightPlanesDouble#tile}
     * (which states the order of the sums). All 4 rows and 4 taps are computed (rows and taps past the counts
     * read valid memory and are dropped). 16 accumulators, as many as the GEMM's register tile: wider tiles
     * (8×3, 6×3, 6×4) measured 1.5-2.5× slower per fma here. acc is scratch of at least 16·L elements.
     */
    static void tile(double[] gy, int g0, int gs, int gi, double[] x, int x0, int x1, int x2, int x3, int xi, int len,
                     int images, double[] gw, int w0, int ws, int rows, int taps, double[] acc) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a00 = z;
        DoubleVector a01 = z;
        DoubleVector a02 = z;
        DoubleVector a03 = z;
        DoubleVector a10 = z;
        DoubleVector a11 = z;
        DoubleVector a12 = z;
        DoubleVector a13 = z;
        DoubleVector a20 = z;
        DoubleVector a21 = z;
        DoubleVector a22 = z;
        DoubleVector a23 = z;
        DoubleVector a30 = z;
        DoubleVector a31 = z;
        DoubleVector a32 = z;
        DoubleVector a33 = z;
        for (int n = 0; n < images; n++) {
            int gb = g0 + n * gi;
            int xb = n * xi;
            for (int q = 0; q < len; q += L) {
                DoubleVector b0 = DoubleVector.fromArray(S, x, xb + x0 + q);
                DoubleVector b1 = DoubleVector.fromArray(S, x, xb + x1 + q);
                DoubleVector b2 = DoubleVector.fromArray(S, x, xb + x2 + q);
                DoubleVector b3 = DoubleVector.fromArray(S, x, xb + x3 + q);
                int p = gb + q;
                DoubleVector y = DoubleVector.fromArray(S, gy, p);
                a00 = y.fma(b0, a00);
                a01 = y.fma(b1, a01);
                a02 = y.fma(b2, a02);
                a03 = y.fma(b3, a03);
                y = DoubleVector.fromArray(S, gy, p + gs);
                a10 = y.fma(b0, a10);
                a11 = y.fma(b1, a11);
                a12 = y.fma(b2, a12);
                a13 = y.fma(b3, a13);
                y = DoubleVector.fromArray(S, gy, p + 2 * gs);
                a20 = y.fma(b0, a20);
                a21 = y.fma(b1, a21);
                a22 = y.fma(b2, a22);
                a23 = y.fma(b3, a23);
                y = DoubleVector.fromArray(S, gy, p + 3 * gs);
                a30 = y.fma(b0, a30);
                a31 = y.fma(b1, a31);
                a32 = y.fma(b2, a32);
                a33 = y.fma(b3, a33);
            }
        }
        a00.intoArray(acc, 0);
        a01.intoArray(acc, L);
        a02.intoArray(acc, 2 * L);
        a03.intoArray(acc, 3 * L);
        a10.intoArray(acc, 4 * L);
        a11.intoArray(acc, 5 * L);
        a12.intoArray(acc, 6 * L);
        a13.intoArray(acc, 7 * L);
        a20.intoArray(acc, 8 * L);
        a21.intoArray(acc, 9 * L);
        a22.intoArray(acc, 10 * L);
        a23.intoArray(acc, 11 * L);
        a30.intoArray(acc, 12 * L);
        a31.intoArray(acc, 13 * L);
        a32.intoArray(acc, 14 * L);
        a33.intoArray(acc, 15 * L);
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < taps; t++) {
                gw[w0 + i * ws + t] += lanes(DoubleVector.fromArray(S, acc, (i * 4 + t) * L));
            }
        }
    }

    /**
     * The sum of the lanes by a fixed tree, as {@link WeightPlanesDouble#lanes}: lane j += lane j + L/2 for
     * j &lt; L/2, then the same over the first half, and so on down to lane 0 (unlike reduceLanes(ADD), whose order
     * is unspecified and differs between compiled and interpreted code).
     */
    static double lanes(DoubleVector v) {
        if (L > 16) {
            return WeightPlanesDouble.lanes(v.toArray(), 0, L);
        }
        if (L >= 2) {
            v = v.add(v.rearrange(HALF));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(QUARTER));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(EIGHTH));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(SIXTEENTH));
        }
        return v.lane(0);
    }
}
