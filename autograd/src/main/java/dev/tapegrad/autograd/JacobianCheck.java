package dev.tapegrad.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Compares the analytic and numeric Jacobians of a function of FLOAT64 leaves; the engine of {@link GradCheck}. */
final class JacobianCheck {
    /** The checked function; {@code analytic} asks for outputs whose tape can be differentiated. */
    interface Fn {
        Tensor[] apply(Tensor[] args, boolean analytic);
    }

    private static final int PINPOINT_LIMIT = 200_000;

    private final String what;
    private final GradCheck.Options options;
    private final Fn fn;
    private final Tensor[] x;
    private final String[] outputNames;
    private final int[] checked;

    private double worstError = 0;
    private String worstWhere = "no entries";
    private int entries = 0;
    private int failures = 0;
    private String firstFailure;

    JacobianCheck(String what, GradCheck.Options options, Fn fn, Tensor[] x, String[] outputNames) {
        this.what = what;
        this.options = options;
        this.fn = fn;
        this.x = x;
        this.outputNames = outputNames;
        this.checked = checkedInputs(x);
    }

    static int[] checkedInputs(Tensor[] x) {
        return java.util.stream.IntStream.range(0, x.length)
                .filter(i -> x[i] != null && x[i].requiresGrad()).toArray();
    }

    /** The first entry out of tolerance after {@link #run()}, or null. */
    String firstFailure() {
        return firstFailure;
    }

    /** The number of entries (or projections) compared by {@link #run()}. */
    int entries() {
        return entries;
    }

    /** The largest error seen by {@link #run()}. */
    double worstError() {
        return worstError;
    }

    GradCheck.Result run() {
        for (int c : checked) {
            if (options.fast()) {
                fastCheck(c);
            } else {
                fullCheck(c);
            }
        }
        String summary = String.format(Locale.ROOT, "%s: %d inputs checked, %d %s; largest error %.3e at %s",
                what, checked.length, entries, options.fast() ? "entries/projections" : "Jacobian entries",
                worstError, worstWhere);
        if (failures == 0) {
            return new GradCheck.Result(true, what + " passed. " + summary);
        }
        return new GradCheck.Result(false, what + " FAILED: " + firstFailure + "\n" + failures
                + " entries out of tolerance. " + summary);
    }

    private void fullCheck(int c) {
        Tensor in = x[c];
        int n = in.numel();
        Tensor[] outs = fn.apply(x, true);
        double[][][] analytic = new double[outs.length][][];
        for (int o = 0; o < outs.length; o++) {
            int m = outs[o].numel();
            analytic[o] = new double[m][];
            for (int r = 0; r < m; r++) {
                analytic[o][r] = vjp(outs[o], oneHot(outs[o], r), in);
            }
        }
        double[] storage = in.doubleStorage();
        for (int e = 0; e < n; e++) {
            double saved = storage[e];
            storage[e] = saved + options.eps();
            double[][] plus = values(fn.apply(x, false));
            storage[e] = saved - options.eps();
            double[][] minus = values(fn.apply(x, false));
            storage[e] = saved;
            for (int o = 0; o < outs.length; o++) {
                double[] p = plus[o];
                double[] q = minus[o];
                for (int r = 0; r < p.length; r++) {
                    double numeric = (p[r] - q[r]) / (2 * options.eps());
                    int element = e;
                    int output = o;
                    int row = r;
                    compare(analytic[o][r][e], numeric, () -> "input " + c + " (shape " + Shapes.str(in.shape())
                            + ") element " + index(element, in.shape()) + ", " + outputName(output, outs)
                            + " element " + index(row, outs[output].shape()));
                }
            }
        }
    }

    private void fastCheck(int c) {
        Tensor in = x[c];
        SplittableRandom rng = new SplittableRandom(options.seed() + 31L * c);
        double[] storage = in.doubleStorage();
        for (int p = 0; p < options.projections(); p++) {
            double[] u = new double[in.numel()];
            for (int e = 0; e < u.length; e++) {
                u[e] = rng.nextGaussian();
            }
            Tensor[] outs = fn.apply(x, true);
            double analytic = 0;
            List<double[]> vs = new ArrayList<>();
            for (Tensor out : outs) {
                Tensor v = Tensor.randn(rng, DType.FLOAT64, out.shape());
                vs.add(v.toDoubleArray());
                double[] g = vjp(out, v, in);
                for (int e = 0; e < u.length; e++) {
                    analytic += g[e] * u[e];
                }
            }
            double[] saved = storage.clone();
            shift(storage, saved, u, options.eps());
            double[][] plus = values(fn.apply(x, false));
            shift(storage, saved, u, -options.eps());
            double[][] minus = values(fn.apply(x, false));
            System.arraycopy(saved, 0, storage, 0, saved.length);
            double numeric = 0;
            for (int o = 0; o < outs.length; o++) {
                double[] a = plus[o];
                double[] b = minus[o];
                for (int r = 0; r < a.length; r++) {
                    numeric += vs.get(o)[r] * (a[r] - b[r]) / (2 * options.eps());
                }
            }
            int before = failures;
            int projection = p;
            compare(analytic, numeric, () -> "input " + c + " (shape " + Shapes.str(in.shape())
                    + "), random projection vᵀJu #" + projection);
            if (failures > before) {
                long cost = (long) in.numel() * totalOutputs(outs);
                if (cost <= PINPOINT_LIMIT) {
                    failures = before;
                    firstFailure = before == 0 ? null : firstFailure;
                    fullCheck(c);
                }
                return;
            }
        }
    }

    /**
     * The outputs' values, copied at once: an output may be a view of the input's storage (reshape,
     * transpose, expand, or f returning its input), so reading it after the next perturbation would
     * see the perturbed values.
     */
    private static double[][] values(Tensor[] outs) {
        double[][] v = new double[outs.length][];
        for (int o = 0; o < outs.length; o++) {
            v[o] = outs[o].toDoubleArray();
        }
        return v;
    }

    private static long totalOutputs(Tensor[] outs) {
        long n = 0;
        for (Tensor t : outs) {
            n += t.numel();
        }
        return n;
    }

    private static void shift(double[] storage, double[] base, double[] u, double eps) {
        for (int e = 0; e < storage.length; e++) {
            storage[e] = base[e] + eps * u[e];
        }
    }

    /** Row of the Jacobian: seedᵀ · d out / d in, zeros when out does not depend on the tape. */
    private static double[] vjp(Tensor out, Tensor seed, Tensor in) {
        if (!out.requiresGrad()) {
            return new double[in.numel()];
        }
        return Engine.grad(out, seed, new Tensor[] {in}, true, false)[0].toDoubleArray();
    }

    private static Tensor oneHot(Tensor like, int r) {
        Tensor t = Tensor.zerosLike(like);
        t.set(1.0, Shapes.unravel(r, like.shape()));
        return t;
    }

    private void compare(double analytic, double numeric, java.util.function.Supplier<String> where) {
        entries++;
        double error = Math.abs(analytic - numeric);
        boolean bad = !(error <= options.atol() + options.rtol() * Math.abs(numeric));
        if (error > worstError || (bad && Double.isNaN(error))) {
            worstError = error;
            worstWhere = where.get();
        }
        if (bad) {
            failures++;
            if (firstFailure == null) {
                firstFailure = String.format(Locale.ROOT,
                        "%s: analytic %.10g, numeric %.10g, error %.3e > atol %.1e + rtol %.1e * |numeric|",
                        where.get(), analytic, numeric, error, options.atol(), options.rtol());
            }
        }
    }

    private String outputName(int o, Tensor[] outs) {
        return outs.length == 1 && outputNames.length == 1 ? outputNames[0] : outputNames[o];
    }

    private static String index(int flat, int[] shape) {
        return Shapes.str(Shapes.unravel(flat, shape));
    }
}
