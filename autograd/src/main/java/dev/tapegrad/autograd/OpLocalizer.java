package dev.tapegrad.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The engine of {@link GradCheck#localize}: runs f once on the tape with call sites captured, then checks
 * each recorded op on its own: its vjp against central differences of that op's forward alone, at the
 * inputs it was recorded with (copied to FLOAT64 leaves). Element-wise for small ops, random projections
 * uᵀJv for big ones. Relies on the {@link Op} contract that an instance keeps no per-call state, so
 * applying it again computes the same function.
 */
final class OpLocalizer {
    /** Inputs plus output elements above which an op is checked by random projections. */
    static final int ELEMENTWISE_LIMIT = 512;

    private OpLocalizer() {}

    /** One recorded op and the outcome of its check. */
    private record Checked(int position, Node node, JacobianCheck check, GradCheck.Result result, String error) {
        boolean failed() {
            return error != null || !result.passed();
        }
    }

    static GradCheck.Result localize(GradCheck.Options options, Function<Tensor[], Tensor> f, Tensor[] x) {
        Tensor out = runRecordingSites(f, x);
        if (out == null || !out.requiresGrad()) {
            return new GradCheck.Result(true, "localize: f recorded no op on the tape (its output does not "
                    + "depend on an input that requires grad): nothing to check");
        }
        List<Node> nodes = recordedOps(out);
        List<Checked> results = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            results.add(check(options, i, nodes.get(i)));
        }
        return report(nodes.size(), results);
    }

    private static Tensor runRecordingSites(Function<Tensor[], Tensor> f, Tensor[] x) {
        GradMode.State state = GradMode.state();
        boolean previous = state.sites;
        state.sites = true;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            return f.apply(x);
        } finally {
            state.sites = previous;
        }
    }

    /** The ops behind out in the order they ran (inputs before consumers). */
    private static List<Node> recordedOps(Tensor out) {
        List<Node> nodes = new ArrayList<>();
        for (Tensor t : BackwardPlan.postOrder(out, new GraphIndex())) {
            if (t.gradFn() != null) {
                nodes.add(t.gradFn());
            }
        }
        return nodes;
    }

    private static Checked check(GradCheck.Options options, int position, Node node) {
        Tensor[] args = new Tensor[node.inputs.length];
        long elements = 0;
        for (int j = 0; j < args.length; j++) {
            Tensor in = node.inputs[j];
            if (in != null) {
                args[j] = Tensor.of(in.toDoubleArray(), in.shape()).requiresGrad(in.requiresGrad());
                elements += in.requiresGrad() ? in.numel() : 0;
            }
        }
        Op op = node.op;
        JacobianCheck.Fn fn = (a, analytic) -> {
            if (analytic) {
                return new Tensor[] {op.apply(a)};
            }
            try (GradMode.Scope off = GradMode.noGrad()) {
                return new Tensor[] {op.apply(a)};
            }
        };
        try {
            Tensor probe;
            try (GradMode.Scope off = GradMode.noGrad()) {
                probe = op.apply(args);
            }
            elements += probe.numel();
            GradCheck.Options o = options.withFast(elements > ELEMENTWISE_LIMIT);
            JacobianCheck check = new JacobianCheck("localize", o, fn, args, new String[] {"output"});
            return new Checked(position, node, check, check.run(), null);
        } catch (RuntimeException e) {
            return new Checked(position, node, null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String describe(Node node) {
        CallSite site = node.ctx.callSite();
        return node.op.name() + (site != null ? " applied in " + site.describe() : " (call site unknown)");
    }

    private static GradCheck.Result report(int n, List<Checked> results) {
        Checked first = null;
        int failed = 0;
        double worst = 0;
        for (Checked c : results) {
            if (c.failed()) {
                failed++;
                if (first == null) {
                    first = c;
                }
            } else {
                worst = Math.max(worst, c.check().worstError());
            }
        }
        if (first == null) {
            return new GradCheck.Result(true, String.format(Locale.ROOT, "localize passed: all %d ops agree with "
                    + "central differences of each op alone (largest error %.3e)", n, worst));
        }
        StringBuilder b = new StringBuilder();
        b.append("localize FAILED: op ").append(first.position() + 1).append(" of ").append(n).append(", ")
                .append(describe(first.node())).append(", ");
        if (first.error() != null) {
            b.append("could not be re-run at its recorded inputs: ").append(first.error());
        } else {
            b.append("has a vjp that disagrees with central differences:\n  ")
                    .append(first.check().firstFailure());
        }
        b.append(String.format(Locale.ROOT, "%n  %d of %d ops disagree; the first %d agree", failed, n,
                first.position()));
        for (Checked c : results) {
            if (c.failed() && c != first) {
                b.append("\n  also: op ").append(c.position() + 1).append(", ").append(describe(c.node()));
            }
        }
        return new GradCheck.Result(false, b.toString());
    }
}
