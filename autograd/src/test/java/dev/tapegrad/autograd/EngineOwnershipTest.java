package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        int n = GradBuffers.MIN_ELEMENTS;
        Tensor x = Tensor.zeros(DType.FLOAT64, n).requiresGrad(true);
        Scale scale = new Scale(3);
        Tensor y = scale.apply(x);
        y.backward(Tensor.ones(DType.FLOAT64, n));
        Tensor made = scale.lastOutput;   // the vjp's output (the last apply of this op)
        assertSame(made.doubleStorage(), x.grad().doubleStorage());
        assertArrayEquals(Tensor.full(3, DType.FLOAT64, n).toDoubleArray(), x.grad().toDoubleArray(), 0);
    }

    @Test
    void aSmallGradientIsCopied() {
        int n = GradBuffers.MIN_ELEMENTS - 1;
        Tensor x = Tensor.zeros(DType.FLOAT64, n).requiresGrad(true);
        Scale scale = new Scale(3);
        scale.apply(x).backward(Tensor.ones(DType.FLOAT64, n));
        assertNotSame(scale.lastOutput.doubleStorage(), x.grad().doubleStorage());
    }

    @Test
    void aViewOfTheIncomingGradientIsCopied() {
        int n = GradBuffers.MIN_ELEMENTS;
        Tensor x = Tensor.zeros(DType.FLOAT64, n).requiresGrad(true);
        Tensor seed = Tensor.full(4, DType.FLOAT64, n);
        new Identity().apply(x).backward(seed);
        assertNotSame(seed.doubleStorage(), x.grad().doubleStorage());
        seed.set(0, 0);
        assertArrayEquals(Tensor.full(4, DType.FLOAT64, n).toDoubleArray(), x.grad().toDoubleArray(), 0);
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
        int n = GradBuffers.MIN_ELEMENTS;
        Tensor x = Tensor.zeros(DType.FLOAT64, n).requiresGrad(true);
        ReturnsAnOldGradient op = new ReturnsAnOldGradient();
        op.apply(x).backward(Tensor.full(1, DType.FLOAT64, n));
        x.setGrad(null);
        op.apply(x).backward(Tensor.full(5, DType.FLOAT64, n));   // returns the first pass's tensor
        x.setGrad(null);
        op.apply(x).backward(Tensor.full(7, DType.FLOAT64, n));   // returns the second's, made then
        double[] five = Tensor.full(5, DType.FLOAT64, n).toDoubleArray();
        assertArrayEquals(five, x.grad().toDoubleArray(), 0);
        for (Tensor t : op.made) {
            t.copyFrom(Tensor.zeros(DType.FLOAT64, n));
        }
        assertArrayEquals(five, x.grad().toDoubleArray(), 0);
    }

    @Test
    void underCreateGraphTheGradientIsRecordedNotOwned() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Scale scale = new Scale(3);
        Tensor y = new Scale(2).apply(scale.apply(x));
        Tensor[] g = Autograd.grad(y, new Tensor[] {x}, Tensor.of(new double[] {1, 1}, 2), false, true);
        assertArrayEquals(new double[] {6, 6}, g[0].toDoubleArray(), 0);
    }
}
