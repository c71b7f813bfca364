// GENERATED from TransposeFloatSimd.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The in-register 8×8 transpose of {@link StridedCopyDouble}'s transposing copy, in FLOAT64: eight rows of
 * eight are loaded, transposed in three butterfly stages of two-vector lane selections (each swaps the
 * off-diagonal h×h blocks of every 2h×2h block, h = 1, 2, 4) and stored as eight rows. A copy, so the
 * result equals the scalar tile loop bit for bit. Loads jdk.incubator.vector: only reached when
 * {@link Kernels#simd()} and {@link #FITS} are true.
 */
final class TransposeDoubleSimd {
    private TransposeDoubleSimd() {}

    /** Side of a block. */
    static final int B = 8;

    /** Eight lanes of the element type. */
    private static final VectorSpecies<Double> S = VectorSpecies.of(double.class, VectorShape.forBitSize(B * Double.SIZE));

    /** True when eight lanes fit in the machine's preferred vectors (else they would run emulated, slowly). */
    static final boolean FITS = S.vectorBitSize() <= DoubleVector.SPECIES_PREFERRED.vectorBitSize();

    private static final DoubleVector LO1 = select(1, true);
    private static final DoubleVector HI1 = select(1, false);
    private static final DoubleVector LO2 = select(2, true);
    private static final DoubleVector HI2 = select(2, false);
    private static final DoubleVector LO4 = select(4, true);
    private static final DoubleVector HI4 = select(4, false);

    /**
     * Lane indices into (a, b) (b's lanes are B..2B-1) for stage h: lo keeps a's lanes c with c & h = 0 and
     * takes b's lane c ^ h elsewhere; hi takes a's lane c ^ h where c & h = 0 and keeps b's lanes elsewhere.
     */
    private static DoubleVector select(int h, boolean lo) {
        double[] index = new double[B];
        for (int c = 0; c < B; c++) {
            boolean first = (c & h) == 0;
            index[c] = lo ? (first ? c : B + (c ^ h)) : (first ? c ^ h : B + c);
        }
        return DoubleVector.fromArray(S, index, 0);
    }

    /** dst[to + i · dstStride + j] = src[from + i + j · s] for i, j in [0, 8). */
    static void block(double[] src, int from, int s, double[] dst, int to, int dstStride) {
        DoubleVector r0 = DoubleVector.fromArray(S, src, from);
        DoubleVector r1 = DoubleVector.fromArray(S, src, from + s);
        DoubleVector r2 = DoubleVector.fromArray(S, src, from + 2 * s);
        DoubleVector r3 = DoubleVector.fromArray(S, src, from + 3 * s);
        DoubleVector r4 = DoubleVector.fromArray(S, src, from + 4 * s);
        DoubleVector r5 = DoubleVector.fromArray(S, src, from + 5 * s);
        DoubleVector r6 = DoubleVector.fromArray(S, src, from + 6 * s);
        DoubleVector r7 = DoubleVector.fromArray(S, src, from + 7 * s);
        DoubleVector a0 = LO1.selectFrom(r0, r1);
        DoubleVector a1 = HI1.selectFrom(r0, r1);
        DoubleVector a2 = LO1.selectFrom(r2, r3);
        DoubleVector a3 = HI1.selectFrom(r2, r3);
        DoubleVector a4 = LO1.selectFrom(r4, r5);
        DoubleVector a5 = HI1.selectFrom(r4, r5);
        DoubleVector a6 = LO1.selectFrom(r6, r7);
        DoubleVector a7 = HI1.selectFrom(r6, r7);
        DoubleVector b0 = LO2.selectFrom(a0, a2);
        DoubleVector b2 = HI2.selectFrom(a0, a2);
        DoubleVector b1 = LO2.selectFrom(a1, a3);
        DoubleVector b3 = HI2.selectFrom(a1, a3);
        DoubleVector b4 = LO2.selectFrom(a4, a6);
        DoubleVector b6 = HI2.selectFrom(a4, a6);
        DoubleVector b5 = LO2.selectFrom(a5, a7);
        DoubleVector b7 = HI2.selectFrom(a5, a7);
        LO4.selectFrom(b0, b4).intoArray(dst, to);
        LO4.selectFrom(b1, b5).intoArray(dst, to + dstStride);
        LO4.selectFrom(b2, b6).intoArray(dst, to + 2 * dstStride);
        LO4.selectFrom(b3, b7).intoArray(dst, to + 3 * dstStride);
        HI4.selectFrom(b0, b4).intoArray(dst, to + 4 * dstStride);
        HI4.selectFrom(b1, b5).intoArray(dst, to + 5 * dstStride);
        HI4.selectFrom(b2, b6).intoArray(dst, to + 6 * dstStride);
        HI4.selectFrom(b3, b7).intoArray(dst, to + 7 * dstStride);
    }
}
