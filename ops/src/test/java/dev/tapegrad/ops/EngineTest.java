package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The tape and the engine: graph shapes, accumulation, grad mode, retained graphs, hooks, higher order. */
class EngineTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    private static Tensor scalarLeaf(double v) {
        return Tensor.scalar(v).requiresGrad(true);
    }

    // ------------------------------------------------------------------ graph shapes

    @Test
    void aDiamondSumsBothPaths() {
        Tensor x = scalarLeaf(0.7);
        Tensor a = Ops.mul(x, 3.0);
        Tensor b = Ops.exp(x);
        Ops.mul(a, b).backward();   // y = 3x·e^x, y' = 3e^x(1 + x)
        assertEquals(3 * Math.exp(0.7) * 1.7, x.grad().item(), 1e-12);
    }

    @Test
    void aDiamondThroughASharedIntermediate() {
        Tensor x = leaf(0.5, -1.0);
        Tensor h = Ops.tanh(x);                           // used by three consumers
        Tensor y = Ops.sum(Ops.add(Ops.mul(h, h), Ops.sub(h, Ops.exp(h))));
        y.backward();                                     // dy/dx = (2h + 1 - e^h)(1 - h²)
        double[] g = x.grad().toDoubleArray();
        for (int i = 0; i < 2; i++) {
            double h0 = Math.tanh(x.toDoubleArray()[i]);
            assertEquals((2 * h0 + 1 - Math.exp(h0)) * (1 - h0 * h0), g[i], 1e-12);
        }
    }

    @Test
    void aTensorUsedTwiceGetsBothGradients() {
        Tensor x = leaf(1.5, -2.0, 0.25);
        Ops.sum(Ops.mul(x, x)).backward();
        assertArrayEquals(new double[] {3.0, -4.0, 0.5}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void leavesAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = leaf(2.0, 3.0);
        Ops.sum(Ops.mul(x, x)).backward();
        Ops.sum(Ops.mul(x, 5.0)).backward();
        assertArrayEquals(new double[] {9.0, 11.0}, x.grad().toDoubleArray(), 0);
        x.setGrad(null);
        assertNull(x.grad());
        Ops.sum(Ops.mul(x, 5.0)).backward();
        assertArrayEquals(new double[] {5.0, 5.0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void accumulatedGradientDoesNotAliasTheGradientOfTheGraph() {
        Tensor x = leaf(1.0, 2.0);
        Tensor g = Tensor.of(new double[] {1.0, 1.0}, 2);
        Ops.mul(x, 1.0).backward(g);
        Ops.mul(x, 1.0).backward(g);
        assertArrayEquals(new double[] {2.0, 2.0}, x.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {1.0, 1.0}, g.toDoubleArray(), 0, "the caller's gradOutput is untouched");
    }

    @Test
    void summingGradientsNeverChangesATensorAHookOrTheCallerHolds() {
        Tensor x = leaf(1.0, 2.0);
        Tensor h = Ops.mul(x, 1.0);
        Tensor s = Ops.add(h, h);
        Tensor y = Ops.add(Ops.add(s, h), Ops.add(h, s));   // h reached 6 times, s twice
        List<Tensor> seenAtS = new ArrayList<>();
        List<Tensor> seenAtH = new ArrayList<>();
        s.registerHook(g -> {
            seenAtS.add(g);
            return null;
        });
        h.registerHook(g -> {
            seenAtH.add(g);
            return null;
        });
        Tensor seed = Tensor.of(new double[] {1.0, 1.0}, 2);
        y.backward(seed);
        assertArrayEquals(new double[] {2.0, 2.0}, seenAtS.get(0).toDoubleArray(), 0);
        assertArrayEquals(new double[] {6.0, 6.0}, seenAtH.get(0).toDoubleArray(), 0);
        assertArrayEquals(new double[] {6.0, 6.0}, x.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {1.0, 1.0}, seed.toDoubleArray(), 0);
        Tensor first = x.grad();
        Ops.sum(Ops.add(Ops.add(x, x), x)).backward();
        assertArrayEquals(new double[] {6.0, 6.0}, first.toDoubleArray(), 0, "the earlier grad() is not updated in place");
        assertArrayEquals(new double[] {9.0, 9.0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void detachCutsTheGraphAndSharesValues() {
        Tensor x = leaf(0.5, 2.0);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertArrayEquals(x.toDoubleArray(), d.toDoubleArray(), 0);
        Ops.sum(Ops.mul(x, d)).backward();   // d is a constant: the gradient is d, not 2x
        assertArrayEquals(new double[] {0.5, 2.0}, x.grad().toDoubleArray(), 0);
        Tensor y = Ops.exp(x).detach();
        assertFalse(y.requiresGrad());
        assertNull(y.gradFnName());
    }

    @Test
    void inputsThatDoNotRequireGradGetNoGradient() {
        Tensor x = leaf(1.0);
        Tensor c = Tensor.of(new double[] {4.0}, 1);
        Ops.sum(Ops.mul(x, c)).backward();
        assertNull(c.grad());
        assertArrayEquals(new double[] {4.0}, x.grad().toDoubleArray(), 0);
    }

    // ------------------------------------------------------------------ grad mode

    @Test
    void noGradScopeRecordsNothingAndRestores() {
        Tensor x = leaf(1.0, 2.0);
        assertTrue(GradMode.isEnabled());
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor y = Ops.mul(x, x);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFnName());
            try (GradMode.Scope on = GradMode.enableGrad()) {
                assertTrue(Ops.mul(x, x).requiresGrad());
                try (GradMode.Scope offAgain = GradMode.noGrad()) {
                    assertFalse(Ops.exp(x).requiresGrad());
                }
                assertTrue(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertEquals("Mul", Ops.mul(x, x).gradFnName());
    }

    @Test
    void noGradScopeIsRestoredAfterAnException() {
        assertThrows(IllegalArgumentException.class, () -> {
            try (GradMode.Scope off = GradMode.noGrad()) {
                Ops.add(Tensor.zeros(DType.FLOAT64, 2), Tensor.zeros(DType.FLOAT64, 3));
            }
        });
        assertTrue(GradMode.isEnabled());
        // an exception thrown inside an op's forward must not leave recording off either
        Tensor x = leaf(1.0, 2.0);
        assertThrows(IllegalArgumentException.class, () -> Ops.add(x, Tensor.zeros(DType.FLOAT64, 3)));
        assertTrue(GradMode.isEnabled());
        assertTrue(Ops.exp(x).requiresGrad());
    }

    @Test
    void gradModeIsPerThread() throws InterruptedException {
        try (GradMode.Scope off = GradMode.noGrad()) {
            boolean[] other = new boolean[1];
            Thread t = new Thread(() -> other[0] = GradMode.isEnabled());
            t.start();
            t.join();
            assertTrue(other[0], "another thread still records");
        }
    }

    // ------------------------------------------------------------------ retained graphs

    @Test
    void aRetainedGraphCanBeWalkedAgain() {
        Tensor x = leaf(0.3, 0.4);
        Tensor y = Ops.sum(Ops.mul(Ops.exp(x), x));
        y.backward(null, true);
        double[] once = x.grad().toDoubleArray();
        y.backward();
        double[] twice = x.grad().toDoubleArray();
        for (int i = 0; i < 2; i++) {
            assertEquals(2 * once[i], twice[i], 1e-15);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void withoutRetainGraphASecondBackwardThrowsSayingSo() {
        Tensor x = leaf(0.3);
        Tensor y = Ops.sum(Ops.tanh(x));
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        assertTrue(e.getMessage().contains("retainGraph=true"), e.getMessage());
        assertTrue(e.getMessage().contains("Tanh") || e.getMessage().contains("Sum"), e.getMessage());
    }

    @Test
    void aSharedSubgraphReleasedByOneBackwardCannotServeAnother() {
        Tensor x = leaf(0.3);
        Tensor h = Ops.exp(x);
        Ops.sum(Ops.mul(h, 2.0)).backward();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Ops.sum(Ops.mul(h, 3.0)).backward());
        assertTrue(e.getMessage().contains("Exp"), e.getMessage());
    }

    // ------------------------------------------------------------------ hooks and retainGrad

    @Test
    void aHookSeesTheGradientOnce() {
        Tensor x = leaf(1.0, 2.0);
        List<double[]> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return null;
        });
        Ops.sum(Ops.mul(x, x)).backward();
        assertEquals(1, seen.size(), "called once with the summed gradient of a tensor used twice");
        assertArrayEquals(new double[] {2.0, 4.0}, seen.get(0), 0);
        assertArrayEquals(new double[] {2.0, 4.0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aHookOnAnIntermediateMayReplaceTheGradient() {
        Tensor x = leaf(1.0, 2.0);
        Tensor h = Ops.mul(x, 3.0);
        h.registerHook(g -> Ops.mul(g, 10.0));
        Ops.sum(h).backward();
        assertArrayEquals(new double[] {30.0, 30.0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aHookOnALeafReplacesWhatAccumulates() {
        Tensor x = leaf(1.0, 2.0);
        x.registerHook(g -> Ops.neg(g));
        Ops.sum(Ops.mul(x, 2.0)).backward();
        assertArrayEquals(new double[] {-2.0, -2.0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aRemovedHookIsNotCalled() {
        Tensor x = leaf(1.0);
        int[] calls = new int[1];
        Runnable remove = x.registerHook(g -> {
            calls[0]++;
            return null;
        });
        Ops.sum(x).backward();
        remove.run();
        Ops.sum(x).backward();
        assertEquals(1, calls[0]);
    }

    @Test
    void aHookReturningTheWrongShapeIsRejected() {
        Tensor x = leaf(1.0, 2.0);
        x.registerHook(g -> Tensor.zeros(DType.FLOAT64, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ops.sum(x).backward());
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void retainGradKeepsANonLeafGradient() {
        Tensor x = leaf(1.0, 2.0);
        Tensor h = Ops.mul(x, 3.0);
        Tensor k = Ops.mul(x, 4.0).retainGrad();
        Ops.sum(Ops.mul(Ops.mul(h, h), k)).backward();
        assertNull(h.grad(), "a non-leaf keeps no gradient unless asked");
        assertNotNull(k.grad());
        double[] hv = h.toDoubleArray();
        assertArrayEquals(new double[] {hv[0] * hv[0], hv[1] * hv[1]}, k.grad().toDoubleArray(), 1e-12);
    }

    // ------------------------------------------------------------------ scale and determinism

    @Test
    void aChainOfAMillionOpsDoesNotOverflowTheStack() {
        Tensor a = Tensor.scalar(1.0).requiresGrad(true);
        Tensor b = Tensor.scalar(1e-3).requiresGrad(true);
        Tensor y0 = Tensor.scalar(2.0).requiresGrad(true);
        int steps = 500_000;                        // 1,000,000 recorded ops
        Tensor y = y0;
        for (int i = 0; i < steps; i++) {
            y = Ops.add(Ops.mul(y, a), b);
        }
        y.backward();
        // y_n = a·y_{n-1} + b with a = 1: dy/dy0 = 1, dy/db = n, dy/da = Σ y_k = n·y0 + b·n(n-1)/2
        assertEquals(1.0, y0.grad().item(), 1e-9);
        assertEquals(steps, b.grad().item(), 1e-6);
        assertEquals(steps * 2.0 + 1e-3 * steps * (steps - 1.0) / 2, a.grad().item(), 1e-3);
    }

    @Test
    void backwardIsDeterministic() {
        double[][] runs = new double[3][];
        for (int r = 0; r < runs.length; r++) {
            Tensor x = Tensor.randn(5, DType.FLOAT32, 4, 3).requiresGrad(true);
            Tensor w = Tensor.randn(6, DType.FLOAT32, 3, 3).requiresGrad(true);
            Tensor h = x;
            List<Tensor> branches = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                h = Ops.tanh(Ops.matmul(h, w));
                branches.add(Ops.mul(h, 0.1 * (i + 1)));
            }
            Tensor total = branches.get(0);
            for (Tensor t : branches.subList(1, branches.size())) {
                total = Ops.add(total, t);
            }
            Ops.sum(Ops.mul(total, total)).backward();
            double[] gx = x.grad().toDoubleArray();
            double[] gw = w.grad().toDoubleArray();
            runs[r] = Arrays.copyOf(gx, gx.length + gw.length);
            System.arraycopy(gw, 0, runs[r], gx.length, gw.length);
        }
        assertArrayEquals(runs[0], runs[1], 0, "bit-identical gradients");
        assertArrayEquals(runs[0], runs[2], 0, "bit-identical gradients");
    }

    // ------------------------------------------------------------------ Autograd.grad and higher order

    @Test
    void autogradGradLeavesGradUntouched() {
        Tensor x = leaf(1.0, 2.0);
        Tensor unused = leaf(7.0);
        x.setGrad(Tensor.of(new double[] {100, 100}, 2));
        Tensor[] g = Autograd.grad(Ops.sum(Ops.mul(x, x)), new Tensor[] {x, unused}, false);
        assertArrayEquals(new double[] {2.0, 4.0}, g[0].toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.0}, g[1].toDoubleArray(), 0, "an input not on the graph gets zeros");
        assertArrayEquals(new double[] {100, 100}, x.grad().toDoubleArray(), 0);
        assertNull(unused.grad());
        assertFalse(g[0].requiresGrad(), "without createGraph the gradient is a constant");
    }

    /** f', f'', f''' of a scalar function at x0 through createGraph. */
    private static double[] derivatives(UnaryOperator<Tensor> f, double x0) {
        Tensor x = Tensor.scalar(x0).requiresGrad(true);
        Tensor y = f.apply(x);
        double[] d = new double[3];
        for (int k = 0; k < 3; k++) {
            y = Autograd.grad(y, new Tensor[] {x}, true)[0];
            d[k] = y.item();
        }
        assertNull(x.grad());
        return d;
    }

    private static void assertDerivatives(UnaryOperator<Tensor> f, double x0, DoubleUnaryOperator d1,
                                          DoubleUnaryOperator d2, DoubleUnaryOperator d3) {
        double[] d = derivatives(f, x0);
        assertEquals(d1.applyAsDouble(x0), d[0], 1e-10, "first derivative at " + x0);
        assertEquals(d2.applyAsDouble(x0), d[1], 1e-10, "second derivative at " + x0);
        assertEquals(d3.applyAsDouble(x0), d[2], 1e-10, "third derivative at " + x0);
    }

    @Test
    void thirdOrderOfExpTimesCube() {
        for (double x0 : new double[] {-1.3, 0.7, 2.0}) {
            assertDerivatives(x -> Ops.mul(Ops.exp(x), Ops.pow(x, 3)), x0,
                    v -> Math.exp(v) * (v * v * v + 3 * v * v),
                    v -> Math.exp(v) * (v * v * v + 6 * v * v + 6 * v),
                    v -> Math.exp(v) * (v * v * v + 9 * v * v + 18 * v + 6));
        }
    }

    @Test
    void thirdOrderOfTanh() {
        for (double x0 : new double[] {-0.8, 0.1, 1.1}) {
            assertDerivatives(Ops::tanh, x0,
                    v -> 1 - Math.tanh(v) * Math.tanh(v),
                    v -> -2 * Math.tanh(v) * (1 - Math.tanh(v) * Math.tanh(v)),
                    v -> (1 - Math.tanh(v) * Math.tanh(v)) * (6 * Math.tanh(v) * Math.tanh(v) - 2));
        }
    }

    @Test
    void thirdOrderOfSigmoid() {
        DoubleUnaryOperator s = v -> 1 / (1 + Math.exp(-v));
        for (double x0 : new double[] {-2.0, 0.3, 1.7}) {
            assertDerivatives(Ops::sigmoid, x0,
                    v -> s.applyAsDouble(v) * (1 - s.applyAsDouble(v)),
                    v -> s.applyAsDouble(v) * (1 - s.applyAsDouble(v)) * (1 - 2 * s.applyAsDouble(v)),
                    v -> {
                        double p = s.applyAsDouble(v);
                        return p * (1 - p) * (1 - 6 * p + 6 * p * p);
                    });
        }
    }

    @Test
    void thirdOrderOfLog() {
        for (double x0 : new double[] {0.5, 1.0, 3.0}) {
            assertDerivatives(Ops::log, x0, v -> 1 / v, v -> -1 / (v * v), v -> 2 / (v * v * v));
        }
    }

    @Test
    void higherOrderInFloat32StaysFloat32() {
        Tensor x = Tensor.of(new float[] {0.5f}, 1).requiresGrad(true);
        Tensor g1 = Autograd.grad(Ops.sum(Ops.pow(x, 3)), new Tensor[] {x}, true)[0];
        Tensor g2 = Autograd.grad(Ops.sum(g1), new Tensor[] {x}, true)[0];
        assertEquals(DType.FLOAT32, g2.dtype());
        assertEquals(3.0, g2.item(), 1e-6);
    }

    @Test
    void aGradientPenalty() {
        // f(x) = Σ w·x³; g = ∂f/∂x = 3w·x²; P = Σ g² = 9 Σ w²x⁴; dP/dw = 18 w x⁴, dP/dx = 36 w² x³
        Tensor x = leaf(0.5, -1.2, 2.0);
        Tensor w = leaf(1.5, 0.3, -0.7);
        Tensor f = Ops.sum(Ops.mul(w, Ops.pow(x, 3)));
        Tensor g = Autograd.grad(f, new Tensor[] {x}, true)[0];
        Tensor penalty = Ops.sum(Ops.mul(g, g));
        penalty.backward();
        double[] xv = x.toDoubleArray();
        double[] wv = w.toDoubleArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(18 * wv[i] * Math.pow(xv[i], 4), w.grad().toDoubleArray()[i], 1e-10);
            assertEquals(36 * wv[i] * wv[i] * Math.pow(xv[i], 3), x.grad().toDoubleArray()[i], 1e-10);
        }
    }

    @Test
    void aGradientPenaltyOfATanhLayerPassesGradcheck() {
        Tensor x = Tensor.randn(3, DType.FLOAT64, 2, 3);
        Tensor w = Tensor.randn(4, DType.FLOAT64, 3, 2);
        GradCheck.Result r = GradCheck.gradcheck(in -> {
            try (GradMode.Scope on = GradMode.enableGrad()) {
                Tensor xi = in[0].detach().requiresGrad(true);
                Tensor out = Ops.sum(Ops.tanh(Ops.matmul(xi, in[1])));
                Tensor gx = Autograd.grad(out, new Tensor[] {xi}, true)[0];
                return Ops.sum(Ops.mul(gx, gx));
            }
        }, x, w.requiresGrad(true));
        assertTrue(r.passed(), r.report());
    }

    // ------------------------------------------------------------------ user-defined ops

    /** Records which inputs the engine said need a gradient; y = a·b, computing only those. */
    static final class RecordingMul extends Op {
        final List<boolean[]> seen = new ArrayList<>();

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.save(in[0], in[1]);
            return Ops.mul(in[0], in[1]);
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            seen.add(new boolean[] {ctx.needsInputGrad(0), ctx.needsInputGrad(1)});
            Tensor[] s = ctx.saved();
            return new Tensor[] {
                ctx.needsInputGrad(0) ? Ops.mul(g, s[1]) : null,
                ctx.needsInputGrad(1) ? Ops.mul(g, s[0]) : null
            };
        }
    }

    @Test
    void vjpIsToldWhichInputsNeedAGradient() {
        RecordingMul op = new RecordingMul();
        Tensor a = leaf(2.0);
        Tensor constant = Tensor.of(new double[] {3.0}, 1);
        op.apply(a, constant).backward();
        assertArrayEquals(new boolean[] {true, false}, op.seen.get(0));

        Tensor b = leaf(5.0);
        Tensor[] g = Autograd.grad(op.apply(a, b), new Tensor[] {b}, false);
        assertArrayEquals(new boolean[] {false, true}, op.seen.get(1), "only the asked-for input");
        assertArrayEquals(new double[] {2.0}, g[0].toDoubleArray(), 0);

        // a branch that leads to no wanted input is not walked at all
        Tensor c = leaf(1.0);
        Tensor unrelated = op.apply(c, c);
        Autograd.grad(Ops.add(unrelated, b), new Tensor[] {b}, false);
        assertEquals(2, op.seen.size());
    }

    /** y = log(1 + e^x), dy/dx = sigmoid(x): the Op Javadoc's example. */
    static final class Softplus extends Op {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.save(in[0]);
            return Ops.log(Ops.add(Ops.exp(in[0]), Tensor.scalar(1.0)));
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {Ops.mul(g, Ops.sigmoid(ctx.saved()[0]))};
        }
    }

    @Test
    void aUserDefinedOpPassesGradcheckAndGradgradcheck() {
        Softplus softplus = new Softplus();
        Tensor x = Tensor.randn(11, DType.FLOAT32, 2, 3);
        Tensor y = softplus.apply(x.requiresGrad(true));
        assertEquals("Softplus", y.gradFnName());
        assertEquals(DType.FLOAT32, y.dtype());
        assertEquals(Math.log1p(Math.exp(x.get(1, 2))), y.get(1, 2), 1e-6);
        GradCheck.Result r = GradCheck.gradcheck(in -> softplus.apply(in[0]), x);
        assertTrue(r.passed(), r.report());
        GradCheck.Result r2 = GradCheck.gradgradcheck(in -> softplus.apply(in[0]), x);
        assertTrue(r2.passed(), r2.report());
    }

    // ------------------------------------------------------------------ GradCheck catches bugs

    /** y = x², with a vjp that is right except at element [1, 2], where it adds 1. */
    static final class SquareWithABug extends Op {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.save(in[0]);
            return Ops.mul(in[0], in[0]);
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            Tensor x = ctx.saved()[0];
            Tensor bug = Tensor.zeros(x.dtype(), x.shape());
            if (x.rank() == 2 && x.size(0) > 1 && x.size(1) > 2) {
                bug.set(1.0, 1, 2);
            }
            return new Tensor[] {Ops.add(Ops.mul(Ops.mul(g, x), 2.0), Ops.mul(g, bug))};
        }
    }

    @Test
    void gradcheckReportsAWrongVjpWithInputElementAndValues() {
        Tensor a = Tensor.randn(1, DType.FLOAT64, 3);
        Tensor x = Tensor.randn(2, DType.FLOAT64, 2, 3);
        SquareWithABug bad = new SquareWithABug();
        GradCheck.Result r = GradCheck.gradcheck(in -> Ops.sum(Ops.mul(in[0], bad.apply(in[1]))), a, x);
        assertFalse(r.passed(), r.report());
        String report = r.report();
        double numeric = 2 * x.get(1, 2) * a.get(2);
        double analytic = numeric + a.get(2);
        assertTrue(report.contains("input 1"), report);
        assertTrue(report.contains("element [1, 2]"), report);
        assertTrue(report.contains(String.format(Locale.ROOT, "%.10g", analytic)), report);
        assertTrue(report.contains(String.format(Locale.ROOT, "%.10g", numeric)), report);
        assertTrue(report.contains("largest error"), report);
    }

    /** y = x², whose vjp is right but computed from raw values, so its own derivative is lost. */
    static final class SquareWithAnUntapedVjp extends Op {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.save(in[0]);
            return Ops.mul(in[0], in[0]);
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            Tensor twoX = ctx.saved()[0].copy();
            twoX.copyFrom(Ops.mul(twoX, 2.0));
            return new Tensor[] {Ops.mul(g, twoX)};
        }
    }

    @Test
    void gradgradcheckCatchesAVjpThatIsNotDifferentiable() {
        Tensor x = Tensor.randn(2, DType.FLOAT64, 2, 3);
        SquareWithAnUntapedVjp op = new SquareWithAnUntapedVjp();
        GradCheck.Result first = GradCheck.gradcheck(in -> op.apply(in[0]), x);
        assertTrue(first.passed(), first.report());
        GradCheck.Result second = GradCheck.gradgradcheck(in -> op.apply(in[0]), x);
        assertFalse(second.passed(), second.report());
        assertTrue(second.report().contains("gradient of input 0"), second.report());
        assertTrue(second.report().contains("analytic 0.000"), second.report());
    }

    @Test
    void fastModeChecksProjectionsAndStillNamesTheBadElement() {
        GradCheck.Options fast = GradCheck.Options.DEFAULT.withFast(true);
        Tensor big = Tensor.randn(7, DType.FLOAT32, 40, 30);
        Tensor w = Tensor.randn(8, DType.FLOAT32, 30, 20);
        GradCheck.Result ok = GradCheck.gradcheck(fast, in -> Ops.tanh(Ops.matmul(in[0], in[1])), big, w);
        assertTrue(ok.passed(), ok.report());
        assertTrue(ok.report().contains("projections"), ok.report());

        Tensor x = Tensor.randn(2, DType.FLOAT64, 2, 3);
        SquareWithABug bad = new SquareWithABug();
        GradCheck.Result r = GradCheck.gradcheck(fast, in -> bad.apply(in[0]), x);
        assertFalse(r.passed(), r.report());
        assertTrue(r.report().contains("element [1, 2]"), r.report());
    }

    @Test
    void gradcheckChecksOnlyTheInputsThatRequireGrad() {
        Tensor a = Tensor.randn(1, DType.FLOAT64, 3).requiresGrad(true);
        Tensor x = Tensor.randn(2, DType.FLOAT64, 2, 3);
        SquareWithABug bad = new SquareWithABug();
        GradCheck.Result r = GradCheck.gradcheck(in -> Ops.sum(Ops.mul(in[0], bad.apply(in[1]))), a, x);
        assertTrue(r.passed(), "input 1 is not checked: " + r.report());
        assertTrue(r.report().contains("1 inputs checked"), r.report());
        assertSame(DType.FLOAT64, a.dtype());
    }
}
