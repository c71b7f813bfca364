package dev.tapegrad.autograd;

/**
 * Anomaly detection: while on, the first op whose forward output holds a NaN, or whose vjp returns a NaN
 * or an infinity, throws {@link AnomalyException} naming the op, the phase, its input shapes and the
 * user's line that applied it. An infinity in a forward output is allowed (attention masks use -inf).
 *
 * <pre>{@code
 * try (var s = Anomaly.detect()) {
 *     loss = model.forward(x);
 *     loss.backward();
 * }
 * }</pre>
 *
 * <p>Cheap enough to leave on: per recorded op, one stack walk at forward time (the call site, kept in
 * the op's {@link Context}) and one branch-free pass over its output; per vjp, one pass over the gradients
 * it returns (the ops a vjp runs are checked through those, not one by one); nothing when off beyond one
 * flag test per op. A backward is checked when detection is on while it runs; call sites are known for the ops
 * recorded while it was on. Per thread, like {@link GradMode}.
 */
public final class Anomaly {
    /** The finite scan runs on the Vector API when its module is present (see {@link FiniteScanSimd}). */
    private static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Anomaly() {}

    /** Restores the detection mode in force when it was opened; close it on the thread that opened it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Turns detection on for this thread until the returned scope is closed. */
    public static Scope detect() {
        GradMode.State state = GradMode.state();
        boolean previous = state.anomaly;
        state.anomaly = true;
        return new Restore(state, previous);
    }

    /** Turns detection on or off for this thread until changed again. */
    public static void setEnabled(boolean on) {
        GradMode.state().anomaly = on;
    }

    /** True when detection is on for this thread. */
    public static boolean isEnabled() {
        return GradMode.state().anomaly;
    }

    private record Restore(GradMode.State state, boolean previous) implements Scope {
        @Override
        public void close() {
            state.anomaly = previous;
        }
    }

    /** Throws when out holds a NaN (infinities allowed). */
    static void checkForward(Op op, Context ctx, Tensor out, Tensor[] inputs) {
        if (viewOfInput(out, inputs)) {
            return;     // a view (reshape, transpose, narrow, expand) holds no value its input did not
        }
        int bad = firstBad(out, false);
        if (bad < 0) {
            return;
        }
        CallSite site = ctx.callSite() != null ? ctx.callSite() : CallSite.capture();
        throw new AnomalyException(op.name(), "forward", site == null ? null : site.toString(),
                op.name() + " produced NaN in forward: element " + bad + " of its output " + Shapes.str(out.shape())
                        + "; input shapes " + shapes(inputs) + "; " + where(site));
    }

    /** Throws when a gradient the vjp returned holds a NaN or an infinity. */
    static void checkBackward(Node node, Tensor[] gs, boolean[] needs) {
        for (int j = 0; j < gs.length; j++) {
            if (!needs[j] || gs[j] == null) {
                continue;
            }
            int bad = firstBad(gs[j], true);
            if (bad >= 0) {
                CallSite site = node.ctx.callSite();
                double value = gs[j].toDoubleArray()[bad];
                throw new AnomalyException(node.op.name(), "backward", site == null ? null : site.toString(),
                        node.op.name() + " returned " + value + " in backward: element " + bad
                                + " of the gradient for input " + j + " " + Shapes.str(gs[j].shape())
                                + "; input shapes " + shapes(node.inputs) + "; " + where(site));
            }
        }
    }

    /** True when out reads an input's storage: its values were already checked when that input was made. */
    private static boolean viewOfInput(Tensor out, Tensor[] inputs) {
        Object storage = out.storage();
        for (Tensor in : inputs) {
            if (in != null && in.storage() == storage) {
                return true;
            }
        }
        return false;
    }

    private static String where(CallSite site) {
        return site != null ? "applied in " + site.describe()
                : "call site unknown (the op was recorded while anomaly detection was off, or only library code "
                + "was on the stack)";
    }

    private static String shapes(Tensor[] inputs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < inputs.length; i++) {
            b.append(i == 0 ? "" : ", ").append(inputs[i] == null ? "null" : Shapes.str(inputs[i].shape()));
        }
        return b.toString();
    }

    /**
     * Row-major index of the first NaN (or, with infinityToo, the first non-finite value); -1 if none.
     * A branch-free pass first (x·0 is NaN exactly when x is not finite; four sums keep it at memory speed),
     * then, only when it finds something, a precise scan.
     */
    static int firstBad(Tensor t, boolean infinityToo) {
        if (!t.isContiguous()) {
            double[] values = t.toDoubleArray();
            return allFinite(values, 0, values.length) ? -1 : first(values, 0, values.length, infinityToo);
        }
        int off = t.storageOffset();
        int n = t.numel();
        if (t.dtype() == DType.FLOAT32) {
            float[] a = t.floatStorage();
            boolean finite = SIMD ? FiniteScanSimd.allFinite(a, off, n) : allFinite(a, off, n);
            return finite ? -1 : first(a, off, n, infinityToo);
        }
        double[] a = t.doubleStorage();
        boolean finite = SIMD ? FiniteScanSimd.allFinite(a, off, n) : allFinite(a, off, n);
        return finite ? -1 : first(a, off, n, infinityToo);
    }

    /** Scalar reference of {@link FiniteScanSimd#allFinite(float[], int, int)}. */
    static boolean allFinite(float[] a, int off, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[off + i] * 0f;
            s1 += a[off + i + 1] * 0f;
            s2 += a[off + i + 2] * 0f;
            s3 += a[off + i + 3] * 0f;
        }
        for (; i < n; i++) {
            s0 += a[off + i] * 0f;
        }
        float s = s0 + s1 + s2 + s3;
        return s == s;
    }

    /** Scalar reference of {@link FiniteScanSimd#allFinite(double[], int, int)}. */
    static boolean allFinite(double[] a, int off, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[off + i] * 0.0;
            s1 += a[off + i + 1] * 0.0;
            s2 += a[off + i + 2] * 0.0;
            s3 += a[off + i + 3] * 0.0;
        }
        for (; i < n; i++) {
            s0 += a[off + i] * 0.0;
        }
        double s = s0 + s1 + s2 + s3;
        return s == s;
    }

    private static int first(float[] a, int off, int n, boolean infinityToo) {
        for (int i = 0; i < n; i++) {
            float x = a[off + i];
            if (x != x || (infinityToo && Float.isInfinite(x))) {
                return i;
            }
        }
        return -1;
    }

    private static int first(double[] a, int off, int n, boolean infinityToo) {
        for (int i = 0; i < n; i++) {
            double x = a[off + i];
            if (x != x || (infinityToo && Double.isInfinite(x))) {
                return i;
            }
        }
        return -1;
    }
}
