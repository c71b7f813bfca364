package dev.tapegrad.ops.kernels;

/**
 * FLOAT32 elementwise maximum or minimum of two strided, broadcast operands (torch.maximum / torch.minimum) into a
 * contiguous output, and the weighing of an incoming gradient by the side each element came from. The dims merge
 * into a loop nest ({@link StridedLayout}) and each innermost row runs with SIMD ({@link ExtremumSimdFloat}), both
 * operands being contiguous or repeated along it: an operand read with a larger stride there (a transposed view) is
 * first copied into the output's order by {@link StridedCopyFloat}. Large outputs are split by rows over {@link
 * Parallel}'s threads. NaN wins (the result is a + b there); a tie gives a, so the maximum of (-0.0, +0.0)
 * is -0.0, as std::max in PyTorch's scalar loop. Results equal the scalar reference's bit for bit (nothing is
 * rounded). {@link ExtremumDouble} is generated from this file for FLOAT64.
 *
 * <p>The gradient follows PyTorch's formula, grad_a = where(a == b, g / 2, g).masked_fill(a < b, 0) for the
 * maximum (a > b for the minimum), and grad_b likewise: two flags per element record it, fullA where a takes all of
 * g (a wins, or a NaN is involved) and fullB where b does; neither is set on a tie, where each takes g / 2; both
 * are set where a NaN is involved, so that both inputs take g.
 */
public final class ExtremumFloat {
    private ExtremumFloat() {}

    /**
     * out[i] (row-major over shape) = max (or min) of a[aOff + Σ i_d·aStrides[d]] and b[bOff + Σ i_d·bStrides[d]];
     * fullA and fullB (both null, or both out's length) receive the gradient flags described above.
     */
    public static void forward(int[] shape, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides,
                               boolean max, float[] out, boolean[] fullA, boolean[] fullB) {
        if (out.length == 0) {
            return;
        }
        StridedLayout l = StridedLayout.of(shape, aStrides, bStrides, BroadcastFloat.contiguous(shape));
        int n = l.inner();
        int as = l.innerStride(0);
        int bs = l.innerStride(1);
        int[] aRows = l.rowStarts(0, aOff);
        int[] bRows = l.rowStarts(1, bOff);
        if (as > 1 || bs > 1) {
            // a view read across its rows (transposed, permuted): copied once into the output's order at memory
            // speed, then read contiguously
            float[] ac = a;
            int[] acs = aStrides;
            if (as > 1) {
                ac = new float[out.length];
                StridedCopyFloat.copy(a, aOff, shape, aStrides, ac);
                acs = BroadcastFloat.contiguous(shape);
            }
            float[] bc = b;
            int[] bcs = bStrides;
            if (bs > 1) {
                bc = new float[out.length];
                StridedCopyFloat.copy(b, bOff, shape, bStrides, bc);
                bcs = BroadcastFloat.contiguous(shape);
            }
            forward(shape, ac, as > 1 ? 0 : aOff, acs, bc, bs > 1 ? 0 : bOff, bcs, max, out, fullA, fullB);
            return;
        }
        boolean simd = Kernels.simd();
        Parallel.forRange(aRows.length, Math.max(1, Elementwise.CHUNK / n), (from, to) -> {
            for (int r = from, o = from * n; r < to; r++, o += n) {
                if (simd) {
                    ExtremumSimdFloat.row(a, aRows[r], as, b, bRows[r], bs, max, out, o, n, fullA, fullB);
                } else {
                    rowScalar(a, aRows[r], as, b, bRows[r], bs, max, out, o, 0, n, fullA, fullB);
                }
            }
        });
    }

    /** Elements [i0, n) of one row: a[p + i·as] against b[q + i·bs] into out[o + i] and the flags (scalar reference). */
    static void rowScalar(float[] a, int p, int as, float[] b, int q, int bs, boolean max, float[] out, int o, int i0,
                          int n, boolean[] fullA, boolean[] fullB) {
        for (int i = i0; i < n; i++) {
            float x = a[p + i * as];
            float y = b[q + i * bs];
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
    public static void weigh(float[] g, int gOff, boolean[] full, boolean[] other, float[] out) {
        Elementwise.forRange(out.length, (from, to) -> {
            if (Kernels.simd()) {
                ExtremumSimdFloat.weigh(g, gOff, full, other, out, from, to);
            } else {
                weighScalar(g, gOff, full, other, out, from, to);
            }
        });
    }

    /** Scalar reference of {@link #weigh} over [from, to). */
    static void weighScalar(float[] g, int gOff, boolean[] full, boolean[] other, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = g[gOff + i];
            out[i] = full[i] ? v : other[i] ? 0f : v * 0.5f;
        }
    }
}
