// GENERATED from ExtremumFloat.java by ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java. Do not edit:
// edit the FLOAT32 template, then run that file with `java` from the repository root.
package dev.tapegrad.ops.kernels;

/**
 * FLOAT64 elementwise maximum or minimum of two strided, broadcast operands (torch.maximum / torch.minimum) into a
 * contiguous output, and the weighing of an incoming gradient by the side each element came from. The dims merge
 * into a loop nest ({@link StridedLayout}) and each innermost row runs with SIMD ({@link ExtremumSimdDouble}), both
 * operands being contiguous or repeated along it: an operand read with a larger stride there (a transposed view) is
 * first copied into the output's order by {@link StridedCopyDouble}. Large outputs are split by rows over {@link
 * Parallel}'s threads. NaN wins (the result is a + b there); a tie gives a, so the maximum of (-0.0, +0.0)
 * is -0.0, as std::max in PyTorch's scalar loop. Results equal the scalar reference's bit for bit (nothing is
 * rounded). Generated from {@link ExtremumFloat}: edit that file, not this one.
 *
 * <p>The gradient follows PyTorch's formula, grad_a = where(a == b, g / 2, g).masked_fill(a < b, 0) for the
 * maximum (a > b for the minimum), and grad_b likewise: two flags per element record it, fullA where a takes all of
 * g (a wins, or a NaN is involved) and fullB where b does; neither is set on a tie, where each takes g / 2; both
 * are set where a NaN is involved, so that both inputs take g.
 */
public final class ExtremumDouble {
    private ExtremumDouble() {}

    /**
     * out[i] (row-major over shape) = max (or min) of a[aOff + Σ i_d·aStrides[d]] and b[bOff + Σ i_d·bStrides[d]];
     * fullA and fullB (both null, or both out's length) receive the gradient flags described above.
     */
    public static void forward(int[] shape, double[] a, int aOff, int[] aStrides, double[] b, int bOff, int[] bStrides,
                               boolean max, double[] out, boolean[] fullA, boolean[] fullB) {
        if (out.length == 0) {
            return;
        }
        StridedLayout l = StridedLayout.of(shape, aStrides, bStrides, BroadcastDouble.contiguous(shape));
        int n = l.inner();
        int as = l.innerStride(0);
        int bs = l.innerStride(1);
        int[] aRows = l.rowStarts(0, aOff);
        int[] bRows = l.rowStarts(1, bOff);
        if (as > 1 || bs > 1) {
            // a view read across its rows (transposed, permuted): copied once into the output's order at memory
            // speed, then read contiguously
            double[] ac = a;
            int[] acs = aStrides;
            if (as > 1) {
                ac = new double[out.length];
                StridedCopyDouble.copy(a, aOff, shape, aStrides, ac);
                acs = BroadcastDouble.contiguous(shape);
            }
            double[] bc = b;
            int[] bcs = bStrides;
            if (bs > 1) {
                bc = new double[out.length];
                StridedCopyDouble.copy(b, bOff, shape, bStrides, bc);
                bcs = BroadcastDouble.contiguous(shape);
            }
            forward(shape, ac, as > 1 ? 0 : aOff, acs, bc, bs > 1 ? 0 : bOff, bcs, max, out, fullA, fullB);
            return;
        }
        boolean simd = Kernels.simd();
        Parallel.forRange(aRows.length, Math.max(1, Elementwise.CHUNK / n), (from, to) -> {
            for (int r = from, o = from * n; r < to; r++, o += n) {
                if (simd) {
                    ExtremumSimdDouble.row(a, aRows[r], as, b, bRows[r], bs, max, out, o, n, fullA, fullB);
                } else {
                    rowScalar(a, aRows[r], as, b, bRows[r], bs, max, out, o, 0, n, fullA, fullB);
                }
            }
        });
    }

    /** Elements [i0, n) of one row: a[p + i·as] against b[q + i·bs] into out[o + i] and the flags (scalar reference). */
    static void rowScalar(double[] a, int p, int as, double[] b, int q, int bs, boolean max, double[] out, int o, int i0,
                          int n, boolean[] fullA, boolean[] fullB) {
        for (int i = i0; i < n; i++) {
            double x = a[p + i * as];
            double y = b[q + i * bs];
            boolean le = x <= y;
            boolean ge = x >= y;
            if (x != x || y != y) {
                out[o + i] = x + y;
            } else {
                out[o + i] = (max ? ge : le) ? x : y;
            }
            if (fullA != null) {
                fullA[o + i] = max ? !le : !ge;
                fullB[o + i] = max ? !ge : !le;
            }
        }
    }

    /**
     * out[i] = g[gOff + i] where full[i], 0 where only other[i] is set, g[gOff + i] / 2 where neither: one input's
     * share of the gradient (full, other = fullA, fullB for a; fullB, fullA for b).
     */
    public static void weigh(double[] g, int gOff, boolean[] full, boolean[] other, double[] out) {
        Elementwise.forRange(out.length, (from, to) -> {
            if (Kernels.simd()) {
                ExtremumSimdDouble.weigh(g, gOff, full, other, out, from, to);
            } else {
                weighScalar(g, gOff, full, other, out, from, to);
            }
        });
    }

    /** Scalar reference of {@link #weigh} over [from, to). */
    static void weighScalar(double[] g, int gOff, boolean[] full, boolean[] other, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = g[gOff + i];
            out[i] = full[i] ? v : other[i] ? 0.0 : v * 0.5;
        }
    }
}
