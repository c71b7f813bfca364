package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Gradients handed on through view ops ({@link Op#vjpHandsOnGradient}): kept without a copy where the engine
 * owns them, the same values as the copying path, and never a tensor the user can see written into.
 */
class EngineHandOnTest {
    private static final int R = 16;
    private static final int C = 40;   // R·C ≥ GradBuffers.MIN_ELEMENTS

    /** The transpose of a matrix, a view; its vjp transposes g back (a view too) and hands it on when asked. */
    private static final class Transpose extends Op {
        final boolean handsOn;

        Transpose(boolean handsOn) {
            this.handsOn = handsOn;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            int[] s = in[0].shape();
            int[] st = in[0].strides();
            return in[0].asStrided(new int[] {s[1], s[0]}, new int[] {st[1], st[0]}, in[0].storageOffset());
        }

        @Override
        protected boolean vjpHandsOnGradient() {
            return handsOn;
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {new Transpose(handsOn).apply(g)};
        }
    }

    /**
     * y = k·x (FLOAT64) in x's memory order: a fresh array with x's strides when x fills its storage (as relu
     * of a transposed tensor), else contiguous; vjp: k·g by the same op. Remembers its last output.
     */
    private static final class Scale extends Op {
        final double k;
        Tensor lastOutput;

        Scale(double k) {
            this.k = k;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            if (x.isDenseView()) {
                double[] v = x.doubleStorage();
                double[] y = new double[v.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = k * v[i];
                }
                lastOutput = Tensor.adoptStrided(y, x.shape(), x.strides());
            } else {
                double[] v = x.doubleData();
                double[] y = new double[v.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = k * v[i];
                }
                lastOutput = Tensor.wrapLike(x, y);
            }
            return lastOutput;
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {apply(g)};
        }
    }

    /** z = a + b (FLOAT64, equal shapes); vjp: (g, g), the incoming gradient itself to both. */
    private static final class Add extends Op {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            double[] a = in[0].doubleData();
            double[] b = in[1].doubleData();
            double[] z = new double[a.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = a[i] + b[i];
            }
            return Tensor.wrapLike(in[0], z);
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {g, g};
        }
    }

    private static Tensor leaf() {
        return Tensor.randn(7, DType.FLOAT64, R, C).requiresGrad(true);
    }

    /** A [C, R] seed stored transposed (row-major [R, C] seen as its transpose), as relu(x.t()) gives. */
    private static Tensor transposedSeed(long seed) {
        Tensor s = Tensor.randn(seed, DType.FLOAT64, R, C);
        return s.asStrided(new int[] {C, R}, new int[] {1, C}, 0);
    }

    /** 3·seed, transposed back to [R, C], row-major. */
    private static double[] expected(Tensor seed, double k) {
        double[] out = new double[R * C];
        for (int r = 0; r < R; r++) {
            for (int c = 0; c < C; c++) {
                out[r * C + c] = k * seed.get(c, r);
            }
        }
        return out;
    }

    @Test
    void aFreshGradientPassesThroughATransposeIntoTheLeafWithoutACopy() {
        Tensor x = leaf();
        Scale scale = new Scale(3);
        Tensor y = scale.apply(new Transpose(true).apply(x));
        Tensor seed = transposedSeed(1);
        y.backward(seed);
        assertSame(scale.lastOutput.doubleStorage(), x.grad().doubleStorage());
        assertTrue(x.grad().isContiguous());
        assertArrayEquals(expected(seed, 3), x.grad().toDoubleArray(), 0);
    }

    @Test
    void theSameValuesAsTheCopyingPath() {
        Tensor seed = transposedSeed(2);
        double[][] grads = new double[2][];
        for (int handsOn = 0; handsOn < 2; handsOn++) {
            Tensor x = leaf();
            Scale scale = new Scale(-1.5);
            scale.apply(new Transpose(handsOn == 1).apply(x)).backward(seed);
            assertTrue(handsOn == 1 == (scale.lastOutput.doubleStorage() == x.grad().doubleStorage()));
            grads[handsOn] = x.grad().toDoubleArray();
        }
        assertArrayEquals(grads[0], grads[1], 0);
    }

    @Test
    void aHandedOnGradientInAnotherLayoutIsCopiedIntoTheLeaf() {
        Tensor x = leaf();
        Scale scale = new Scale(2);
        Tensor seed = Tensor.randn(3, DType.FLOAT64, C, R);   // contiguous: the gradient reaches x transposed
        scale.apply(new Transpose(true).apply(x)).backward(seed);
        assertNotSame(scale.lastOutput.doubleStorage(), x.grad().doubleStorage());
        assertTrue(x.grad().isContiguous());
        assertArrayEquals(expected(seed, 2), x.grad().toDoubleArray(), 0);
    }

    @Test
    void twoViewGradientsOfOneLeafAreSummed() {
        for (Tensor seed : new Tensor[] {transposedSeed(4), Tensor.randn(4, DType.FLOAT64, C, R)}) {
            Tensor x = leaf();
            Tensor a = new Scale(3).apply(new Transpose(true).apply(x));
            Tensor b = new Scale(0.5).apply(new Transpose(true).apply(x));
            new Add().apply(a, b).backward(seed);
            double[] want = expected(seed, 3);
            double[] half = expected(seed, 0.5);
            for (int i = 0; i < want.length; i++) {
                want[i] += half[i];
            }
            assertArrayEquals(want, x.grad().toDoubleArray(), 0);
        }
    }

    @Test
    void aRetainedGraphUsedTwiceNeverWritesTheFirstGradient() {
        Tensor x = leaf();
        Tensor seed = transposedSeed(5);
        Tensor y = new Scale(3).apply(new Transpose(true).apply(x));
        y.backward(seed, true);
        Tensor first = x.grad();
        double[] once = first.toDoubleArray();
        y.backward(seed, true);
        assertArrayEquals(once, first.toDoubleArray(), 0);
        double[] twice = expected(seed, 6);
        assertArrayEquals(twice, x.grad().toDoubleArray(), 0);
    }

    @Test
    void theUsersSeedIsNeverWritten() {
        Tensor x = leaf();
        Tensor seed = Tensor.randn(6, DType.FLOAT64, C, R);
        double[] before = seed.toDoubleArray();
        new Transpose(true).apply(x).backward(seed);
        Tensor y = new Transpose(true).apply(x);
        new Add().apply(y, y).backward(seed);
        assertArrayEquals(before, seed.toDoubleArray(), 0);
        assertNotSame(seed.doubleStorage(), x.grad().doubleStorage());
    }

    @Test
    void aGradientSeenByAHookOrKeptByRetainGradIsNotHandedOn() {
        Tensor seed = transposedSeed(7);
        Tensor x = leaf();
        Tensor v = new Scale(3).apply(new Transpose(true).apply(x));
        Tensor[] seen = new Tensor[1];
        v.registerHook(g -> {
            seen[0] = g;
            return null;
        });
        Tensor w = new Transpose(true).apply(v);
        new Scale(2).apply(w).backward(Tensor.randn(8, DType.FLOAT64, R, C));
        double[] held = seen[0].toDoubleArray();
        assertFalse(seen[0].doubleStorage() == x.grad().doubleStorage());

        Tensor x2 = leaf();
        Tensor v2 = new Scale(1).apply(x2).retainGrad();
        Tensor u = new Scale(2).apply(new Transpose(true).apply(v2));
        Tensor z = new Add().apply(u, new Scale(4).apply(new Transpose(true).apply(x2)));
        z.backward(seed);
        double[] kept = v2.grad().toDoubleArray();
        assertArrayEquals(expected(seed, 2), kept, 0);
        assertArrayEquals(expected(seed, 6), x2.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(expected(seed, 2), v2.grad().toDoubleArray(), 0);
        assertArrayEquals(held, seen[0].toDoubleArray(), 0);
    }

    @Test
    void underCreateGraphTheGradientsAreRecordedAndRight() {
        Tensor x = leaf();
        Tensor seed = transposedSeed(9).requiresGrad(true);   // so that the gradient has a graph of its own
        Tensor y = new Scale(3).apply(new Transpose(true).apply(x));
        Tensor[] g = Autograd.grad(y, new Tensor[] {x}, seed, true, true);
        assertArrayEquals(expected(seed, 3), g[0].toDoubleArray(), 0);
        assertTrue(g[0].requiresGrad());
        Tensor[] plain = Autograd.grad(y, new Tensor[] {x}, seed, false, false);
        assertArrayEquals(g[0].toDoubleArray(), plain[0].toDoubleArray(), 0);
    }

    @Test
    void autogradGradHandsGradientsOnBetweenTheRootAndItsTargets() {
        Tensor seed = transposedSeed(10);
        Tensor x = leaf();
        Scale first = new Scale(3);
        Scale second = new Scale(0.5);
        Tensor a = first.apply(new Transpose(true).apply(x));
        Tensor b = second.apply(new Transpose(true).apply(x));
        Tensor g = Autograd.grad(new Add().apply(a, b), new Tensor[] {x}, seed, false, false)[0];
        double[] want = expected(seed, 3.5);
        assertArrayEquals(want, g.toDoubleArray(), 1e-12);
        // the first view gradient is handed on to x's slot and the second added into it in place
        Object storage = g.doubleStorage();
        assertTrue(storage == first.lastOutput.doubleStorage() || storage == second.lastOutput.doubleStorage());
        assertTrue(x.grad() == null);
    }

    @Test
    void aTargetsGradientIsNeitherHandedOnNorWrittenAfterward() {
        Tensor seed = transposedSeed(11);
        Tensor x = leaf();
        Tensor t = new Transpose(true).apply(x);
        Tensor a = new Add().apply(new Scale(3).apply(t), new Scale(1).apply(t));
        Tensor b = new Scale(4).apply(new Transpose(true).apply(x));
        Tensor[] g = Autograd.grad(new Add().apply(a, b), new Tensor[] {t, x}, seed, false, false);
        double[] tWant = seed.toDoubleArray();
        for (int i = 0; i < tWant.length; i++) {
            tWant[i] *= 4;
        }
        assertArrayEquals(tWant, g[0].toDoubleArray(), 1e-12);
        assertArrayEquals(expected(seed, 8), g[1].toDoubleArray(), 1e-12);
        assertFalse(g[0].doubleStorage() == g[1].doubleStorage());
    }

    /** y = x; its vjp forms 2·g through a transpose and back, so it returns a view filling storage it made. */
    private static final class RoundTrip extends Op {
        final Scale inner = new Scale(2);

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Tensor.wrapLike(in[0], in[0].doubleData().clone());
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {new Transpose(false).apply(inner.apply(new Transpose(false).apply(g)))};
        }
    }

    @Test
    void aViewFillingStorageMadeDuringTheVjpIsStolenIntoTheLeaf() {
        Tensor x = Tensor.randn(12, DType.FLOAT64, C, R).requiresGrad(true);
        RoundTrip op = new RoundTrip();
        Tensor seed = Tensor.randn(13, DType.FLOAT64, C, R);
        op.apply(x).backward(seed);
        assertSame(op.inner.lastOutput.doubleStorage(), x.grad().doubleStorage());
        assertTrue(x.grad().isContiguous());
        double[] want = seed.toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            want[i] *= 2;
        }
        assertArrayEquals(want, x.grad().toDoubleArray(), 0);
    }

    @Test
    void adoptStridedTakesOnlyDenseLayouts() {
        Tensor t = Tensor.adoptStrided(new float[6], new int[] {2, 3}, new int[] {1, 2});
        assertTrue(t.isDenseView());
        assertFalse(t.isContiguous());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Tensor.adoptStrided(new float[6], new int[] {2, 3}, new int[] {0, 1}));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Tensor.adoptStrided(new double[8], new int[] {2, 3}, new int[] {3, 1}));
    }
}
