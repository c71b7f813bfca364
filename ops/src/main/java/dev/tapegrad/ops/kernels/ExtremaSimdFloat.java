package dev.tapegrad.ops.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of {@link ExtremaFloat}: the maximum (or minimum) of a contiguous run, and the element-wise
 * maximum of rows with the index of the row it came from. Results equal the scalar references' bit for bit
 * (a maximum rounds nothing). FLOAT32; {@link ExtremaSimdDouble} is generated from this file for FLOAT64.
 * Loads jdk.incubator.vector: only reached when {@link Kernels#simd()} is true.
 */
final class ExtremaSimdFloat {
    private ExtremaSimdFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /**
     * Math.max (or Math.min) over x[p + i], i < n, n >= 1: NaN when any element is NaN, +0.0 above -0.0. Four
     * accumulators, then one lane reduction and a scalar tail; the operation is associative and commutative, so
     * the result does not depend on the order.
     */
    static float extreme(float[] x, int p, int n, boolean max) {
        if (S.loopBound(n) == 0) {
            return ExtremaFloat.extremeScalar(x, p, n, max);
        }
        return max ? runMax(x, p, n) : runMin(x, p, n);
    }

    // max and min in separate loops: one loop choosing between them kept the profile of the first one called, and
    // the other then ran 10x slower (min() after max() in one program: 2.2 ms against 0.21 for 2^21 elements)

    /** The maximum of x[p + i], i < n, n >= the lane count. */
    private static float runMax(float[] x, int p, int n) {
        int l = S.length();
        int bound4 = n - n % (4 * l);
        int bound = S.loopBound(n);
        FloatVector a = FloatVector.fromArray(S, x, p);
        FloatVector b = a;
        FloatVector c = a;
        FloatVector d = a;
        int i = 0;
        for (; i < bound4; i += 4 * l) {
            a = a.max(FloatVector.fromArray(S, x, p + i));
            b = b.max(FloatVector.fromArray(S, x, p + i + l));
            c = c.max(FloatVector.fromArray(S, x, p + i + 2 * l));
            d = d.max(FloatVector.fromArray(S, x, p + i + 3 * l));
        }
        for (; i < bound; i += l) {
            a = a.max(FloatVector.fromArray(S, x, p + i));
        }
        float m = a.max(b).max(c.max(d)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[p + i]);
        }
        return m;
    }

    /** The minimum of x[p + i], i < n, n >= the lane count. */
    private static float runMin(float[] x, int p, int n) {
        int l = S.length();
        int bound4 = n - n % (4 * l);
        int bound = S.loopBound(n);
        FloatVector a = FloatVector.fromArray(S, x, p);
        FloatVector b = a;
        FloatVector c = a;
        FloatVector d = a;
        int i = 0;
        for (; i < bound4; i += 4 * l) {
            a = a.min(FloatVector.fromArray(S, x, p + i));
            b = b.min(FloatVector.fromArray(S, x, p + i + l));
            c = c.min(FloatVector.fromArray(S, x, p + i + 2 * l));
            d = d.min(FloatVector.fromArray(S, x, p + i + 3 * l));
        }
        for (; i < bound; i += l) {
            a = a.min(FloatVector.fromArray(S, x, p + i));
        }
        float m = a.min(b).min(c.min(d)).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
            m = Math.min(m, x[p + i]);
        }
        return m;
    }

    /**
     * Math.max (or Math.min) over x[p + j·stride + i], j < rows, i < n, for n >= the lane count and rows >= 1. Rows
     * of {@link ExtremaFloat#LONG_ROW} or more: each row's extreme as {@link #extreme(float[], int, int, boolean)}
     * takes it, combined in turn. Shorter rows: one flat loop over every row's vectors, four at a time into four
     * accumulators (a vector carried through a loop nested in another is not kept in a register, and short rows
     * then cost an allocation each; one accumulator waits on the latency of each max), each row's last vector ending
     * at the row's end (overlapping the one before instead of a scalar tail: an element seen twice does not change
     * the extreme), one lane reduction.
     */
    static float extreme(float[] x, int p, int rows, int stride, int n, boolean max) {
        if (n >= ExtremaFloat.LONG_ROW) {
            float m = extreme(x, p, n, max);
            for (int j = 1; j < rows; j++) {
                float e = extreme(x, p + j * stride, n, max);
                m = max ? Math.max(m, e) : Math.min(m, e);
            }
            return m;
        }
        return max ? rowsMax(x, p, rows, stride, n) : rowsMin(x, p, rows, stride, n);
    }

    /** The maximum of the rows, as {@link #extreme(float[], int, int, int, int, boolean)}. */
    private static float rowsMax(float[] x, int p, int rows, int stride, int n) {
        int l = S.length();
        int last = n - l;
        int total = rows * ((n + l - 1) / l);
        FloatVector a = FloatVector.fromArray(S, x, p);
        FloatVector b = a;
        FloatVector c = a;
        FloatVector d = a;
        int k = 0;
        int q = p;
        int i = 0;
        for (; k + 4 <= total; k += 4) {
            int p0 = q + Math.min(i, last);
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
            int p1 = q + Math.min(i, last);
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
            int p2 = q + Math.min(i, last);
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
            int p3 = q + Math.min(i, last);
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
            a = a.max(FloatVector.fromArray(S, x, p0));
            b = b.max(FloatVector.fromArray(S, x, p1));
            c = c.max(FloatVector.fromArray(S, x, p2));
            d = d.max(FloatVector.fromArray(S, x, p3));
        }
        for (; k < total; k++) {
            a = a.max(FloatVector.fromArray(S, x, q + Math.min(i, last)));
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
        }
        return a.max(b).max(c.max(d)).reduceLanes(VectorOperators.MAX);
    }

    /** The minimum of the rows, as {@link #extreme(float[], int, int, int, int, boolean)}. */
    private static float rowsMin(float[] x, int p, int rows, int stride, int n) {
        int l = S.length();
        int last = n - l;
        int total = rows * ((n + l - 1) / l);
        FloatVector a = FloatVector.fromArray(S, x, p);
        FloatVector b = a;
        FloatVector c = a;
        FloatVector d = a;
        int k = 0;
        int q = p;
        int i = 0;
        for (; k + 4 <= total; k += 4) {
            int p0 = q + Math.min(i, last);
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
            int p1 = q + Math.min(i, last);
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
            int p2 = q + Math.min(i, last);
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
            int p3 = q + Math.min(i, last);
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
            a = a.min(FloatVector.fromArray(S, x, p0));
            b = b.min(FloatVector.fromArray(S, x, p1));
            c = c.min(FloatVector.fromArray(S, x, p2));
            d = d.min(FloatVector.fromArray(S, x, p3));
        }
        for (; k < total; k++) {
            a = a.min(FloatVector.fromArray(S, x, q + Math.min(i, last)));
            i += l;
            if (i >= n) {
                i = 0;
                q += stride;
            }
        }
        return a.min(b).min(c.min(d)).reduceLanes(VectorOperators.MIN);
    }

    /**
     * Rows j = 1 .. size - 1 of n elements at x[p + j·stride] folded into best (which holds row 0) and arg:
     * where x[p + j·stride + i] is above best[i] (below, for a minimum), or is the first NaN, best[i] takes it and
     * arg[i] = j. Ties keep the earlier row. As {@link ExtremaFloat#columnsScalar}, with SIMD across the row.
     */
    static void columns(float[] x, int p, int stride, int size, int n, boolean max, float[] best, float[] arg) {
        int bound = S.loopBound(n);
        for (int j = 1; j < size; j++) {
            int q = p + j * stride;
            FloatVector jv = FloatVector.broadcast(S, (float) j);
            int i = 0;
            for (; i < bound; i += S.length()) {
                FloatVector b = FloatVector.fromArray(S, best, i);
                FloatVector v = FloatVector.fromArray(S, x, q + i);
                VectorMask<Float> up = max ? v.compare(VectorOperators.GT, b) : v.compare(VectorOperators.LT, b);
                up = up.or(v.test(VectorOperators.IS_NAN).andNot(b.test(VectorOperators.IS_NAN)));
                b.blend(v, up).intoArray(best, i);
                FloatVector.fromArray(S, arg, i).blend(jv, up).intoArray(arg, i);
            }
            if (i < n) {
                ExtremaFloat.columnsScalar(x, q, j, i, n, max, best, arg);
            }
        }
    }

    /** As {@link ExtremaFloat#markTiesScalar} from element 0: a compare per vector, blended into ones and zeros. */
    static int markTies(float[] x, int p, int n, float m, float[] out, int o) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        boolean nan = m != m;
        int count = 0;
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, p + i);
            VectorMask<Float> tie = nan ? v.test(VectorOperators.IS_NAN) : v.compare(VectorOperators.EQ, m);
            zero.blend(one, tie).intoArray(out, o + i);
            count += tie.trueCount();
        }
        return count + ExtremaFloat.markTiesScalar(x, p, n, m, out, o, i);
    }

    /** The lane count of the species these loops use. */
    static int lanes() {
        return S.length();
    }

    /**
     * As {@link ExtremaFloat#argRowScalar} for n >= the lane count: the extreme (with four accumulators from {@link
     * ExtremaFloat#LONG_ROW} elements on, else one), then a search of the row a vector at a time for the first
     * element equal to it (the first NaN, when it is NaN). The last vector of each pass ends at the row's end and
     * overlaps the one before, instead of a scalar tail: an element seen twice changes neither the extreme nor the
     * first match, which the earlier vector would have found.
     */
    static int argRow(float[] x, int p, int n, boolean max) {
        float m;
        if (n >= ExtremaFloat.LONG_ROW) {
            m = extreme(x, p, n, max);
        } else {
            m = max ? shortMax(x, p, n) : shortMin(x, p, n);
        }
        if (m != m) {
            return firstNaN(x, p, n);
        }
        return n <= 64 ? firstEqualShort(x, p, n, m) : firstEqual(x, p, n, m);
    }

    /**
     * As {@link #firstEqual} for n <= 64, without a branch on the data: the matches of every vector gathered into
     * one 64-bit mask, whose lowest set bit is the answer. (A search that stops at the first match mispredicts its
     * exit for about every other row of random data, and the next row's work is thrown away with it.)
     */
    private static int firstEqualShort(float[] x, int p, int n, float m) {
        int l = S.length();
        long bits = 0;
        for (int i = 0; i < n; i += l) {
            int at = Math.min(i, n - l);
            bits |= FloatVector.fromArray(S, x, p + at).compare(VectorOperators.EQ, m).toLong() << at;
        }
        return Math.min(n, Long.numberOfTrailingZeros(bits));
    }

    // Each loop below applies one constant operation: a vector chosen between two operations (or a mask between
    // two tests) is a merge C2 may not keep in registers, and the loop then allocates.

    /** The maximum of x[p + i], i < n, n >= the lane count, with one accumulator. */
    private static float shortMax(float[] x, int p, int n) {
        int l = S.length();
        FloatVector acc = FloatVector.fromArray(S, x, p);
        for (int i = l; i < n; i += l) {
            acc = acc.max(FloatVector.fromArray(S, x, p + Math.min(i, n - l)));
        }
        return acc.reduceLanes(VectorOperators.MAX);
    }

    /** The minimum of x[p + i], i < n, n >= the lane count, with one accumulator. */
    private static float shortMin(float[] x, int p, int n) {
        int l = S.length();
        FloatVector acc = FloatVector.fromArray(S, x, p);
        for (int i = l; i < n; i += l) {
            acc = acc.min(FloatVector.fromArray(S, x, p + Math.min(i, n - l)));
        }
        return acc.reduceLanes(VectorOperators.MIN);
    }

    /** The first i < n with x[p + i] == m, n >= the lane count; n when there is none. */
    private static int firstEqual(float[] x, int p, int n, float m) {
        int l = S.length();
        for (int i = 0; i < n; i += l) {
            int at = Math.min(i, n - l);
            VectorMask<Float> hit = FloatVector.fromArray(S, x, p + at).compare(VectorOperators.EQ, m);
            if (hit.anyTrue()) {
                return at + hit.firstTrue();
            }
        }
        return n;
    }

    /** The first i < n with x[p + i] NaN, n >= the lane count; n when there is none. */
    private static int firstNaN(float[] x, int p, int n) {
        int l = S.length();
        for (int i = 0; i < n; i += l) {
            int at = Math.min(i, n - l);
            VectorMask<Float> hit = FloatVector.fromArray(S, x, p + at).test(VectorOperators.IS_NAN);
            if (hit.anyTrue()) {
                return at + hit.firstTrue();
            }
        }
        return n;
    }
}
