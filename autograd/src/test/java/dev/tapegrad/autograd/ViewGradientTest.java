package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The engine's view gradient ({@link ViewGradient}): an op that claims the offered place writes its output into
 * the view of a zeroed buffer, and the buffer becomes the gradient of the view op's input without that op's
 * vjp running; where the rule says no (a hook, a retained gradient, a view used twice, createGraph, an op that
 * does not claim) the vjp pads as usual. Both give the same values.
 */
class ViewGradientTest {
    private static final int R = 6;
    private static final int C = 10;

    /** Rows [1, R - 1) of a matrix, a view; vjp: g padded with zero rows, counting its calls. */
    private static final class Rows extends Op {
        int vjps;

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return viewOf(ctx, in[0]);
        }

        @Override
        protected Tensor viewOf(Context ctx, Tensor base) {
            int[] st = base.strides();
            return base.asStrided(new int[] {R - 2, C}, st, base.storageOffset() + st[0]);
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            vjps++;
            Tensor out = Tensor.zeros(g.dtype(), R, C);
            for (int r = 0; r < R - 2; r++) {
                for (int c = 0; c < C; c++) {
                    out.set(g.get(r, c), r + 1, c);
                }
            }
            return new Tensor[] {out};
        }
    }

    /** y = k·x (FLOAT64); forward writes into the engine's offered place when there is one; vjp: k·g by itself. */
    private static final class Scale extends Op {
        final double k;
        final boolean claims;
        int claimed;

        Scale(double k, boolean claims) {
            this.k = k;
            this.claims = claims;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Tensor out = claims ? ctx.claimOutput(x) : null;
            if (out != null) {
                claimed++;
            } else {
                out = Tensor.zeros(x.dtype(), x.shape());
            }
            int[] s = x.shape();
            for (int r = 0; r < s[0]; r++) {
                for (int c = 0; c < s[1]; c++) {
                    out.set(k * x.get(r, c), r, c);
                }
            }
            return out;
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {apply(g)};
        }
    }

    private static double[] expected(Tensor seed, double k) {
        double[] out = new double[R * C];
        for (int r = 1; r < R - 1; r++) {
            for (int c = 0; c < C; c++) {
                out[r * C + c] = k * seed.get(r - 1, c);
            }
        }
        return out;
    }

    @Test
    void claimedPlaceBecomesTheInputsGradient() {
        Tensor x = Tensor.randn(1, DType.FLOAT64, R, C).requiresGrad(true);
        Rows rows = new Rows();
        Scale scale = new Scale(3, true);
        Tensor seed = Tensor.randn(2, DType.FLOAT64, R - 2, C);
        scale.apply(rows.apply(x)).backward(seed);
        assertEquals(1, scale.claimed);
        assertEquals(0, rows.vjps, "the view op's vjp is skipped");
        assertArrayEquals(expected(seed, 3), x.grad().toDoubleArray(), 0);
        assertTrue(x.grad().isContiguous());
    }

    @Test
    void whereTheRuleSaysNoTheVjpPads() {
        Tensor seed = Tensor.randn(2, DType.FLOAT64, R - 2, C);
        // an op that does not claim
        Tensor x = Tensor.randn(1, DType.FLOAT64, R, C).requiresGrad(true);
        Rows rows = new Rows();
        new Scale(3, false).apply(rows.apply(x)).backward(seed);
        assertEquals(1, rows.vjps);
        assertArrayEquals(expected(seed, 3), x.grad().toDoubleArray(), 0);
        // a hook on the view, then a retained gradient: the claim may happen, but the vjp runs
        for (int mode = 0; mode < 2; mode++) {
            Tensor x2 = Tensor.randn(1, DType.FLOAT64, R, C).requiresGrad(true);
            Rows rows2 = new Rows();
            Tensor v = rows2.apply(x2);
            if (mode == 0) {
                v.registerHook(g -> null);
            } else {
                v.retainGrad();
            }
            new Scale(3, true).apply(v).backward(seed);
            assertEquals(1, rows2.vjps);
            assertArrayEquals(expected(seed, 3), x2.grad().toDoubleArray(), 0);
        }
        // createGraph: the vjps run as recorded ops
        Tensor x3 = Tensor.randn(1, DType.FLOAT64, R, C).requiresGrad(true);
        Rows rows3 = new Rows();
        Scale s3 = new Scale(3, true);
        Tensor g = Autograd.grad(s3.apply(rows3.apply(x3)), new Tensor[] {x3}, seed, true, true)[0];
        assertEquals(0, s3.claimed);
        assertEquals(1, rows3.vjps);
        assertArrayEquals(expected(seed, 3), g.toDoubleArray(), 0);
    }

    @Test
    void inputUsedTwiceAddsIntoTheHandedOnBuffer() {
        Tensor x = Tensor.randn(1, DType.FLOAT64, R, C).requiresGrad(true);
        Rows rows = new Rows();
        Tensor seed = Tensor.randn(2, DType.FLOAT64, R - 2, C);
        Tensor a = new Scale(3, true).apply(rows.apply(x));
        Tensor b = new Scale(2, true).apply(x);   // x's second use: its gradient adds into the buffer (or it into b's)
        Tensor bSeed = Tensor.randn(3, DType.FLOAT64, R, C);
        Tensor[] gs = Autograd.grad(a, new Tensor[] {x}, seed, false, false);
        assertArrayEquals(expected(seed, 3), gs[0].toDoubleArray(), 0);
        a = new Scale(3, true).apply(rows.apply(x));
        a.backward(seed);
        b.backward(bSeed);
        double[] want = expected(seed, 3);
        double[] bs = bSeed.toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            want[i] += 2 * bs[i];
        }
        assertArrayEquals(want, x.grad().toDoubleArray(), 1e-12);
    }
}
