package example.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Anomaly;
import dev.tapegrad.autograd.AnomalyException;
import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Anomaly detection seen from user code (a package outside dev.tapegrad, so the call site is this file):
 * NaN in forward, NaN/inf in backward, infinity allowed in forward, off by default, scopes restore.
 */
class AnomalyTest {

    /** y = sqrt(x) elementwise, raw loops (NaN below 0); saves y; vjp g / (2y) by {@link HalfOver}. */
    static final class Root extends Op {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            double[] x = in[0].doubleData();
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = Math.sqrt(x[i]);
            }
            Tensor out = Tensor.wrapLike(in[0], y);
            ctx.save(out);
            return out;
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {new HalfOver().apply(g, ctx.saved()[0])};
        }
    }

    /** z = g / (2y) elementwise; not differentiated in these tests. */
    static final class HalfOver extends Op {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            double[] g = in[0].doubleData();
            double[] y = in[1].doubleData();
            double[] z = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                z[i] = g[i] / (2 * y[i]);
            }
            return Tensor.wrapLike(in[0], z);
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            throw new UnsupportedOperationException("HalfOver: second derivative not needed in this test");
        }
    }

    private static int nextLine() {
        return StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow().getLineNumber() + 1;
    }

    @Test
    void aNaNInForwardNamesTheOpThePhaseTheShapesAndTheLine() {
        Tensor x = Tensor.of(new double[] {4, -1, 9}, 3).requiresGrad(true);
        try (var s = Anomaly.detect()) {
            int line = nextLine();
            AnomalyException e = assertThrows(AnomalyException.class, () -> new Root().apply(x));
            assertEquals("Root", e.opName());
            assertEquals("forward", e.phase());
            assertEquals("AnomalyTest.java:" + line, e.callSite());
            String m = e.getMessage();
            assertTrue(m.contains("Root produced NaN in forward: element 1 of its output [3]"), m);
            assertTrue(m.contains("input shapes [3]"), m);
            assertTrue(m.contains("AnomalyTest.java:" + line), m);
        }
    }

    @Test
    void anInfinityInBackwardNamesTheLineWhereTheOpWasApplied() {
        Tensor x = Tensor.of(new double[] {4, 0}, 2).requiresGrad(true);
        try (var s = Anomaly.detect()) {
            int line = nextLine();
            Tensor y = new Root().apply(x);
            AnomalyException e = assertThrows(AnomalyException.class,
                    () -> y.backward(Tensor.ones(DType.FLOAT64, 2)));
            assertEquals("Root", e.opName());
            assertEquals("backward", e.phase());
            assertEquals("AnomalyTest.java:" + line, e.callSite());
            assertTrue(e.getMessage().contains("returned Infinity in backward: element 1 of the gradient for input 0"),
                    e.getMessage());
        }
    }

    @Test
    void anInfinityInForwardIsNotAnAnomaly() {
        Tensor x = Tensor.of(new double[] {1, Double.NEGATIVE_INFINITY}, 2).requiresGrad(true);
        try (var s = Anomaly.detect()) {
            Tensor y = new HalfOver().apply(x, Tensor.of(new double[] {0, 1}, 2));   // +inf and -inf
            assertEquals(Double.POSITIVE_INFINITY, y.get(0));
        }
    }

    @Test
    void offByDefaultAndScopesRestoreTheOuterMode() {
        assertFalse(Anomaly.isEnabled());
        Tensor x = Tensor.of(new double[] {-1}, 1).requiresGrad(true);
        assertTrue(Double.isNaN(new Root().apply(x).get(0)));
        try (var outer = Anomaly.detect()) {
            try (var inner = Anomaly.detect()) {
                assertTrue(Anomaly.isEnabled());
            }
            assertTrue(Anomaly.isEnabled());
        }
        assertFalse(Anomaly.isEnabled());
        Anomaly.setEnabled(true);
        try {
            assertThrows(AnomalyException.class, () -> new Root().apply(x));
        } finally {
            Anomaly.setEnabled(false);
        }
        assertFalse(Anomaly.isEnabled());
    }

    @Test
    void aBackwardWithoutAnomaliesRunsAsUsual() {
        Tensor x = Tensor.of(new double[] {4, 9}, 2).requiresGrad(true);
        try (var s = Anomaly.detect()) {
            new Root().apply(x).backward(Tensor.ones(DType.FLOAT64, 2));
        }
        assertEquals(0.25, x.grad().get(0), 1e-15);
        assertEquals(1.0 / 6, x.grad().get(1), 1e-15);
    }

    @Test
    void underDetectionTheMemoryReportGroupsByCallSite() {
        Tensor x = Tensor.of(new double[] {4, 9}, 2).requiresGrad(true);
        Tensor y;
        try (var s = Anomaly.detect()) {
            int line = nextLine();
            y = new Root().apply(new Root().apply(x));
            String r = dev.tapegrad.autograd.Autograd.memoryReport(y);
            assertTrue(r.contains("Root  AnomalyTest.underDetectionTheMemoryReportGroupsByCallSite at AnomalyTest.java:"
                    + line), r);
            assertTrue(dev.tapegrad.autograd.Autograd.toDot(y).contains("AnomalyTest.java:" + line), r);
        }
    }
}
