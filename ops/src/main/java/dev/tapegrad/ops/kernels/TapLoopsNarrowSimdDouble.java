// GENERATED from TapLoopsNarrowSimdFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TapLoops#tapsRowsGrid} for grids whose rows fit in one vector (the 14×14 planes of a small ResNet's
 * 32-channel layers): blocks of four output planes over four or two consecutive grid rows at once, each masked
 * row load and each weight load shared by several chains of fused multiply-adds, where one grid row at a time
 * ({@link TapLoopsGridSimdDouble#taps4Grid}'s rest) took five loads for four of them. Every element's sum runs in
 * the tap order of the scalar loop, so results are identical. FLOAT64; Generated from {@link TapLoopsNarrowSimdFloat}: edit that file, not this one. Loads jdk.incubator.vector: only reached through {@link TapLoops}.
 */
final class TapLoopsNarrowSimdDouble {
    private TapLoopsNarrowSimdDouble() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** The initial value of row r of a block: init[initOff + r], or zero without init. */
    private static double start(double[] init, int initOff, int r, int rows) {
        return init == null ? 0.0 : init[initOff + Math.min(r, rows - 1)];
    }

    /**
     * Two to four rows of {@link TapLoops#tapsRowsGrid} (the last repeated past {@code rows}, computed twice and
     * stored alike) on two consecutive grid rows of at most one vector each, masked: one load of each grid row and
     * one of each row's weight feed eight chains of fused multiply-adds.
     */
    static void taps4Pair(double[] acc, int a0, int accStride, int planeStride, int rows, int width, double[] src, int b,
                          int srcStride, int[] offsets, double[] w, int wOff, int wStride, double[] init, int initOff) {
        int a1 = TapLoopsSimdDouble.row(a0, planeStride, 1, rows);
        int a2 = TapLoopsSimdDouble.row(a0, planeStride, 2, rows);
        int a3 = TapLoopsSimdDouble.row(a0, planeStride, 3, rows);
        int w1 = TapLoopsSimdDouble.row(wOff, wStride, 1, rows);
        int w2 = TapLoopsSimdDouble.row(wOff, wStride, 2, rows);
        int w3 = TapLoopsSimdDouble.row(wOff, wStride, 3, rows);
        VectorMask<Double> m = S.indexInRange(0, width);
        DoubleVector v0 = DoubleVector.broadcast(S, start(init, initOff, 0, rows));
        DoubleVector v1 = DoubleVector.broadcast(S, start(init, initOff, 1, rows));
        DoubleVector v2 = DoubleVector.broadcast(S, start(init, initOff, 2, rows));
        DoubleVector v3 = DoubleVector.broadcast(S, start(init, initOff, 3, rows));
        DoubleVector u0 = v0;
        DoubleVector u1 = v1;
        DoubleVector u2 = v2;
        DoubleVector u3 = v3;
        for (int t = 0; t < offsets.length; t++) {
            int p = b + offsets[t];
            DoubleVector s0 = DoubleVector.fromArray(S, src, p, m);
            DoubleVector s1 = DoubleVector.fromArray(S, src, p + srcStride, m);
            DoubleVector wt = DoubleVector.broadcast(S, w[wOff + t]);
            v0 = s0.fma(wt, v0);
            u0 = s1.fma(wt, u0);
            wt = DoubleVector.broadcast(S, w[w1 + t]);
            v1 = s0.fma(wt, v1);
            u1 = s1.fma(wt, u1);
            wt = DoubleVector.broadcast(S, w[w2 + t]);
            v2 = s0.fma(wt, v2);
            u2 = s1.fma(wt, u2);
            wt = DoubleVector.broadcast(S, w[w3 + t]);
            v3 = s0.fma(wt, v3);
            u3 = s1.fma(wt, u3);
        }
        v3.intoArray(acc, a3, m);
        u3.intoArray(acc, a3 + accStride, m);
        v2.intoArray(acc, a2, m);
        u2.intoArray(acc, a2 + accStride, m);
        v1.intoArray(acc, a1, m);
        u1.intoArray(acc, a1 + accStride, m);
        v0.intoArray(acc, a0, m);
        u0.intoArray(acc, a0 + accStride, m);
    }

    /** {@link #taps4Pair} on four grid rows: sixteen chains fed by four row loads and four weight loads. */
    static void taps4Quad(double[] acc, int a0, int accStride, int planeStride, int rows, int width, double[] src, int b,
                          int srcStride, int[] offsets, double[] w, int wOff, int wStride, double[] init, int initOff) {
        int a1 = TapLoopsSimdDouble.row(a0, planeStride, 1, rows);
        int a2 = TapLoopsSimdDouble.row(a0, planeStride, 2, rows);
        int a3 = TapLoopsSimdDouble.row(a0, planeStride, 3, rows);
        int w1 = TapLoopsSimdDouble.row(wOff, wStride, 1, rows);
        int w2 = TapLoopsSimdDouble.row(wOff, wStride, 2, rows);
        int w3 = TapLoopsSimdDouble.row(wOff, wStride, 3, rows);
        VectorMask<Double> m = S.indexInRange(0, width);
        DoubleVector v00 = DoubleVector.broadcast(S, start(init, initOff, 0, rows));
        DoubleVector v10 = DoubleVector.broadcast(S, start(init, initOff, 1, rows));
        DoubleVector v20 = DoubleVector.broadcast(S, start(init, initOff, 2, rows));
        DoubleVector v30 = DoubleVector.broadcast(S, start(init, initOff, 3, rows));
        DoubleVector v01 = v00;
        DoubleVector v02 = v00;
        DoubleVector v03 = v00;
        DoubleVector v11 = v10;
        DoubleVector v12 = v10;
        DoubleVector v13 = v10;
        DoubleVector v21 = v20;
        DoubleVector v22 = v20;
        DoubleVector v23 = v20;
        DoubleVector v31 = v30;
        DoubleVector v32 = v30;
        DoubleVector v33 = v30;
        for (int t = 0; t < offsets.length; t++) {
            int p = b + offsets[t];
            DoubleVector s0 = DoubleVector.fromArray(S, src, p, m);
            DoubleVector s1 = DoubleVector.fromArray(S, src, p + srcStride, m);
            DoubleVector s2 = DoubleVector.fromArray(S, src, p + 2 * srcStride, m);
            DoubleVector s3 = DoubleVector.fromArray(S, src, p + 3 * srcStride, m);
            DoubleVector wt = DoubleVector.broadcast(S, w[wOff + t]);
            v00 = s0.fma(wt, v00);
            v01 = s1.fma(wt, v01);
            v02 = s2.fma(wt, v02);
            v03 = s3.fma(wt, v03);
            wt = DoubleVector.broadcast(S, w[w1 + t]);
            v10 = s0.fma(wt, v10);
            v11 = s1.fma(wt, v11);
            v12 = s2.fma(wt, v12);
            v13 = s3.fma(wt, v13);
            wt = DoubleVector.broadcast(S, w[w2 + t]);
            v20 = s0.fma(wt, v20);
            v21 = s1.fma(wt, v21);
            v22 = s2.fma(wt, v22);
            v23 = s3.fma(wt, v23);
            wt = DoubleVector.broadcast(S, w[w3 + t]);
            v30 = s0.fma(wt, v30);
            v31 = s1.fma(wt, v31);
            v32 = s2.fma(wt, v32);
            v33 = s3.fma(wt, v33);
        }
        v30.intoArray(acc, a3, m);
        v31.intoArray(acc, a3 + accStride, m);
        v32.intoArray(acc, a3 + 2 * accStride, m);
        v33.intoArray(acc, a3 + 3 * accStride, m);
        v20.intoArray(acc, a2, m);
        v21.intoArray(acc, a2 + accStride, m);
        v22.intoArray(acc, a2 + 2 * accStride, m);
        v23.intoArray(acc, a2 + 3 * accStride, m);
        v10.intoArray(acc, a1, m);
        v11.intoArray(acc, a1 + accStride, m);
        v12.intoArray(acc, a1 + 2 * accStride, m);
        v13.intoArray(acc, a1 + 3 * accStride, m);
        v00.intoArray(acc, a0, m);
        v01.intoArray(acc, a0 + accStride, m);
        v02.intoArray(acc, a0 + 2 * accStride, m);
        v03.intoArray(acc, a0 + 3 * accStride, m);
    }
}
