package dev.tapegrad.ops.kernels;

/**
 * FLOAT32 scatter and gather along one dim with one index per slice, the pair behind the gradient of max/min over
 * a dim (PyTorch's value_selecting_reduction_backward): an array of shape (outer, size, inner), row-major, against
 * a compact array of shape (outer, inner) and an index in [0, size) for each of its elements. Both are exact
 * copies (no arithmetic). {@link ScatterDimDouble} is generated from this file for FLOAT64.
 */
public final class ScatterDimFloat {
    private ScatterDimFloat() {}

    /** Compact elements per chunk of a pass split over {@link Parallel}'s threads. */
    private static final int GRAIN = 1 << 14;

    /**
     * out[(o·size + index[o·inner + i])·inner + i] = src[o·inner + i] for o < outer, i < inner; out must be zero
     * (or hold what the other elements should keep) on entry and is written nowhere else.
     */
    public static void scatter(float[] src, int[] index, int outer, int size, int inner, float[] out) {
        Parallel.forRange(outer, Math.max(1, GRAIN / Math.max(1, inner)), (from, to) -> {
            for (int o = from; o < to; o++) {
                int c = o * inner;
                int base = o * size * inner;
                for (int i = 0; i < inner; i++) {
                    out[base + index[c + i] * inner + i] = src[c + i];
                }
            }
        });
    }

    /** out[o·inner + i] = x[(o·size + index[o·inner + i])·inner + i] for o < outer, i < inner. */
    public static void gather(float[] x, int[] index, int outer, int size, int inner, float[] out) {
        Parallel.forRange(outer, Math.max(1, GRAIN / Math.max(1, inner)), (from, to) -> {
            for (int o = from; o < to; o++) {
                int c = o * inner;
                int base = o * size * inner;
                for (int i = 0; i < inner; i++) {
                    out[c + i] = x[base + index[c + i] * inner + i];
                }
            }
        });
    }
}
