package dev.tapegrad.nn;

import static dev.tapegrad.nn.Checks.close;
import static dev.tapegrad.nn.Checks.gradcheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.layers.AdaptiveAvgPool2d;
import dev.tapegrad.nn.layers.Flatten;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.ReLU;
import dev.tapegrad.nn.layers.Sigmoid;
import dev.tapegrad.nn.layers.Softmax;
import dev.tapegrad.nn.layers.Tanh;
import dev.tapegrad.ops.Ops;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayersTest {
    /** A Linear in FLOAT64 with the given weight [out, in] and bias. */
    static Linear linear(double[] w, double[] b, int in, int out) {
        Linear l = new Linear(in, out, b != null, new SplittableRandom(1));
        l.to(DType.FLOAT64);
        l.weight().tensor().copyFrom(Tensor.of(w, out, in));
        if (b != null) {
            l.bias().tensor().copyFrom(Tensor.of(b, out));
        }
        return l;
    }

    @Test
    void linearComputesXWtPlusB() {
        Linear l = linear(new double[] {1, 2, 3, -1, 0, 0.5}, new double[] {0.5, -2}, 3, 2);
        Tensor x = Tensor.of(new double[] {1, 1, 1, 2, 0, -2}, 2, 3);
        // row 0: [1+2+3+0.5, -1+0+0.5-2] ; row 1: [2-6+0.5, -2-1-2]
        close(new double[] {6.5, -2.5, -3.5, -5}, l.forward(x), 1e-12);
        close(new double[] {6.5, -2.5}, l.forward(Tensor.of(new double[] {1, 1, 1}, 3)), 1e-12);
        assertArrayEquals(new int[] {2}, l.forward(Tensor.of(new double[] {1, 1, 1}, 3)).shape());
    }

    @Test
    void linearGradcheck() {
        Linear l = new Linear(4, 3, true, new SplittableRandom(2));
        Tensor w = l.weight().tensor();
        Tensor b = l.bias().tensor();
        Tensor x = Tensor.randn(3, DType.FLOAT64, 5, 4);
        gradcheck(a -> Ops.add(Ops.matmul(a[0], Ops.transpose(a[1], 0, 1)), a[2]), x, w, b);
        Checks.moduleGradcheck(l, x);
        Checks.moduleGradcheck(new Linear(3, 2, false, new SplittableRandom(5)), Tensor.randn(6, DType.FLOAT64, 2, 4, 3));
        Checks.gradgradcheck(a -> new Tanh().forward(l.forward(a[0])), Tensor.randn(7, DType.FLOAT64, 2, 4));
    }

    @Test
    void linearRejectsWrongWidthNamingTheLayer() {
        Linear l = new Linear(400, 120);
        var e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(DType.FLOAT32, 64, 256)));
        assertEquals("Linear(400 -> 120): expected input with last dim 400, got [64, 256]", e.getMessage());
        var d = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(DType.FLOAT64, 2, 400)));
        assertTrue(d.getMessage().startsWith("Linear(400 -> 120): input is FLOAT64 but the parameters are FLOAT32"),
                d.getMessage());
    }

    @Test
    void linearDefaultInitMatchesPyTorchBounds() {
        Linear l = new Linear(100, 50, true, new SplittableRandom(3));
        double bound = 1 / Math.sqrt(100);
        double max = 0;
        for (double v : l.weight().tensor().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound, "weight " + v);
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.9 * bound, "weights fill the range");
        for (double v : l.bias().tensor().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        assertEquals(DType.FLOAT32, l.weight().dtype());
        assertTrue(l.weight().tensor().requiresGrad());
    }

    @Test
    void activations() {
        Tensor x = Tensor.of(new double[] {-2, 0, 3}, 3);
        close(new double[] {0, 0, 3}, new ReLU().forward(x), 0);
        close(new double[] {Math.tanh(-2), 0, Math.tanh(3)}, new Tanh().forward(x), 1e-15);
        close(new double[] {1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-3))}, new Sigmoid().forward(x), 1e-15);
        double z = Math.exp(-2) + 1 + Math.exp(3);
        close(new double[] {Math.exp(-2) / z, 1 / z, Math.exp(3) / z}, new Softmax(0).forward(x), 1e-15);
        Tensor r = Tensor.randn(4, DType.FLOAT64, 2, 3);
        gradcheck(a -> new Tanh().forward(a[0]), r);
        gradcheck(a -> new Sigmoid().forward(a[0]), r);
        gradcheck(a -> new Softmax(-1).forward(a[0]), r);
        gradcheck(a -> new ReLU().forward(a[0]), Tensor.of(new double[] {-1, 0.5, 2, -0.3}, 4));
    }

    @Test
    void flatten() {
        Tensor x = Tensor.arange(24);
        Tensor x4 = Ops.reshape(x, 2, 3, 2, 2);
        assertArrayEquals(new int[] {2, 12}, new Flatten().forward(x4).shape());
        assertArrayEquals(new int[] {2, 6, 2}, new Flatten(1, 2).forward(x4).shape());
        assertArrayEquals(x.toDoubleArray(), new Flatten().forward(x4).toDoubleArray());
        Tensor x2 = Ops.reshape(x, 24, 1);
        assertSame(x2, new Flatten().forward(x2));
    }

    @Test
    void adaptiveAvgPoolLayer() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        // 3x3 to 2x2: windows rows/cols [0,2) and [1,3)
        close(new double[] {3, 4, 6, 7}, new AdaptiveAvgPool2d(2).forward(x), 1e-15);
        gradcheck(a -> new AdaptiveAvgPool2d(2, 1).forward(a[0]), Tensor.randn(5, DType.FLOAT64, 2, 2, 3, 5));
        var e = assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(2).forward(Tensor.arange(4)));
        assertTrue(e.getMessage().startsWith("AdaptiveAvgPool2d(2, 2): expected input"), e.getMessage());
    }

    @Test
    void sequentialNamesFollowPyTorch() {
        Sequential s = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2, false));
        assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(s.namedParameters().keySet()));
        Tensor y = s.forward(Tensor.zeros(DType.FLOAT32, 5, 3));
        assertArrayEquals(new int[] {5, 2}, y.shape());
        assertEquals(3 * 4 + 4 + 4 * 2, s.numParameters());
        assertTrue(s.toString().contains("(0): Linear(3 -> 4)"), s.toString());
    }

    @Test
    void trainEvalAndZeroGradRecurse() {
        Sequential inner = new Sequential(new Linear(2, 2));
        Sequential s = new Sequential(inner, new ReLU());
        s.eval();
        assertTrue(!inner.get(0).isTraining());
        s.train();
        assertTrue(inner.get(0).isTraining());
        Ops.sum(s.forward(Tensor.ones(DType.FLOAT32, 1, 2))).backward();
        assertTrue(s.parameters().get(0).grad() != null);
        s.zeroGrad();
        for (Parameter p : s.parameters()) {
            assertEquals(null, p.grad());
        }
    }

    @Test
    void toConvertsParametersAndKeepsCounts() {
        Sequential s = new Sequential(new Linear(2, 3), new dev.tapegrad.nn.layers.BatchNorm2d(3));
        double[] before = s.parameters().get(0).tensor().toDoubleArray();
        s.to(DType.FLOAT64);
        for (Parameter p : s.parameters()) {
            assertEquals(DType.FLOAT64, p.dtype());
            assertTrue(p.tensor().requiresGrad());
        }
        assertEquals(DType.FLOAT64, s.namedBuffers().get("1.running_mean").dtype());
        assertTrue(s.namedBuffers().get("1.num_batches_tracked").isCount());
        assertArrayEquals(before, s.parameters().get(0).tensor().toDoubleArray());
    }
}
