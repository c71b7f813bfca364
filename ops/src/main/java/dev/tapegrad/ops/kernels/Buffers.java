package dev.tapegrad.ops.kernels;

/**
 * Growable scratch arrays, kept per thread by the kernels and reused from call to call: {@code atLeast} returns
 * the array itself when it holds n elements, else a new zeroed one (with {@code slack} spare elements past n,
 * for kernels whose masked last vectors may reach past the requested size).
 */
final class Buffers {
    private Buffers() {}

    static float[] atLeast(float[] a, int n) {
        return atLeast(a, n, 0);
    }

    static float[] atLeast(float[] a, int n, int slack) {
        return a.length < n ? new float[n + slack] : a;
    }

    static double[] atLeast(double[] a, int n) {
        return atLeast(a, n, 0);
    }

    static double[] atLeast(double[] a, int n, int slack) {
        return a.length < n ? new double[n + slack] : a;
    }

    static int[] atLeast(int[] a, int n) {
        return a.length < n ? new int[n] : a;
    }
}
