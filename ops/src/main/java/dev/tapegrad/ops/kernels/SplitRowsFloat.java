package dev.tapegrad.ops.kernels;

/**
 * Rows split by parity for stride-2 columns in {@link Im2colFloat} and {@link Col2imFloat}: each input row
 * [x0, x1, x2, ...] held as [x0, x2, ... | x1, x3, ...] in a per-thread buffer, so that a tap's columns
 * 2·j + offW are consecutive; split and merged a vector at a time with the Vector API
 * ({@link Im2colSimdFloat#split}). FLOAT32; {@link SplitRowsDouble} is generated from this file for FLOAT64.
 */
final class SplitRowsFloat {
    private static final boolean SIMD = Kernels.simd();

    /** Per-thread rows split by parity for stride-2 unfolding and folding. */
    private static final ThreadLocal<float[]> SPLIT = ThreadLocal.withInitial(() -> new float[0]);

    private SplitRowsFloat() {}

    /**
     * Stride-2 columns read and written through rows split by parity: input row [x0, x1, x2, ...] becomes
     * [x0, x2, ... | x1, x3, ...] (the even half has ceil(inW / 2) elements), so that a tap's columns
     * 2·j + offW are consecutive. Per-thread buffer of a group's channels; channels [c0, c1) are filled.
     */
    static float[] splitRows(ConvGeometry g, float[] x, int xOff, int c0, int c1) {
        float[] s = split(g.groupIn() * g.inPlane());
        int w = g.inW();
        int even = (w + 1) / 2;
        for (int r = c0 * g.inH(); r < c1 * g.inH(); r++) {
            int xr = xOff + r * w;
            int sr = r * w;
            int i = SIMD ? Im2colSimdFloat.split(x, xr, w / 2, s, sr, sr + even) : 0;
            for (; i < w / 2; i++) {
                s[sr + i] = x[xr + 2 * i];
                s[sr + even + i] = x[xr + 2 * i + 1];
            }
            if (w % 2 != 0) {
                s[sr + even - 1] = x[xr + w - 1];
            }
        }
        return s;
    }

    /** Writes split rows of channels [c0, c1) back into x in their natural order (the inverse of splitRows). */
    static void mergeRows(ConvGeometry g, float[] s, int c0, int c1, float[] x, int xOff) {
        int w = g.inW();
        int even = (w + 1) / 2;
        for (int r = c0 * g.inH(); r < c1 * g.inH(); r++) {
            int xr = xOff + r * w;
            int sr = r * w;
            int i = SIMD ? Im2colSimdFloat.merge(s, sr, sr + even, w / 2, x, xr) : 0;
            for (; i < w / 2; i++) {
                x[xr + 2 * i] = s[sr + i];
                x[xr + 2 * i + 1] = s[sr + even + i];
            }
            if (w % 2 != 0) {
                x[xr + w - 1] = s[sr + even - 1];
            }
        }
    }

    /**
     * Whether stride-2 columns go through rows split by parity: with the Vector API (which splits and merges
     * rows a vector at a time), rows of at least two vectors, and a kernel at least 3 wide, so that an input
     * element is read (or added to) more than once and the split's extra passes pay.
     */
    static boolean splits(ConvGeometry g) {
        return SIMD && g.strideW() == 2 && g.kernelW() >= 3 && g.inW() >= 32;
    }

    /** Where column 2·j + offW of a split row lies, less j. */
    static int splitColumn(ConvGeometry g, int offW) {
        return (offW & 1) == 0 ? Math.floorDiv(offW, 2) : (g.inW() + 1) / 2 + Math.floorDiv(offW, 2);
    }

    /** The per-thread buffer of split rows, at least n elements. */
    static float[] split(int n) {
        float[] s = Buffers.atLeast(SPLIT.get(), n);
        SPLIT.set(s);
        return s;
    }
}
