package dev.tapegrad.nn;

import static dev.tapegrad.nn.Checks.close;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.layers.AdaptiveAvgPool2d;
import dev.tapegrad.nn.layers.AvgPool2d;
import dev.tapegrad.nn.layers.BatchNorm2d;
import dev.tapegrad.nn.layers.Conv2d;
import dev.tapegrad.nn.layers.ConvTranspose2d;
import dev.tapegrad.nn.layers.Flatten;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.MaxPool2d;
import dev.tapegrad.nn.layers.ReLU;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvLayersTest {
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};
    private static final Tensor X3 = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);

    private static Conv2d conv(int[] stride, int[] padding) {
        Conv2d c = new Conv2d(1, 1, new int[] {2, 2}, stride, padding, ONE, 1, true, new SplittableRandom(1));
        c.to(DType.FLOAT64);
        c.weight().tensor().copyFrom(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2));
        c.bias().tensor().copyFrom(Tensor.of(new double[] {0.5}, 1));
        return c;
    }

    @Test
    void conv2dByHand() {
        // out[0,0] = 1·1 + 2·2 + 4·3 + 5·4 = 37, then 47, 67, 77; plus bias 0.5
        close(new double[] {37.5, 47.5, 67.5, 77.5}, conv(ONE, ZERO).forward(X3), 1e-12);
        // stride 2, padding 1: corners see 1·4 = 4, 2·3 + 3·4 = 18, 4·2 + 7·4 = 36, 5 + 12 + 24 + 36 = 77
        close(new double[] {4.5, 18.5, 36.5, 77.5}, conv(new int[] {2, 2}, ONE).forward(X3), 1e-12);
        Tensor unbatched = conv(ONE, ZERO).forward(Tensor.of(X3.toDoubleArray(), 1, 3, 3));
        assertArrayEquals(new int[] {1, 2, 2}, unbatched.shape());
    }

    @Test
    void convTranspose2dByHand() {
        ConvTranspose2d t = new ConvTranspose2d(1, 1, new int[] {2, 2}, ONE, ZERO, ZERO, ONE, 1, false, new SplittableRandom(1));
        t.to(DType.FLOAT64);
        t.weight().tensor().copyFrom(Tensor.of(new double[] {1, 1, 1, 1}, 1, 1, 2, 2));
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        close(new double[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, t.forward(x), 1e-12);
        ConvTranspose2d s2 = new ConvTranspose2d(1, 2, new int[] {2, 2}, new int[] {2, 2}, ZERO, ZERO, ONE, 1, true,
                new SplittableRandom(1));
        assertArrayEquals(new int[] {1, 2, 4, 4}, s2.forward(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2)).shape());
        assertArrayEquals(new int[] {1, 2, 2, 2}, s2.weight().shape());
    }

    @Test
    void poolingByHand() {
        Tensor x = Tensor.arange(0, 16, 1, DType.FLOAT64);
        Tensor x4 = dev.tapegrad.ops.Ops.reshape(x, 1, 1, 4, 4);
        close(new double[] {5, 7, 13, 15}, new MaxPool2d(2).forward(x4), 0);
        close(new double[] {2.5, 4.5, 10.5, 12.5}, new AvgPool2d(2).forward(x4), 1e-15);
        close(new double[] {10, 11, 14, 15}, new MaxPool2d(3, 1).forward(x4), 0);
        close(new double[] {7.5}, new AdaptiveAvgPool2d(1).forward(x4), 1e-15);
    }

    @Test
    void gradients() {
        SplittableRandom rng = new SplittableRandom(4);
        Tensor x = Tensor.randn(5, DType.FLOAT64, 2, 4, 5, 5);
        Checks.moduleGradcheck(new Conv2d(4, 2, new int[] {3, 2}, new int[] {2, 1}, ONE, new int[] {1, 2}, 2, true, rng), x);
        Checks.moduleGradcheck(new ConvTranspose2d(4, 2, new int[] {2, 3}, new int[] {2, 1}, ONE, new int[] {1, 0}, ONE, 2,
                true, rng), Tensor.randn(6, DType.FLOAT64, 1, 4, 3, 3));
        Checks.moduleGradcheck(new MaxPool2d(new int[] {2, 2}, new int[] {2, 1}, ONE, ONE, true), x);
        Checks.moduleGradcheck(new AvgPool2d(new int[] {3, 2}, new int[] {2, 2}, ONE, true, false), x);
    }

    @Test
    void defaultInitMatchesPyTorchBounds() {
        Conv2d c = new Conv2d(3, 6, 5);
        double bound = 1 / Math.sqrt(75);
        for (double v : c.weight().tensor().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        for (double v : c.bias().tensor().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        ConvTranspose2d t = new ConvTranspose2d(6, 4, 3, 1, 0);
        double tb = 1 / Math.sqrt(4 * 9);
        for (double v : t.weight().tensor().toDoubleArray()) {
            assertTrue(Math.abs(v) <= tb);
        }
    }

    @Test
    void wrongShapesNameTheLayer() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(3, 6, 5).forward(Tensor.zeros(DType.FLOAT32, 64, 1, 28, 28)));
        assertEquals("Conv2d(3 -> 6, kernel 5x5): expected input [N, 3, H, W], got [64, 1, 28, 28]", e.getMessage());
        // LeNet with a wrong flattened size: 16·4·4 = 256 reaches a Linear expecting 16·5·5 = 400
        Sequential lenet = new Sequential(new Conv2d(1, 6, 5), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5),
                new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(400, 120));
        e = assertThrows(IllegalArgumentException.class, () -> lenet.forward(Tensor.zeros(DType.FLOAT32, 64, 1, 28, 28)));
        assertEquals("Linear(400 -> 120): expected input with last dim 400, got [64, 256]", e.getMessage());
        assertArrayEquals(new int[] {2, 120}, lenet.forward(Tensor.zeros(DType.FLOAT32, 2, 1, 32, 32)).shape());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 6, new int[] {3, 3}, ONE, ZERO, ONE, 2, true,
                new SplittableRandom(1)));
        assertTrue(new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(4)).forward(Tensor.zeros(DType.FLOAT32, 2, 1, 5, 5))
                .rank() == 4);
    }

    /** 8x8 images of one noisy bar: label 0 horizontal, 1 vertical, 2 diagonal. */
    private static dev.tapegrad.nn.data.TensorDataset bars(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            int at = rng.nextInt(8);
            for (int r = 0; r < 8; r++) {
                for (int col = 0; col < 8; col++) {
                    boolean on = c == 0 ? r == at : c == 1 ? col == at : r == col;
                    x[i * 64 + r * 8 + col] = (float) ((on ? 1 : 0) + 0.2 * rng.nextGaussian());
                }
            }
            y[i] = c;
        }
        return new dev.tapegrad.nn.data.TensorDataset(x, y, 1, 8, 8);
    }

    @Test
    void smallCnnLearnsBarOrientation() {
        SplittableRandom rng = new SplittableRandom(9);
        Sequential net = new Sequential(
                new Conv2d(1, 4, new int[] {3, 3}, ONE, ONE, ONE, 1, true, rng), new BatchNorm2d(4), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(64, 3, true, rng));
        var opt = new dev.tapegrad.nn.optim.Adam(net.namedParameters(), 0.02);
        var train = new dev.tapegrad.nn.data.DataLoader(bars(480, 1), 32, true, 2, false);
        long step = 0;
        for (int epoch = 0; epoch < 4; epoch++) {
            for (var b : train) {
                Tensor loss = dev.tapegrad.nn.loss.Losses.crossEntropy(net.forward(b.features()), b.labels());
                Training.checkFinite(loss, step++);
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
        }
        net.eval();
        var test = bars(300, 3);
        int correct = 0;
        for (var b : new dev.tapegrad.nn.data.DataLoader(test, 100, false, 0, false)) {
            correct += Training.correct(net.forward(b.features()), b.labels());
        }
        assertTrue(correct / 300.0 >= 0.95, "accuracy " + correct / 300.0 + " below 0.95");
    }
}
