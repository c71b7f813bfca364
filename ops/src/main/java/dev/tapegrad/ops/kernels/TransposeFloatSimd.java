package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The in-register 8×8 transpose of {@link StridedCopyFloat}'s transposing copy, in FLOAT32: eight rows of
 * eight are loaded, transposed in three butterfly stages of two-vector lane selections (each swaps the
 * off-diagonal h×h blocks of every 2h×2h block, h = 1, 2, 4) and stored as eight rows. A copy, so the
 * result equals the scalar tile loop bit for bit. Loads jdk.incubator.vector: only reached when
 * {@link Kernels#simd()} and {@link #FITS} are true.
 */
final class TransposeFloatSimd {
    private TransposeFloatSimd() {}

    /** Side of a block. */
    static final int B = 8;

    /** Eight lanes of the element type. */
    private static final VectorSpecies<Float> S = VectorSpecies.of(float.class, VectorShape.forBitSize(B * Float.SIZE));

    /** True when eight lanes fit in the machine's preferred vectors (else they would run emulated, slowly). */
    static final boolean FITS = S.vectorBitSize() <= FloatVector.SPECIES_PREFERRED.vectorBitSize();

    private static final FloatVector LO1 = select(1, true);
    private static final FloatVector HI1 = select(1, false);
    private static final FloatVector LO2 = select(2, true);
    private static final FloatVector HI2 = select(2, false);
    private static final FloatVector LO4 = select(4, true);
    private static final FloatVector HI4 = select(4, false);

    /**
     * Lane indices into (a, b) (b's lanes are B..2B-1) for stage h: lo keeps a's lanes c with c & h = 0 and
     * takes b's lane c ^ h elsewhere; hi takes a's lane c ^ h where c & h = 0 and keeps b's lanes elsewhere.
     */
    private static FloatVector select(int h, boolean lo) {
        float[] index = new float[B];
        for (int c = 0; c < B; c++) {
            boolean first = (c & h) == 0;
            index[c] = lo ? (first ? c : B + (c ^ h)) : (first ? c ^ h : B + c);
        }
        return FloatVector.fromArray(S, index, 0);
    }

    /** dst[to + i · dstStride + j] = src[from + i + j · s] for i, j in [0, 8). */
    static void block(float[] src, int from, int s, float[] dst, int to, int dstStride) {
        FloatVector r0 = FloatVector.fromArray(S, src, from);
        FloatVector r1 = FloatVector.fromArray(S, src, from + s);
        FloatVector r2 = FloatVector.fromArray(S, src, from + 2 * s);
        FloatVector r3 = FloatVector.fromArray(S, src, from + 3 * s);
        FloatVector r4 = FloatVector.fromArray(S, src, from + 4 * s);
        FloatVector r5 = FloatVector.fromArray(S, src, from + 5 * s);
        FloatVector r6 = FloatVector.fromArray(S, src, from + 6 * s);
        FloatVector r7 = FloatVector.fromArray(S, src, from + 7 * s);
        FloatVector a0 = LO1.selectFrom(r0, r1);
        FloatVector a1 = HI1.selectFrom(r0, r1);
        FloatVector a2 = LO1.selectFrom(r2, r3);
        FloatVector a3 = HI1.selectFrom(r2, r3);
        FloatVector a4 = LO1.selectFrom(r4, r5);
        FloatVector a5 = HI1.selectFrom(r4, r5);
        FloatVector a6 = LO1.selectFrom(r6, r7);
        FloatVector a7 = HI1.selectFrom(r6, r7);
        FloatVector b0 = LO2.selectFrom(a0, a2);
        FloatVector b2 = HI2.selectFrom(a0, a2);
        FloatVector b1 = LO2.selectFrom(a1, a3);
        FloatVector b3 = HI2.selectFrom(a1, a3);
        FloatVector b4 = LO2.selectFrom(a4, a6);
        FloatVector b6 = HI2.selectFrom(a4, a6);
        FloatVector b5 = LO2.selectFrom(a5, a7);
        FloatVector b7 = HI2.selectFrom(a5, a7);
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
