package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The gradient of a one-input pointwise op (gelu, tanh, sigmoid, silu, exp, log, sqrt, abs, neg, softplus, clamp,
 * pow) applied to a narrow or select, written by the op its vjp applies to the incoming gradient straight into its
 * place in the zero-padded gradient of the narrowed tensor: bit for bit the values of the padded path (forced by a
 * hook on the view), for drawn shapes, views along every dim, both dtypes, dense and repeated seeds; and the cases
 * where the engine must not take that path (a view used twice, a hook, a retained gradient, a graph built for a
 * second derivative) still right.
 */
class UnaryViewGradientTest {
    /** The ops, each on values where it is defined (log and sqrt take |v| + 0.25 through the leaf's values). */
    private static final List<Function<Tensor, Tensor>> OPS = List.of(
            Ops::gelu, Ops::tanh, Ops::sigmoid, Ops::silu, Ops::exp, Ops::log, Ops::sqrt, Ops::abs, Ops::neg,
            Ops::softplus, v -> Ops.clamp(v, -0.5, 0.75), v -> Ops.pow(v, 3.0), v -> Ops.pow(v, 0.5),
            v -> Ops.pow(v, 0.0));
    private static final String[] NAMES = {"gelu", "tanh", "sigmoid", "silu", "exp", "log", "sqrt", "abs", "neg",
        "softplus", "clamp", "pow3", "pow0.5", "pow0"};

    /** A leaf of the given shape: normal values, positive ones (|z| + 0.25) when positive. */
    private static Tensor leaf(long seed, DType dtype, int[] shape, boolean positive) {
        Tensor z = Tensor.randn(seed, dtype, shape);
        return (positive ? Ops.add(Ops.abs(z), 0.25) : z).detach().requiresGrad(true);
    }

    private static boolean positive(int op) {
        return NAMES[op].equals("log") || NAMES[op].equals("sqrt") || NAMES[op].equals("pow0.5");
    }

    /** x's gradient through op(view): the view is narrow(dim, start, length), or select(dim, start) when length < 0. */
    private static Tensor gradient(Tensor x, int dim, int start, int length, int op, boolean plain, long seed,
                                   boolean repeatedSeed) {
        Tensor v = length < 0 ? Ops.select(x, dim, start) : Ops.narrow(x, dim, start, length);
        if (plain) {
            v.registerHook(g -> null);   // a hook sees v's gradient: the engine pads it as before
        }
        Tensor y = OPS.get(op).apply(v);
        if (repeatedSeed) {
            Ops.sum(Ops.mul(y, 1.5)).backward();
        } else {
            y.backward(Tensor.randn(seed, x.dtype(), y.shape()));
        }
        Tensor g = x.grad();
        x.setGrad(null);
        return g;
    }

    @Property(tries = 150)
    void throughNarrowAndSelectMatchesThePaddedGradient(
            @ForAll @IntRange(min = 1, max = 4) int rank, @ForAll @IntRange(min = 0, max = 3) int dim,
            @ForAll @IntRange(min = 0, max = 13) int op, @ForAll boolean select, @ForAll boolean repeatedSeed,
            @ForAll DType dtype, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + rng.nextInt(d == rank - 1 ? 40 : 5);
        }
        int d = dim % rank;
        int start = rng.nextInt(shape[d]);
        int length = select ? -1 : 1 + rng.nextInt(shape[d] - start);
        Tensor x = leaf(seed, dtype, shape, positive(op));
        Tensor fast = gradient(x, d, start, length, op, false, seed + 1, repeatedSeed);
        Tensor plain = gradient(x, d, start, length, op, true, seed + 1, repeatedSeed);
        assertTrue(fast.isContiguous());
        assertArrayEquals(plain.toDoubleArray(), fast.toDoubleArray(), 0,
                NAMES[op] + " " + dtype + " " + java.util.Arrays.toString(shape) + " dim " + d + " start " + start
                        + " length " + length + " repeated seed " + repeatedSeed);
    }

    @Test
    void everyOpAlongEveryDimOfALargerTensor() {
        int[] shape = {3, 10, 6, 40};
        for (DType dtype : DType.values()) {
            for (int op = 0; op < OPS.size(); op++) {
                Tensor x = leaf(op, dtype, shape, positive(op));
                for (int d = 0; d < 8; d++) {
                    int dim = d % 4;
                    int length = d < 4 ? shape[dim] - 2 : -1;
                    for (boolean repeated : new boolean[] {true, false}) {
                        Tensor fast = gradient(x, dim, 1, length, op, false, 9, repeated);
                        Tensor plain = gradient(x, dim, 1, length, op, true, 9, repeated);
                        assertArrayEquals(plain.toDoubleArray(), fast.toDoubleArray(), 0,
                                NAMES[op] + " " + dtype + " view " + d + " repeated seed " + repeated);
                    }
                }
            }
        }
    }

    @Test
    void viewUsedTwiceRetainedOrRequestedStaysRight() {
        int[] shape = {4, 6, 5, 12};
        for (DType dtype : DType.values()) {
            for (int op = 0; op < OPS.size(); op++) {
                Function<Tensor, Tensor> f = OPS.get(op);
                // used twice: the two gradients add up before the pad
                Tensor a = leaf(op + 20, dtype, shape, positive(op));
                Tensor va = Ops.narrow(a, 3, 2, 7);
                Ops.sum(Ops.add(f.apply(va), Ops.mul(va, 2.0))).backward();
                Tensor b = a.detach().requiresGrad(true);
                Tensor vb = Ops.narrow(b, 3, 2, 7);
                vb.registerHook(g -> null);
                Ops.sum(Ops.add(f.apply(vb), Ops.mul(vb, 2.0))).backward();
                assertArrayEquals(b.grad().toDoubleArray(), a.grad().toDoubleArray(), 0, NAMES[op] + " used twice");

                // retained: the view keeps its own gradient, the leaf gets it padded
                Tensor c = a.detach().requiresGrad(true);
                Tensor vc = Ops.select(c, 1, 3).retainGrad();
                Ops.sum(f.apply(vc)).backward();
                Tensor d = a.detach().requiresGrad(true);
                Tensor vd = Ops.select(d, 1, 3);
                Tensor want = Autograd.grad(Ops.sum(f.apply(vd)), new Tensor[] {vd}, false)[0];
                assertArrayEquals(want.toDoubleArray(), vc.grad().toDoubleArray(), 0, NAMES[op] + " retained");
                double[] gx = c.grad().toDoubleArray();
                double[] gv = want.toDoubleArray();
                for (int i = 0, k = 0; i < gx.length; i++) {
                    boolean inside = i / (5 * 12) % 6 == 3;
                    assertTrue(gx[i] == (inside ? gv[k++] : 0), NAMES[op] + " padded " + i);
                }

                // requested: the view and the leaf both targets of Autograd.grad
                Tensor e = a.detach().requiresGrad(true);
                Tensor ve = Ops.select(e, 1, 3);
                Tensor[] gs = Autograd.grad(Ops.sum(f.apply(ve)), new Tensor[] {ve, e}, false);
                assertArrayEquals(gv, gs[0].toDoubleArray(), 0, NAMES[op] + " requested view");
                assertArrayEquals(gx, gs[1].toDoubleArray(), 0, NAMES[op] + " requested leaf");
            }
        }
    }

    @Test
    void secondDerivativeThroughNarrowStillBuildsItsGraph() {
        int[] shape = {3, 4, 5, 16};
        for (DType dtype : DType.values()) {
            for (int op = 0; op < OPS.size(); op++) {
                Function<Tensor, Tensor> f = OPS.get(op);
                Tensor x = leaf(op + 40, dtype, shape, positive(op));
                Tensor g = Autograd.grad(Ops.sum(f.apply(Ops.narrow(x, 3, 4, 9))), new Tensor[] {x}, true)[0];
                Tensor y = x.detach().requiresGrad(true);
                Tensor vy = Ops.narrow(y, 3, 4, 9);
                vy.registerHook(t -> null);
                Tensor gy = Autograd.grad(Ops.sum(f.apply(vy)), new Tensor[] {y}, true)[0];
                assertArrayEquals(gy.toDoubleArray(), g.toDoubleArray(), 0, NAMES[op] + " " + dtype + " first");
                assertTrue(g.requiresGrad() == gy.requiresGrad(), NAMES[op] + " " + dtype + " graph");
                if (g.requiresGrad()) {   // (neg, abs, clamp and pow 0 have gradients constant in x)
                    Ops.sum(Ops.mul(g, g)).backward();
                    Ops.sum(Ops.mul(gy, gy)).backward();
                    assertArrayEquals(y.grad().toDoubleArray(), x.grad().toDoubleArray(), 0,
                            NAMES[op] + " " + dtype + " second");
                }
            }
        }
    }
}
