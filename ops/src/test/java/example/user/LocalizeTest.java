package example.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * GradCheck.localize from user code (outside dev.tapegrad, so call sites point here): a user op with a
 * subtly wrong vjp, between conv2d, maxPool2d and tanh, is singled out and the ops around it are not blamed.
 */
class LocalizeTest {

    /** SiLU, y = x·σ(x). With {@code buggy} its vjp forgets the x·σ'(x) term: g·σ(x) instead of g·(σ + xσ(1-σ)). */
    static final class Silu extends Op {
        private final boolean buggy;

        Silu(boolean buggy) {
            this.buggy = buggy;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.save(in[0]);
            return Ops.mul(in[0], Ops.sigmoid(in[0]));
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            Tensor x = ctx.saved()[0];
            Tensor s = Ops.sigmoid(x);
            if (buggy) {
                return new Tensor[] {Ops.mul(g, s)};
            }
            Tensor ds = Ops.mul(s, Ops.sub(Tensor.scalar(1.0), s));
            return new Tensor[] {Ops.mul(g, Ops.add(s, Ops.mul(x, ds)))};
        }
    }

    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    /** conv2d → maxPool2d → silu → tanh → sum; the silu is on the line marked SILU_LINE. */
    private static Function<Tensor[], Tensor> model(boolean buggy) {
        return in -> {
            Tensor h = Ops.conv2d(in[0], in[1], in[2], ONE, ONE, ONE, 1);
            h = Ops.maxPool2d(h, new int[] {2, 2}, new int[] {2, 2}, ZERO, ONE, false);
            h = new Silu(buggy).apply(h);   // SILU_LINE
            return Ops.sum(Ops.tanh(h));
        };
    }

    private static Tensor[] inputs() {
        return new Tensor[] {
            Tensor.randn(1, DType.FLOAT64, 2, 2, 6, 6).requiresGrad(true),
            Tensor.randn(2, DType.FLOAT64, 3, 2, 3, 3).requiresGrad(true),
            Tensor.randn(3, DType.FLOAT64, 3).requiresGrad(true)};
    }

    private static int siluLine() throws java.io.IOException {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(
                java.nio.file.Path.of("src/test/java/example/user/LocalizeTest.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("// SILU_LINE")) {
                return i + 1;
            }
        }
        throw new AssertionError("marker not found");
    }

    @Test
    void theBuggyUserOpIsSingledOutWithItsLine() throws Exception {
        GradCheck.Result whole = GradCheck.gradcheck(model(true), inputs());
        assertFalse(whole.passed(), whole.report());

        GradCheck.Result r = GradCheck.localize(model(true), inputs());
        String m = r.report();
        assertFalse(r.passed(), m);
        assertTrue(m.startsWith("localize FAILED: op 3 of 5, Silu applied in LocalizeTest.model (lambda) at "
                + "LocalizeTest.java:" + siluLine() + ","), m);
        assertTrue(m.contains("input 0 (shape [2, 3, 3, 3])"), m);
        assertTrue(m.contains("1 of 5 ops disagree; the first 2 agree"), m);
        assertFalse(m.contains("also:"), m);
    }

    @Test
    void withACorrectVjpAllOpsAgree() {
        GradCheck.Result r = GradCheck.localize(model(false), inputs());
        assertTrue(r.passed(), r.report());
        assertTrue(r.report().startsWith("localize passed: all 5 ops agree"), r.report());
    }
}
