// GENERATED from TransposeFloatSimd.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The in-register 8×8 transpose of {@link StridedCopyDouble}'s transposing copy, in FLOAT64: eight rows of
 * eight are loaded, transposed in three butterfly stages of two-vector lane selections (each swaps the
 * off-diagonal h×h blocks of every 2h×2h block, h = 1, 2, 4) and stored as eight rows. The lanes are moved
 * as int lanes (each element one int lane or two), whose two-vector selection takes its integer indices as
 * they are: with double indices every selection also converted them, a third slower. A copy, so the
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

    /** The same bits as int lanes, {@link #W} per element. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());

    /** Int lanes per element. */
    private static final int W = Double.SIZE / Integer.SIZE;

    private static final IntVector LO1 = select(1, true);
    private static final IntVector HI1 = select(1, false);
    private static final IntVector LO2 = select(2, true);
    private static final IntVector HI2 = select(2, false);
    private static final IntVector LO4 = select(4, true);
    private static final IntVector HI4 = select(4, false);

    /**
     * Lane indices into (a, b) (b's lanes are B..2B-1) for stage h: lo keeps a's lanes c with c & h = 0 and
     * takes b's lane c ^ h elsewhere; hi takes a's lane c ^ h where c & h = 0 and keeps b's lanes elsewhere;
     * each element's lane index becomes the indices of its W int lanes.
     */
    private static IntVector select(int h, boolean lo) {
        int[] index = new int[B * W];
        for (int c = 0; c < B; c++) {
            boolean first = (c & h) == 0;
            int from = lo ? (first ? c : B + (c ^ h)) : (first ? c ^ h : B + c);
            for (int k = 0; k < W; k++) {
                index[c * W + k] = from * W + k;
            }
        }
        return IntVector.fromArray(I, index, 0);
    }

    private static IntVector load(double[] src, int p) {
        return DoubleVector.fromArray(S, src, p).reinterpretAsInts();
    }

    private static void store(IntVector v, double[] dst, int p) {
        v.reinterpretAsDoubles().intoArray(dst, p);
    }

    /** dst[to + i · dstStride + j] = src[from + i + j · s] for i, j in [0, 8). */
    static void block(double[] src, int from, int s, double[] dst, int to, int dstStride) {
        IntVector r0 = load(src, from);
        IntVector r1 = load(src, from + s);
        IntVector r2 = load(src, from + 2 * s);
        IntVector r3 = load(src, from + 3 * s);
        IntVector r4 = load(src, from + 4 * s);
        IntVector r5 = load(src, from + 5 * s);
        IntVector r6 = load(src, from + 6 * s);
        IntVector r7 = load(src, from + 7 * s);
        IntVector a0 = LO1.selectFrom(r0, r1);
        IntVector a1 = HI1.selectFrom(r0, r1);
        IntVector a2 = LO1.selectFrom(r2, r3);
        IntVector a3 = HI1.selectFrom(r2, r3);
        IntVector a4 = LO1.selectFrom(r4, r5);
        IntVector a5 = HI1.selectFrom(r4, r5);
        IntVector a6 = LO1.selectFrom(r6, r7);
        IntVector a7 = HI1.selectFrom(r6, r7);
        IntVector b0 = LO2.selectFrom(a0, a2);
        IntVector b2 = HI2.selectFrom(a0, a2);
        IntVector b1 = LO2.selectFrom(a1, a3);
        IntVector b3 = HI2.selectFrom(a1, a3);
        IntVector b4 = LO2.selectFrom(a4, a6);
        IntVector b6 = HI2.selectFrom(a4, a6);
        IntVector b5 = LO2.selectFrom(a5, a7);
        IntVector b7 = HI2.selectFrom(a5, a7);
        store(LO4.selectFrom(b0, b4), dst, to);
        store(LO4.selectFrom(b1, b5), dst, to + dstStride);
        store(LO4.selectFrom(b2, b6), dst, to + 2 * dstStride);
        store(LO4.selectFrom(b3, b7), dst, to + 3 * dstStride);
        store(HI4.selectFrom(b0, b4), dst, to + 4 * dstStride);
        store(HI4.selectFrom(b1, b5), dst, to + 5 * dstStride);
        store(HI4.selectFrom(b2, b6), dst, to + 6 * dstStride);
        store(HI4.selectFrom(b3, b7), dst, to + 7 * dstStride);
    }
}
