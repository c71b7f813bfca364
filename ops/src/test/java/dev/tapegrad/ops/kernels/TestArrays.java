package dev.tapegrad.ops.kernels;

/** Array conversions shared by the kernel tests. */
final class TestArrays {
    private TestArrays() {
    }

    /** a widened to double, element by element. */
    static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
