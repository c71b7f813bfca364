package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** When the engine keeps a vjp's output as a leaf's gradient without a copy, and when it must not. */
class EngineOwnershipTest {

    /** y = k·x elementwise (FLOAT64, raw loops); vjp: k·g by the same op. Remembers its last output. */
    private static final class Scale extends Op {
        final double k;
        Tensor lastOutput;

        Scale(double k) {
            this.k = k;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            double[] x = in[0].doubleData();
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = k * x[i];
            }
            lastOutput = Tensor.wrapLike(in[0], y);
            return lastOutput;
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {apply(g)};
        }
    }

    /** y = x, returned as a view over x's own storage; vjp: g itself. */
    private static final class Identity extends Op {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return in[0].asStrided(in[0].shape(), in[0].strides(), in[0].storageOffset());
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            return new Tensor[] {new Identity().apply(g)};
        }
    }

    @Test
    void aFreshVjpOutputBecomesTheLeafGradientWithoutACopy() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Scale scale = new Scale(3);
        Tensor y = scale.apply(x);
        y.backward(Tensor.of(new double[] {1, 1}, 2));
        Tensor made = scale.lastOutput;   // the vjp's output (the last apply of this op)
        assertSame(made.doubleStorage(), x.grad().doubleStorage());
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aViewOfTheIncomingGradientIsCopied() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor seed = Tensor.of(new double[] {4, 5}, 2);
        new Identity().apply(x).backward(seed);
        assertNotSame(seed.doubleStorage(), x.grad().doubleStorage());
        seed.set(0, 0);
        assertArrayEquals(new double[] {4, 5}, x.grad().toDoubleArray(), 0);
    }

    /** Its vjp makes g·1 and returns the one it made in the previous backward (kept in a list). */
    private static final class ReturnsAnOldGradient extends Op {
        final java.util.List<Tensor> made = new java.util.ArrayList<>();

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return in[0].copy();
        }

        @Override
        protected Tensor[] vjp(Context ctx, Tensor g) {
            made.add(new Scale(1).apply(g));
            return new Tensor[] {made.get(Math.max(0, made.size() - 2))};
        }
    }

    @Test
    void aTensorMadeInAnEarlierBackwardIsNotTakenAsFresh() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        ReturnsAnOldGradient op = new ReturnsAnOldGradient();
        op.apply(x).backward(Tensor.of(new double[] {1, 1}, 2));
        x.setGrad(null);
        op.apply(x).backward(Tensor.of(new double[] {5, 5}, 2));   // returns the first pass's tensor
        x.setGrad(null);
        op.apply(x).backward(Tensor.of(new double[] {7, 7}, 2));   // returns the second's, marked then
        assertArrayEquals(new double[] {5, 5}, x.grad().toDoubleArray(), 0);
        for (Tensor t : op.made) {
            t.copyFrom(Tensor.of(new double[] {0, 0}, 2));
        }
        assertArrayEquals(new double[] {5, 5}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void underCreateGraphTheGradientIsRecordedNotOwned() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Scale scale = new Scale(3);
        Tensor y = new Scale(2).apply(scale.apply(x));
        Tensor[] g = Autograd.grad(y, new Tensor[] {x}, Tensor.of(new double[] {1, 1}, 2), false, true);
        assertArrayEquals(new double[] {6, 6}, g[0].toDoubleArray(), 0);
    }

    @Test
    void opsAppliedOutsideABackwardAreNeverMarked() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2);
        Tensor y = new Scale(2).apply(x);
        assertArrayEquals(new double[] {2, 4}, y.toDoubleArray(), 0);
        assertFalse(y.takeFreshIn(1));
    }
}
