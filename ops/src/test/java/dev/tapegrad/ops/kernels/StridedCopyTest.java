package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The strided copies against a per-element walk of the same view: random ranks 0-4, sizes 0 to past a
 * tile, and strides that are dense, permuted (transposes and channels-last), narrowed, expanded (0) or
 * arbitrary; each case in FLOAT32 and FLOAT64.
 */
class StridedCopyTest {
    private static final int T = StridedCopyFloat.TILE;

    /** The reference: each element by its index. */
    private static double[] walk(double[] src, int offset, int[] shape, int[] strides) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] out = new double[n];
        int[] index = new int[shape.length];
        for (int i = 0; i < n; i++) {
            int p = offset;
            for (int d = 0, rest = i; d < shape.length; d++) {
                int below = 1;
                for (int e = d + 1; e < shape.length; e++) {
                    below *= shape[e];
                }
                index[d] = rest / below;
                rest %= below;
                p += index[d] * strides[d];
            }
            out[i] = src[p];
        }
        return out;
    }

    private static void check(SplittableRandom rng, int[] shape, int[] strides, int offset) {
        int span = offset + 1;
        for (int d = 0; d < shape.length; d++) {
            span += Math.max(0, shape[d] - 1) * strides[d];
        }
        double[] src = new double[span];
        float[] srcF = new float[span];
        for (int i = 0; i < span; i++) {
            src[i] = rng.nextInt(1 << 20);
            srcF[i] = (float) src[i];
        }
        double[] want = walk(src, offset, shape, strides);
        double[] got = new double[want.length];
        StridedCopyDouble.copy(src, offset, shape, strides, got);
        String what = Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " offset " + offset;
        assertArrayEquals(want, got, what);
        float[] gotF = new float[want.length];
        StridedCopyFloat.copy(srcF, offset, shape, strides, gotF);
        for (int i = 0; i < want.length; i++) {
            assertEquals((float) want[i], gotF[i], what + " at " + i);
        }
    }

    private static int[] dense(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= Math.max(1, shape[d]);
        }
        return s;
    }

    @Test
    void matchesTheWalkOnRandomViews() {
        SplittableRandom rng = new SplittableRandom(11);
        int[] sizes = {0, 1, 2, 3, T - 1, T, T + 1, 2 * T + 3};
        for (int c = 0; c < 2000; c++) {
            int rank = rng.nextInt(5);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = rank <= 2 || rng.nextInt(3) == 0 ? sizes[rng.nextInt(sizes.length)] : 1 + rng.nextInt(4);
            }
            int[] strides;
            switch (rng.nextInt(5)) {
                case 0 -> strides = dense(shape);
                case 1 -> {   // a permutation of a dense layout: transposes, channels-last
                    int[] perm = new int[rank];
                    for (int d = 0; d < rank; d++) {
                        perm[d] = d;
                    }
                    for (int d = rank - 1; d > 0; d--) {
                        int e = rng.nextInt(d + 1);
                        int t = perm[d];
                        perm[d] = perm[e];
                        perm[e] = t;
                    }
                    int[] storageShape = new int[rank];
                    for (int d = 0; d < rank; d++) {
                        storageShape[d] = shape[perm[d]];
                    }
                    int[] storage = dense(storageShape);
                    strides = new int[rank];
                    for (int d = 0; d < rank; d++) {
                        strides[perm[d]] = storage[d];
                    }
                }
                case 2 -> {   // narrowed: a slice of wider dims
                    int[] wide = shape.clone();
                    for (int d = 0; d < rank; d++) {
                        wide[d] += rng.nextInt(3);
                    }
                    strides = dense(wide);
                }
                case 3 -> {   // some dims expanded
                    strides = dense(shape);
                    for (int d = 0; d < rank; d++) {
                        if (rng.nextBoolean()) {
                            strides[d] = 0;
                        }
                    }
                }
                default -> {
                    strides = new int[rank];
                    for (int d = 0; d < rank; d++) {
                        strides[d] = rng.nextInt(5);
                    }
                }
            }
            check(rng, shape, strides, rng.nextInt(3));
        }
    }

    @Test
    void copiesTheSeedOfSumBackwardAndAChannelsLastTensor() {
        SplittableRandom rng = new SplittableRandom(5);
        check(rng, new int[] {8, 16, 9, 9}, new int[] {0, 0, 0, 0}, 0);
        check(rng, new int[] {2, 70, 5, 37}, new int[] {70 * 5 * 37, 1, 37 * 70, 70}, 0);
        check(rng, new int[] {70, 45}, new int[] {1, 70}, 3);
        check(rng, new int[] {3, 40, 50}, new int[] {40 * 60, 60, 1}, 7);
    }

    /** Copies past {@link StridedCopyFloat#PARALLEL_MIN}, split over threads along the outermost dim. */
    @Test
    void splitsALargeCopyOverThreads() {
        SplittableRandom rng = new SplittableRandom(9);
        int big = StridedCopyFloat.PARALLEL_MIN;
        check(rng, new int[] {5, 64, 16, 16}, new int[] {0, 0, 0, 0}, 0);                        // expanded
        check(rng, new int[] {7, 33, 35, 13}, new int[] {33 * 35 * 13, 35 * 13, 1, 35}, 2);       // transposed
        check(rng, new int[] {3, 37, 29, 41}, new int[] {29 * 41 * 37, 1, 41 * 37, 37}, 0);       // channels-last
        check(rng, new int[] {big / 40 + 3, 40}, new int[] {48, 1}, 5);                           // narrowed
        check(rng, new int[] {3, big / 2}, new int[] {big / 2, 1}, 0);                            // few outer rows
        check(rng, new int[] {big + 17}, new int[] {2}, 1);                                       // one strided dim
        check(rng, new int[] {300, 301}, new int[] {1, 300}, 0);                                  // 2-D transpose
        int wide = StridedCopyFloat.BAND + 13;                                                     // two bands
        check(rng, new int[] {2, 19, wide}, new int[] {19 * wide, 1, 19}, 1);
    }

    /**
     * The transposing copy with the in-register 8×8 blocks ({@link TransposeFloatSimd}, {@link
     * TransposeDoubleSimd}) and with the scalar tiles alone, both against the walk, bit for bit: a dense
     * block of rank 2 to 4 permuted so that its stride-1 dim is not last, sizes from 1 to past two tiles
     * (edges smaller than a block or a tile, odd sizes), storage optionally wider (narrowed), and an offset.
     * Without the Vector API only the scalar path is checked.
     */
    @Property(tries = 300)
    void transposingCopyWithAndWithoutSimdMatchesTheWalk(
            @ForAll @IntRange(min = 2, max = 4) int rank, @ForAll @IntRange(min = 1, max = 2 * T + 9) int m,
            @ForAll @IntRange(min = 1, max = 2 * T + 9) int n, @ForAll @IntRange(min = 1, max = 3) int outer,
            @ForAll @IntRange(min = 0, max = 2) int widen, @ForAll @IntRange(min = 0, max = 9) int offset,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        // storage (outer..., n, m + widen) dense; the view (outer..., m, n) has strides (..., 1, m + widen)
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
        int count = 1;
        for (int size : shape) {
            count *= size;
        }
        double[] src = new double[offset + acc];
        float[] srcF = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            src[i] = rng.nextDouble(-1, 1);
            srcF[i] = (float) rng.nextDouble(-1, 1);
        }
        String what = Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " offset " + offset;
        double[] want = walk(src, offset, shape, strides);
        double[] wantF = walk(toDouble(srcF), offset, shape, strides);
        boolean simdPresent = Kernels.simd() && TransposeFloatSimd.FITS && TransposeDoubleSimd.FITS;
        for (boolean simd : simdPresent ? new boolean[] {true, false} : new boolean[] {false}) {
            double[] got = new double[count];
            StridedCopyDouble.copy(src, offset, shape, strides, got, simd);
            assertArrayEquals(want, got, what + (simd ? " SIMD" : " scalar"));
            float[] gotF = new float[count];
            StridedCopyFloat.copy(srcF, offset, shape, strides, gotF, simd);
            assertArrayEquals(wantF, toDouble(gotF), what + (simd ? " SIMD" : " scalar"));
        }
    }

    private static double[] toDouble(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    @Test
    void rejectsANegativeStride() {
        assertThrows(IllegalArgumentException.class,
                () -> StridedCopyFloat.copy(new float[4], 3, new int[] {4}, new int[] {-1}, new float[4]));
    }
}
