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

    private static Tensor leaf(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    private static Tensor leaf32(float... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    /** Overwrites every element of t in place with v. */
    private static void scribble(Tensor t, double v) {
        t.copyFrom(Tensor.full(v, t.dtype(), t.shape()));
    }

    private static Tensor ones(int n) {
        return Tensor.ones(DType.FLOAT64, n);
    }

    @Test
    void aTensorAddedToItselfGetsTwiceTheGradientInItsOwnBuffer() {
        Tensor x = leaf(1.0, 2.0);
        Tensor seed = ones(2);
        Ops.add(x, x).backward(seed);
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray(), 0);
        scribble(seed, 7);
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray(), 0, "grad() does not alias the seed");
    }

    @Test
    void twoLeavesOfOneAddDoNotShareAGradient() {
        Tensor a = leaf(1.0, 2.0);
        Tensor b = leaf(3.0, 4.0);
        Tensor h = Ops.mul(Ops.add(a, b), 3.0);   // the add's vjp passes one fresh tensor to both leaves
        Ops.add(h, Ops.mul(h, 1.0)).backward(ones(2));
        assertArrayEquals(new double[] {6, 6}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {6, 6}, b.grad().toDoubleArray(), 0);
        scribble(a.grad(), -1);
        assertArrayEquals(new double[] {6, 6}, b.grad().toDoubleArray(), 0);
    }

    @Test
    void aReshapedGradientIsNotAliasedWithTheSeedOrAnotherLeaf() {
        Tensor x = leaf(1.0, 2.0, 3.0, 4.0);
        Tensor w = leaf(5.0, 6.0, 7.0, 8.0);
        Tensor y = Ops.reshape(Ops.add(Ops.mul(x, 1.0), Ops.reshape(Ops.reshape(w, 2, 2), 4)), 2, 2);
        Tensor seed = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        y.backward(seed);
        double[] expected = {1, 2, 3, 4};
        assertArrayEquals(expected, x.grad().toDoubleArray(), 0);
        assertArrayEquals(expected, w.grad().toDoubleArray(), 0);
        scribble(seed, 0);
        scribble(x.grad(), 9);
        assertArrayEquals(expected, w.grad().toDoubleArray(), 0);
        scribble(w.grad(), 9);
        assertArrayEquals(new double[] {9, 9, 9, 9}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void anExpandedLeafSumsItsGradientWithoutTouchingTheSeed() {
        Tensor x = leaf(1.0, 2.0);
        Tensor y = Ops.expand(Ops.reshape(x, 1, 2), 3, 2);
        Tensor seed = Tensor.ones(DType.FLOAT64, 3, 2);
        y.backward(seed);
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, seed.toDoubleArray(), 0);
    }

    @Test
    void retainedGraphWalkedTwiceAccumulatesIntoANewTensor() {
        Tensor x = leaf32(0.5f, -1.5f, 2f, 3f);
        Tensor y = Ops.maxPool2d(Ops.reshape(x, 1, 1, 2, 2), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
                new int[] {1, 1}, false);
        Tensor seed = Tensor.of(new float[] {2f}, 1, 1, 1, 1);
        y.backward(seed, true);
        Tensor first = x.grad();
        assertArrayEquals(new double[] {0, 0, 0, 2}, first.toDoubleArray(), 0);
        y.backward(seed, true);
        assertArrayEquals(new double[] {0, 0, 0, 2}, first.toDoubleArray(), 0, "the first grad() is not updated");
        assertArrayEquals(new double[] {0, 0, 0, 4}, x.grad().toDoubleArray(), 0);
        scribble(first, 5);
        assertArrayEquals(new double[] {0, 0, 0, 4}, x.grad().toDoubleArray(), 0);
        y.backward(seed);
        assertArrayEquals(new double[] {0, 0, 0, 6}, x.grad().toDoubleArray(), 0);
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
        assertArrayEquals(new double[] {10, 10}, x.grad().toDoubleArray(), 0);
        scribble(seen.get(0), 0);
        assertArrayEquals(new double[] {10, 10}, x.grad().toDoubleArray(), 0);
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
        assertArrayEquals(new double[] {2, 2}, seen.get(0).toDoubleArray(), 0);
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), 0);
        scribble(seen.get(0), 0);
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aRetainedIntermediateGradientAndTheLeafGradientAreSeparate() {
        Tensor x = leaf(1.0, 2.0);
        Tensor h = Ops.mul(x, 2.0).retainGrad();
        Tensor k = Ops.add(h, 0.0).retainGrad();
        Ops.sum(Ops.mul(k, 3.0)).backward();
        assertArrayEquals(new double[] {3, 3}, k.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {3, 3}, h.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), 0);
        scribble(k.grad(), 0);
        assertArrayEquals(new double[] {3, 3}, h.grad().toDoubleArray(), 0);
        scribble(h.grad(), 0);
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), 0);
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
        assertArrayEquals(new double[] {8, 8}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {3, 3}, b.grad().toDoubleArray(), 0);
        scribble(b.grad(), 0);
        assertArrayEquals(new double[] {8, 8}, a.grad().toDoubleArray(), 0);
    }

    /** f(x) = sum(c·x) for a constant c the op keeps; its vjp returns c itself when g is 1. */
    private static final class KeepsItsConstant extends Op {
        final Tensor c = Tensor.of(new double[] {2.0, 3.0}, 2);

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
        assertArrayEquals(new double[] {2, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void autogradGradResultsDoNotAliasTheLeafGradient() {
        Tensor x = leaf(1.0, 2.0);
        Ops.sum(Ops.mul(x, 3.0)).backward();
        Tensor[] g = Autograd.grad(Ops.sum(Ops.mul(x, 3.0)), new Tensor[] {x}, false);
        assertNotSame(g[0], x.grad());
        scribble(g[0], 0);
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aLeafUsedManyTimesGetsTheSumOfAllItsGradients() {
        // four fresh gradients, the later ones added in place into the engine's buffer
        Tensor x = leaf32(0.1f, 0.2f, 0.3f);
        Tensor y = Ops.add(Ops.add(Ops.mul(x, 3.0), Ops.mul(x, 5.0)), Ops.add(Ops.mul(x, 7.0), Ops.mul(x, 11.0)));
        y.backward(Tensor.of(new float[] {0.1f, 0.7f, 1.3f}, 3));
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
