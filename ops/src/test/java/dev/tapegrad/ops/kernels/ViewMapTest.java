package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The fused view kernels ({@link StridedCopyFloat#map}, {@link StridedCopyDouble#map}) against the scalar
 * reference {@link ViewOps#apply} of each element read by its index, bit for bit, with the in-register
 * transposes and with the scalar tiles alone: every op, values with zeros of both signs, NaN and infinities,
 * transposed and channels-last views with edges smaller than a block, narrowed rows, expanded dims, offsets
 * on both operands, and sizes past one thread's share.
 */
class ViewMapTest {
    private static final int T = StridedCopyFloat.TILE;
    private static final int OPS = ViewOps.ABS + 1;

    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0};

    private static double draw(SplittableRandom rng) {
        return rng.nextInt(8) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextDouble(-2, 2);
    }

    /** Position in storage of each element of the view, in row-major order. */
    private static int[] positions(int offset, int[] shape, int[] strides) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        int[] out = new int[n];
        int[] index = new int[shape.length];
        for (int i = 0; i < n; i++) {
            int p = offset;
            for (int d = 0; d < shape.length; d++) {
                p += index[d] * strides[d];
            }
            out[i] = p;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    private static void check(SplittableRandom rng, int op, int[] shape, int[] strides, int offset) {
        int span = offset + 1;
        for (int d = 0; d < shape.length; d++) {
            span += Math.max(0, shape[d] - 1) * strides[d];
        }
        int[] at = positions(offset, shape, strides);
        int auxOff = rng.nextInt(4);
        double[] src = new double[span];
        float[] srcF = new float[span];
        double[] aux = new double[auxOff + at.length];
        float[] auxF = new float[aux.length];
        for (int i = 0; i < span; i++) {
            src[i] = draw(rng);
            srcF[i] = (float) draw(rng);
        }
        for (int i = 0; i < aux.length; i++) {
            aux[i] = draw(rng);
            auxF[i] = (float) draw(rng);
        }
        double[] want = new double[at.length];
        double[] wantF = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            want[i] = ViewOps.apply(op, src[at[i]], aux[auxOff + i]);
            wantF[i] = ViewOps.apply(op, srcF[at[i]], auxF[auxOff + i]);
        }
        String what = "op " + op + " " + Arrays.toString(shape) + " strides " + Arrays.toString(strides)
                + " offset " + offset;
        boolean simdPresent = Kernels.simd() && TransposeFloatSimd.FITS && TransposeDoubleSimd.FITS;
        for (boolean simd : simdPresent ? new boolean[] {true, false} : new boolean[] {false}) {
            double[] got = new double[at.length];
            StridedCopyDouble.map(op, src, offset, shape, strides, aux, auxOff, got, simd);
            assertArrayEquals(want, got, what + (simd ? " SIMD" : " scalar"));
            float[] gotF = new float[at.length];
            StridedCopyFloat.map(op, srcF, offset, shape, strides, auxF, auxOff, gotF, simd);
            double[] gotFd = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                gotFd[i] = gotF[i];
            }
            assertArrayEquals(wantF, gotFd, what + (simd ? " SIMD" : " scalar"));
        }
    }

    /**
     * A view (outer..., m, n) of dense storage (outer..., n, m + widen): its stride-1 dim is not last, so map
     * transposes it, with edges of every size below a block.
     */
    @Property(tries = 300)
    void transposedViewsMatchTheReference(
            @ForAll @IntRange(min = 0, max = OPS - 1) int op, @ForAll @IntRange(min = 2, max = 4) int rank,
            @ForAll @IntRange(min = 1, max = 2 * T + 9) int m, @ForAll @IntRange(min = 1, max = 2 * T + 9) int n,
            @ForAll @IntRange(min = 1, max = 3) int outer, @ForAll @IntRange(min = 0, max = 2) int widen,
            @ForAll @IntRange(min = 0, max = 9) int offset, @ForAll long seed) {
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        shape[rank - 2] = m;
        shape[rank - 1] = n;
        strides[rank - 2] = 1;
        strides[rank - 1] = m + widen;
        int acc = (m + widen) * n;
        for (int d = rank - 3; d >= 0; d--) {
            shape[d] = outer + d;
            strides[d] = acc;
            acc *= shape[d];
        }
        check(new SplittableRandom(seed), op, shape, strides, offset);
    }

    /** Narrowed rows (read in place), expanded dims, channels-last and transposed views, small and threaded. */
    @Test
    void everyOpOnEveryLayout() {
        SplittableRandom rng = new SplittableRandom(21);
        int big = StridedCopyFloat.PARALLEL_MIN;
        for (int op = 0; op < OPS; op++) {
            check(rng, op, new int[] {3, 5, 7}, new int[] {5 * 9, 9, 1}, 2);                           // narrowed
            check(rng, op, new int[] {big / 40 + 3, 40}, new int[] {48, 1}, 5);                        // narrowed, threaded
            check(rng, op, new int[] {2, 3, 4, 17}, new int[] {0, 17, 0, 1}, 0);                      // expanded
            check(rng, op, new int[] {4, 6}, new int[] {0, 0}, 1);                                    // one value
            check(rng, op, new int[] {}, new int[] {}, 3);                                            // 0-d
            check(rng, op, new int[] {2, 37, 5, 41}, new int[] {37 * 5 * 41, 1, 41 * 37, 37}, 0);     // channels-last
            check(rng, op, new int[] {3, 37, 29, 41}, new int[] {29 * 41 * 37, 1, 41 * 37, 37}, 1);   // threaded
            check(rng, op, new int[] {7, 33, 35, 13}, new int[] {33 * 35 * 13, 35 * 13, 1, 35}, 2);   // transposed
            check(rng, op, new int[] {2, 16, StridedCopyFloat.BAND + 13}, new int[] {16 * 1037, 1, 16}, 0); // bands
            check(rng, op, new int[] {big + 17}, new int[] {2}, 1);                                   // strided row
        }
    }

    @Test
    void fusesRowsAndTransposesButNotExpandedRows() {
        assertTrue(StridedCopyFloat.fuses(new int[] {3, 5, 7}, new int[] {45, 9, 1}));
        assertTrue(StridedCopyFloat.fuses(new int[] {2, 8, 8}, new int[] {64, 1, 8}));
        assertTrue(StridedCopyFloat.fuses(new int[] {}, new int[] {}));
        assertFalse(StridedCopyFloat.fuses(new int[] {4, 8}, new int[] {1, 0}));
        assertFalse(StridedCopyFloat.fuses(new int[] {4, 8}, new int[] {16, 2}));
    }
}
