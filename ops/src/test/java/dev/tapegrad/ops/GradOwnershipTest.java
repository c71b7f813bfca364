package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine keeps a vjp's freshly made gradient as a leaf's grad() without copying it, and sums further
 * gradients into its own buffers in place. These tests write into every tensor a user could hold after a
 * backward (grad() of each leaf, the seed, what a hook saw, a vjp's constant) and check that no other
 * gradient changes: no grad() aliases anything that can change later.
 */
class GradOwnershipTest {

    /** Repeats of each pattern: gradients this large are the ones the engine takes without a copy. */
    private static final int REP = 512;

    private static double[] tile(double... v) {
        double[] t = new double[v.length * REP];
        for (int i = 0; i < t.length; i++) {
            t[i] = v[i % v.length];
        }
        return t;
    }

    /** A leaf of REP copies of the pattern v. */
    private static Tensor leaf(double... v) {
        return Tensor.of(tile(v), v.length * REP).requiresGrad(true);
    }

    private static Tensor leaf32(float... v) {
        float[] t = new float[v.length * REP];
        for (int i = 0; i < t.length; i++) {
            t[i] = v[i % v.length];
        }
        return Tensor.of(t, t.length).requiresGrad(true);
    }

    /** Asserts that t holds REP copies of the pattern. */
    private static void expect(double[] pattern, Tensor t, String... what) {
        assertArrayEquals(tile(pattern), t.toDoubleArray(), 0, what.length > 0 ? what[0] : null);
    }

    /** Overwrites every element of t in place with v. */
    private static void scribble(Tensor t, double v) {
        t.copyFrom(Tensor.full(v, t.dtype(), t.shape()));
    }

    private static Tensor ones(int n) {
        return Tensor.ones(DType.FLOAT64, n * REP);
    }

    @Test
    void aTensorAddedToItselfGetsTwiceTheGradientInItsOwnBuffer() {
        Tensor x = leaf(1.0, 2.0);
        Tensor seed = ones(2);
        Ops.add(x, x).backward(seed);
        expect(new double[] {2, 2}, x.grad());
        scribble(seed, 7);
        expect(new double[] {2, 2}, x.grad(), "grad() does not alias the seed");
    }

    @Test
    void twoLeavesOfOneAddDoNotShareAGradient() {
        Tensor a = leaf(1.0, 2.0);
        Tensor b = leaf(3.0, 4.0);
        Tensor h = Ops.mul(Ops.add(a, b), 3.0);   // the add's vjp passes one fresh tensor to both leaves
        Ops.add(h, Ops.mul(h, 1.0)).backward(ones(2));
        expect(new double[] {6, 6}, a.grad());
        expect(new double[] {6, 6}, b.grad());
        scribble(a.grad(), -1);
        expect(new double[] {6, 6}, b.grad());
    }

    @Test
    void aReshapedGradientIsNotAliasedWithTheSeedOrAnotherLeaf() {
        Tensor x = leaf(1.0, 2.0, 3.0, 4.0);
        Tensor w = leaf(5.0, 6.0, 7.0, 8.0);
        Tensor y = Ops.reshape(Ops.add(Ops.mul(x, 1.0), Ops.reshape(Ops.reshape(w, 2, 2 * REP), 4 * REP)), 2, 2 * REP);
        Tensor seed = Tensor.of(tile(1, 2, 3, 4), 2, 2 * REP);
        y.backward(seed);
        double[] expected = {1, 2, 3, 4};
        expect(expected, x.grad());
        expect(expected, w.grad());
        scribble(seed, 0);
        scribble(x.grad(), 9);
        expect(expected, w.grad());
        scribble(w.grad(), 9);
        expect(new double[] {9, 9, 9, 9}, x.grad());
    }

    @Test
    void anExpandedLeafSumsItsGradientWithoutTouchingTheSeed() {
        Tensor x = leaf(1.0, 2.0);
        Tensor y = Ops.expand(Ops.reshape(x, 1, 2 * REP), 3, 2 * REP);
        Tensor seed = Tensor.ones(DType.FLOAT64, 3, 2 * REP);
        y.backward(seed);
        expect(new double[] {3, 3}, x.grad());
        expect(new double[] {1, 1, 1, 1, 1, 1}, seed);
    }

    @Test
    void retainedGraphWalkedTwiceAccumulatesIntoANewTensor() {
        Tensor x = leaf32(0.5f, -1.5f, 2f, 3f);
        // windows (0.5 -1.5 / 2 3) stacked down a [2·REP, 2] plane: each maximum is its last element
        Tensor y = Ops.maxPool2d(Ops.reshape(x, 1, 1, 2 * REP, 2), new int[] {2, 2}, new int[] {2, 2},
                new int[] {0, 0}, new int[] {1, 1}, false);
        Tensor seed = Tensor.full(2.0, DType.FLOAT32, 1, 1, REP, 1);
        y.backward(seed, true);
        Tensor first = x.grad();
        expect(new double[] {0, 0, 0, 2}, first);
        y.backward(seed, true);
        expect(new double[] {0, 0, 0, 2}, first, "the first grad() is not updated");
        expect(new double[] {0, 0, 0, 4}, x.grad());
        scribble(first, 5);
        expect(new double[] {0, 0, 0, 4}, x.grad());
        y.backward(seed);
        expect(new double[] {0, 0, 0, 6}, x.grad());
    }

    @Test
    void whatAHookSawIsNotTheLeafGradient() {
        Tensor x = leaf(1.0, 2.0);
        List<Tensor> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g);
            return null;
        });
        Tensor h = Ops.mul(x, 3.0);
        Ops.sum(Ops.add(Ops.mul(h, 2.0), Ops.mul(x, 4.0))).backward();   // two fresh gradients summed
        expect(new double[] {10, 10}, x.grad());
        scribble(seen.get(0), 0);
        expect(new double[] {10, 10}, x.grad());
    }

    @Test
    void aHookOnAnIntermediateSeesAGradientThatLaterSumsDoNotChange() {
        Tensor x = leaf(1.0, 2.0);
        Tensor h = Ops.mul(x, 1.0);
        List<Tensor> seen = new ArrayList<>();
        h.registerHook(g -> {
            seen.add(g);
            return null;
        });
        Ops.sum(Ops.add(Ops.mul(h, 2.0), Ops.mul(x, 4.0))).backward();
        expect(new double[] {2, 2}, seen.get(0));
        expect(new double[] {6, 6}, x.grad());
        scribble(seen.get(0), 0);
        expect(new double[] {6, 6}, x.grad());
    }

    @Test
    void aRetainedIntermediateGradientAndTheLeafGradientAreSeparate() {
        Tensor x = leaf(1.0, 2.0);
        Tensor h = Ops.mul(x, 2.0).retainGrad();
        Tensor k = Ops.add(h, 0.0).retainGrad();
        Ops.sum(Ops.mul(k, 3.0)).backward();
        expect(new double[] {3, 3}, k.grad());
        expect(new double[] {3, 3}, h.grad());
        expect(new double[] {6, 6}, x.grad());
        scribble(k.grad(), 0);
        expect(new double[] {3, 3}, h.grad());
        scribble(h.grad(), 0);
        expect(new double[] {6, 6}, x.grad());
    }

    /** f(a, b) = 3(a + b) elementwise, whose vjp returns one fresh tensor for both inputs. */
    private static final class SharedGradient extends Op {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Ops.mul(Ops.add(in[0], in[1]), 3.0);
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            Tensor m = Ops.mul(g, 3.0);
            return new Tensor[] {m, Ops.reshape(m, m.shape())};
        }
    }

    @Test
    void aFreshGradientReturnedForTwoInputsIsSummedInPlaceForNeither() {
        Tensor a = leaf(1.0, 2.0);
        Tensor b = leaf(3.0, 4.0);
        Tensor y = Ops.add(new SharedGradient().apply(a, b), Ops.mul(a, 5.0));   // a gets a second gradient
        y.backward(ones(2));
        expect(new double[] {8, 8}, a.grad());
        expect(new double[] {3, 3}, b.grad());
        scribble(b.grad(), 0);
        expect(new double[] {8, 8}, a.grad());
    }

    /** f(x) = sum(c·x) for a constant c the op keeps; its vjp returns c itself when g is 1. */
    private static final class KeepsItsConstant extends Op {
        final Tensor c = Tensor.of(tile(2.0, 3.0), 2 * REP);

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Ops.sum(Ops.mul(in[0], c));
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {g.item() == 1.0 ? c : Ops.mul(c, g)};
        }
    }

    @Test
    void aTensorAVjpKeepsIsCopiedIntoTheLeaf() {
        Tensor x = leaf(1.0, 1.0);
        KeepsItsConstant op = new KeepsItsConstant();
        op.apply(x).backward();
        scribble(op.c, 0);
        expect(new double[] {2, 3}, x.grad());
    }

    @Test
    void autogradGradResultsDoNotAliasTheLeafGradient() {
        Tensor x = leaf(1.0, 2.0);
        Ops.sum(Ops.mul(x, 3.0)).backward();
        Tensor[] g = Autograd.grad(Ops.sum(Ops.mul(x, 3.0)), new Tensor[] {x}, false);
        assertNotSame(g[0], x.grad());
        scribble(g[0], 0);
        expect(new double[] {3, 3}, x.grad());
    }

    @Test
    void aLeafUsedManyTimesGetsTheSumOfAllItsGradients() {
        // four fresh gradients, the later ones added in place into the engine's buffer
        Tensor x = leaf32(0.1f, 0.2f, 0.3f);
        Tensor y = Ops.add(Ops.add(Ops.mul(x, 3.0), Ops.mul(x, 5.0)), Ops.add(Ops.mul(x, 7.0), Ops.mul(x, 11.0)));
        y.backward(Ops.cast(Tensor.of(tile(0.1, 0.7, 1.3), 3 * REP), DType.FLOAT32));
        float[] g = x.grad().toFloatArray();
        float[] s = {0.1f, 0.7f, 1.3f};
        for (int i = 0; i < 3; i++) {
            float a = s[i] * 3f;
            float b = s[i] * 5f;
            float c = s[i] * 7f;
            float d = s[i] * 11f;
            assertEquals(((d + c) + b) + a, g[i], Math.ulp(g[i]) * 2);
        }
    }
}
