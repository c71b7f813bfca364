package dev.tapegrad.autograd;

/** Renders a tensor as its shape, dtype and a readable excerpt of its values (at most 3 per end of a dim). */
final class TensorFormat {
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t, boolean requiresGrad, String gradFn) {
        StringBuilder sb = new StringBuilder("Tensor(shape=").append(Shapes.str(t.shape()))
                .append(", dtype=").append(t.dtype());
        if (gradFn != null) {
            sb.append(", gradFn=").append(gradFn);
        } else if (requiresGrad) {
            sb.append(", requiresGrad=true");
        }
        sb.append(")\n");
        values(sb, t.toDoubleArray(), t.shape(), 0, 0);
        return sb.toString();
    }

    private static void values(StringBuilder sb, double[] v, int[] shape, int dim, int base) {
        if (dim == shape.length) {
            sb.append(number(v[base]));
            return;
        }
        int n = shape[dim];
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE;
            }
            values(sb, v, shape, dim + 1, base + i * inner);
            if (i < n - 1) {
                sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(dim + 1));
            }
        }
        sb.append(']');
    }

    private static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e7) {
            return String.valueOf((long) x) + ".";
        }
        double a = Math.abs(x);
        if (a != 0 && (a < 1e-4 || a >= 1e7)) {
            return String.format(java.util.Locale.ROOT, "%.4e", x);
        }
        return String.format(java.util.Locale.ROOT, "%.4f", x);
    }
}
