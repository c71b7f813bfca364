package dev.tapegrad.autograd;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Numerical verification of gradients by central differences, {@code (f(x+eps) - f(x-eps)) / 2eps}, against
 * the analytic vjps of the tape.
 *
 * <p>Always in FLOAT64: FLOAT32 inputs are copied to FLOAT64 before checking, so {@code f} runs the same
 * op code on double arrays. In FLOAT32 a central difference with eps 1e-6 would be dominated by rounding
 * (float's relative precision ~6e-8 divided by eps gives errors of several percent), which says nothing
 * about the vjp. Constants that {@code f} makes itself should follow its inputs' dtype.
 *
 * <p>Checks the inputs that require grad (all of them when none does). An entry passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|}. Defaults: eps 1e-6, atol 1e-5, rtol 1e-3.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Outcome of a check; the report names the input, element, analytic and numeric values and largest error. */
    public record Result(boolean passed, String report) {
        @Override
        public String toString() {
            return report;
        }
    }

    /**
     * Tolerances and mode. {@code fast} compares a few random projections vᵀJu per input instead of the
     * whole Jacobian (for big inputs); a failing projection falls back to the element-wise check of that
     * input when it is small enough, to name the bad element.
     */
    public record Options(double eps, double atol, double rtol, boolean fast, int projections, long seed) {
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3, false, 3, 1234);

        public Options withEps(double v) {
            return new Options(v, atol, rtol, fast, projections, seed);
        }

        public Options withAtol(double v) {
            return new Options(eps, v, rtol, fast, projections, seed);
        }

        public Options withRtol(double v) {
            return new Options(eps, atol, v, fast, projections, seed);
        }

        public Options withFast(boolean v) {
            return new Options(eps, atol, rtol, v, projections, seed);
        }
    }

    public static Result gradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return gradcheck(Options.DEFAULT, f, inputs);
    }

    public static Result gradcheck(Options options, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] x = promote(inputs);
        JacobianCheck.Fn fn = (args, analytic) -> {
            if (analytic) {
                return new Tensor[] {f.apply(args)};
            }
            try (GradMode.Scope off = GradMode.noGrad()) {
                return new Tensor[] {f.apply(args)};
            }
        };
        return new JacobianCheck("gradcheck", options, fn, x, new String[] {"output"}).run();
    }

    /**
     * Checks the gradient of the gradient: with a fixed random v of the output's shape, the Jacobian of
     * x ↦ vᵀ·∂f/∂x, whose analytic side is built with {@code createGraph}.
     */
    public static Result gradgradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return gradgradcheck(Options.DEFAULT, f, inputs);
    }

    public static Result gradgradcheck(Options options, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] x = promote(inputs);
        Tensor y;
        try (GradMode.Scope off = GradMode.noGrad()) {
            y = f.apply(x);
        }
        Tensor v = Tensor.randn(new SplittableRandom(options.seed() + 1), DType.FLOAT64, y.shape());
        int[] checked = JacobianCheck.checkedInputs(x);
        JacobianCheck.Fn fn = (args, analytic) -> {
            try (GradMode.Scope on = GradMode.enableGrad()) {
                Tensor out = f.apply(args);
                Tensor[] wrt = new Tensor[checked.length];
                for (int i = 0; i < checked.length; i++) {
                    wrt[i] = args[checked[i]];
                }
                if (!out.requiresGrad()) {
                    Tensor[] zeros = new Tensor[wrt.length];
                    for (int i = 0; i < wrt.length; i++) {
                        zeros[i] = Tensor.zerosLike(wrt[i]);
                    }
                    return zeros;
                }
                return Autograd.grad(out, wrt, v, analytic, analytic);
            }
        };
        String[] names = new String[checked.length];
        for (int i = 0; i < checked.length; i++) {
            names[i] = "gradient of input " + checked[i];
        }
        return new JacobianCheck("gradgradcheck", options, fn, x, names).run();
    }

    /**
     * Finds the op whose vjp is wrong: runs {@code f} once on the tape, then checks every recorded op
     * (built-in or user-defined) on its own, its vjp against central differences of that op alone at the
     * inputs it was recorded with, in FLOAT64: element by element when the op's inputs and output hold at
     * most {@value OpLocalizer#ELEMENTWISE_LIMIT} elements, else by random projections uᵀJv. The report
     * names the first op that disagrees (in the order the ops ran), its {@code name()}, the line that
     * applied it, the input and the error; or says that all N ops agree. Needs ops whose forward is a
     * function of its inputs (no per-call state, no randomness such as dropout in training mode).
     */
    public static Result localize(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return localize(Options.DEFAULT, f, inputs);
    }

    public static Result localize(Options options, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return OpLocalizer.localize(options, f, promote(inputs));
    }

    /** Fresh FLOAT64 leaves with the inputs' values and requiresGrad flags (all flagged if none was). */
    private static Tensor[] promote(Tensor[] inputs) {
        boolean any = Arrays.stream(inputs).anyMatch(t -> t != null && t.requiresGrad());
        Tensor[] x = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                x[i] = Tensor.of(inputs[i].toDoubleArray(), inputs[i].shape())
                        .requiresGrad(!any || inputs[i].requiresGrad());
            }
        }
        return x;
    }
}
