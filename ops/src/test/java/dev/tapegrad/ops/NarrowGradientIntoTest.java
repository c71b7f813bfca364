package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The gradient of an op applied to a narrow or select, written by that op straight into its place in the
 * zero-padded gradient of the narrowed tensor (the engine's view gradient): the same values, bit for bit, as
 * the plain path (a vjp output padded by narrow's vjp, forced here by a hook on the view), for every dim, both
 * dtypes and dense or expanded incoming gradients; and the cases where the engine must not do it (a view used
 * twice, a retained or requested gradient, a graph built for a second derivative) still right.
 */
class NarrowGradientIntoTest {
    private static final int[] SHAPE = {6, 10, 12, 40};

    /** The view of x a case takes: narrow along dim d (d < 4), else select along dim d - 4. */
    private static Tensor view(Tensor x, int d) {
        return d < 4 ? Ops.narrow(x, d, 1, SHAPE[d] - 3) : Ops.select(x, d - 4, 2);
    }

    private static Tensor gradient(DType dtype, int d, boolean plain, boolean expandedSeed,
                                   Function<Tensor, Tensor> op) {
        Tensor g = gradientThrough(dtype, SHAPE, x -> view(x, d), plain, expandedSeed, op);
        assertTrue(g.isContiguous());
        return g;
    }

    /**
     * The gradient of a leaf x of the shape through op(view(x)): with plain, a hook on the view makes the engine pad
     * the view's gradient as before; else the op may write it into its place. Seeded by {@code sum(y).backward()}
     * (an expanded seed) or by a dense random gradient.
     */
    static Tensor gradientThrough(DType dtype, int[] shape, Function<Tensor, Tensor> view, boolean plain,
                                  boolean expandedSeed, Function<Tensor, Tensor> op) {
        Tensor x = Tensor.randn(7, dtype, shape).requiresGrad(true);
        Tensor v = view.apply(x);
        if (plain) {
            v.registerHook(g -> null);   // a hook sees v's gradient: the engine pads it as before
        }
        Tensor y = op.apply(v);
        if (expandedSeed) {
            Ops.sum(y).backward();
        } else {
            y.backward(Tensor.randn(9, dtype, y.shape()));
        }
        return x.grad();
    }

    @Test
    void reluThroughNarrowAndSelectMatchesThePaddedGradient() {
        for (DType dtype : DType.values()) {
            for (int d = 0; d < 8; d++) {
                for (boolean expanded : new boolean[] {true, false}) {
                    Tensor fast = gradient(dtype, d, false, expanded, Ops::relu);
                    Tensor plain = gradient(dtype, d, true, expanded, Ops::relu);
                    assertArrayEquals(plain.toDoubleArray(), fast.toDoubleArray(), 0,
                            dtype + " view " + d + " expanded seed " + expanded);
                }
            }
        }
    }

    @Test
    void arithmeticThroughNarrowAndSelectMatchesThePaddedGradient() {
        for (DType dtype : DType.values()) {
            for (int d = 0; d < 8; d++) {
                int[] vShape = view(Tensor.zeros(dtype, SHAPE), d).shape();
                int[] perChannel = vShape.clone();
                for (int k = 0; k < perChannel.length; k++) {
                    perChannel[k] = k == 1 ? perChannel[k] : 1;
                }
                Tensor scale = Tensor.randn(11, dtype, perChannel);
                Tensor w = Tensor.randn(12, dtype, vShape);
                Tensor wg = Tensor.randn(13, dtype, vShape).requiresGrad(true);
                java.util.List<Function<Tensor, Tensor>> ops = java.util.List.of(
                        v -> Ops.mul(v, scale), v -> Ops.mul(v, 0.5), v -> Ops.div(v, w), v -> Ops.sub(w, v),
                        v -> Ops.mul(v, wg), v -> Ops.mul(scale, v), v -> Ops.add(v, 1.0));
                for (int o = 0; o < ops.size(); o++) {
                    for (boolean expanded : new boolean[] {true, false}) {
                        Tensor fast = gradient(dtype, d, false, expanded, ops.get(o));
                        Tensor plain = gradient(dtype, d, true, expanded, ops.get(o));
                        assertArrayEquals(plain.toDoubleArray(), fast.toDoubleArray(), 0,
                                dtype + " view " + d + " op " + o + " expanded seed " + expanded);
                    }
                }
            }
        }
    }

    @Test
    void reluThroughNarrowMatchesTheMask() {
        Tensor x = Tensor.randn(3, DType.FLOAT64, SHAPE).requiresGrad(true);
        Ops.sum(Ops.relu(Ops.narrow(x, 3, 4, 32))).backward();
        double[] xv = x.toDoubleArray();
        double[] g = x.grad().toDoubleArray();
        for (int i = 0; i < xv.length; i++) {
            int w = i % 40;
            double want = w >= 4 && w < 36 && xv[i] > 0 ? 1 : 0;
            assertTrue(g[i] == want, "element " + i);
        }
    }

    @Test
    void viewUsedTwiceOrXUsedTwice() {
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.randn(5, dtype, SHAPE).requiresGrad(true);
            Tensor v = Ops.narrow(x, 1, 2, 5);
            Ops.sum(Ops.add(Ops.relu(v), Ops.mul(v, 2.0))).backward();
            Tensor x2 = Tensor.randn(5, dtype, SHAPE).requiresGrad(true);
            Tensor v2 = Ops.narrow(x2, 1, 2, 5);
            v2.registerHook(g -> null);
            Ops.sum(Ops.add(Ops.relu(v2), Ops.mul(v2, 2.0))).backward();
            assertArrayEquals(x2.grad().toDoubleArray(), x.grad().toDoubleArray(), 0, dtype + " view used twice");

            Tensor a = Tensor.randn(6, dtype, SHAPE).requiresGrad(true);
            Ops.sum(Ops.add(Ops.sum(Ops.relu(Ops.narrow(a, 3, 3, 30))), Ops.sum(Ops.mul(a, 3.0)))).backward();
            Tensor b = Tensor.randn(6, dtype, SHAPE).requiresGrad(true);
            Tensor vb = Ops.narrow(b, 3, 3, 30);
            vb.registerHook(g -> null);
            Ops.sum(Ops.add(Ops.sum(Ops.relu(vb)), Ops.sum(Ops.mul(b, 3.0)))).backward();
            assertArrayEquals(b.grad().toDoubleArray(), a.grad().toDoubleArray(), 0, dtype + " x used twice");
        }
    }

    @Test
    void retainedAndRequestedViewGradientsStayTheirOwn() {
        Tensor x = Tensor.randn(8, DType.FLOAT32, SHAPE).requiresGrad(true);
        Tensor v = Ops.narrow(x, 2, 1, 9).retainGrad();
        Ops.sum(Ops.add(Ops.sum(Ops.relu(v)), Ops.sum(Ops.mul(x, 0.5)))).backward();
        double[] vg = v.grad().toDoubleArray();
        double[] vx = v.toDoubleArray();
        for (int i = 0; i < vg.length; i++) {
            assertTrue(vg[i] == (vx[i] > 0 ? 1 : 0), "v's retained gradient, element " + i);
        }
        Tensor w = Ops.narrow(x, 2, 1, 9);
        Tensor[] gs = Autograd.grad(Ops.sum(Ops.relu(w)), new Tensor[] {w, x}, false);
        assertArrayEquals(vg, gs[0].toDoubleArray(), 0);
        double[] gx = gs[1].toDoubleArray();
        double[] xv = x.toDoubleArray();
        for (int i = 0; i < gx.length; i++) {
            int h = i / 40 % 12;
            assertTrue(gx[i] == (h >= 1 && h < 10 && xv[i] > 0 ? 1 : 0), "x's gradient, element " + i);
        }
    }

    @Test
    void secondDerivativeThroughNarrowStillBuildsItsGraph() {
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.randn(4, dtype, SHAPE).requiresGrad(true);
            Tensor r = Ops.relu(Ops.narrow(x, 3, 4, 32));
            Tensor g = Autograd.grad(Ops.sum(Ops.mul(r, r)), new Tensor[] {x}, true)[0];
            Ops.sum(Ops.mul(g, 1.5)).backward();     // d/dx sum(1.5 · 2 relu(v) padded) = 3 [v > 0] padded
            double[] xv = x.toDoubleArray();
            double[] gg = x.grad().toDoubleArray();
            for (int i = 0; i < gg.length; i++) {
                int w = i % 40;
                assertTrue(gg[i] == (w >= 4 && w < 36 && xv[i] > 0 ? 3 : 0), dtype + " element " + i);
            }
        }
    }
}
