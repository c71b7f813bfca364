package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** In-place writes to saved storage are caught at backward; writes nobody saved, and the training loop, stay legal. */
class VersionCounterTest {

    /** z = a·b elementwise (FLOAT64, raw loops), saving both; vjp (g·b, g·a) with the same op. */
    static final class Product extends Op {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.save(in[0], in[1]);
            double[] a = in[0].doubleData();
            double[] b = in[1].doubleData();
            double[] z = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                z[i] = a[i] * b[i];
            }
            return Tensor.wrapLike(in[0], z);
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            Tensor[] s = ctx.saved();
            return new Tensor[] {
                ctx.needsInputGrad(0) ? new Product().apply(g, s[1]) : null,
                ctx.needsInputGrad(1) ? new Product().apply(g, s[0]) : null};
        }
    }

    private static Tensor product(Tensor a, Tensor b) {
        return new Product().apply(a, b);
    }

    @Test
    void theIssuesExampleThrowsInsteadOfAWrongGradient() {
        Tensor p = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor q = Tensor.of(new double[] {4, 5, 6}, 3);
        Tensor y = product(p, q);
        q.set(100, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> y.backward(Tensor.ones(DType.FLOAT64, 3)));
        String m = e.getMessage();
        assertTrue(m.startsWith("Product"), m);
        assertTrue(m.contains("saved tensor 1 of shape [3] was modified in place"), m);
        assertTrue(m.contains("version 0 when saved, now 1"), m);
        assertTrue(m.contains("copy()") && m.contains("after backward"), m);
        assertEquals(null, p.grad());
    }

    @Test
    void aWriteThroughAViewOrADetachedAliasIsCaught() {
        Tensor p = Tensor.of(new double[] {1, 2, 3, 4}, 4).requiresGrad(true);
        Tensor q = Tensor.of(new double[] {1, 1, 1, 1}, 4);
        Tensor y = product(p, q);
        q.asStrided(new int[] {2}, new int[] {2}, 1).set(7, 1);
        assertThrows(IllegalStateException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 4)));

        Tensor p2 = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y2 = product(p2, p2);
        p2.detach().copyFrom(Tensor.of(new double[] {5, 5}, 2));
        assertThrows(IllegalStateException.class, () -> y2.backward(Tensor.ones(DType.FLOAT64, 2)));
    }

    @Test
    void markModifiedAfterARawStorageWriteIsCaught() {
        Tensor p = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor q = Tensor.of(new double[] {3, 4}, 2);
        Tensor y = product(p, q);
        q.doubleStorage()[0] = 9;
        q.markModified();
        assertEquals(1, q.version());
        assertThrows(IllegalStateException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 2)));
    }

    @Test
    void aWriteToStorageNobodySavedIsLegal() {
        Tensor p = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor q = Tensor.of(new double[] {3, 4}, 2);
        Tensor other = Tensor.of(new double[] {0, 0}, 2);
        Tensor y = product(p, q);
        other.set(1, 0);
        q.copy().set(50, 1);   // a copy has its own storage and counter
        y.backward(Tensor.ones(DType.FLOAT64, 2));
        assertArrayEquals(new double[] {3, 4}, p.grad().toDoubleArray(), 0);
    }

    @Test
    void theTrainingLoopBackwardThenUpdateThenForwardIsLegal() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {3, 4}, 2);
        for (int step = 0; step < 3; step++) {
            product(w, x).backward(Tensor.ones(DType.FLOAT64, 2));
            w.copyFrom(Tensor.of(new double[] {w.get(0) - 0.1 * w.grad().get(0), w.get(1) - 0.1 * w.grad().get(1)}, 2));
            w.setGrad(null);
        }
        assertEquals(3, w.version());
        assertEquals(1 - 3 * 0.3, w.get(0), 1e-12);
    }

    @Test
    void anUpdateBetweenTwoBackwardsOfARetainedGraphIsCaught() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = product(w, w);
        y.backward(Tensor.ones(DType.FLOAT64, 2), true);
        w.set(0, 0);
        assertThrows(IllegalStateException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 2)));
    }

    @Test
    void theEnginesInPlaceAccumulationDoesNotTripTheCheck() {
        int n = GradBuffers.MIN_ELEMENTS * 2;
        Tensor x = Tensor.rand(3, DType.FLOAT64, n).requiresGrad(true);
        Tensor a = product(x, x);
        Tensor b = product(a, x);       // x used three times: its gradients are summed in place
        Tensor c = product(b, a);
        c.backward(Tensor.ones(DType.FLOAT64, n), true);
        c.backward(Tensor.ones(DType.FLOAT64, n));
        double[] xs = x.toDoubleArray();
        double[] g = x.grad().toDoubleArray();
        for (int i = 0; i < n; i++) {
            double expected = 2 * 5 * Math.pow(xs[i], 4);   // c = x^5
            assertEquals(expected, g[i], 1e-9 * Math.max(1, expected));
        }
    }
}
