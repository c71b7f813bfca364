package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.init.Init.FanMode;
import dev.tapegrad.nn.init.Init.Nonlinearity;
import dev.tapegrad.nn.layers.Linear;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitTest {
    private static double[] stats(Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = 0;
        double max = 0;
        for (double x : v) {
            mean += x / v.length;
            max = Math.max(max, Math.abs(x));
        }
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean) / v.length;
        }
        return new double[] {mean, Math.sqrt(var), max};
    }

    @Test
    void fansFollowPyTorch() {
        assertArrayEquals(new int[] {3 * 25, 6 * 25}, Init.fans(new int[] {6, 3, 5, 5}));
        assertArrayEquals(new int[] {400, 120}, Init.fans(new int[] {120, 400}));
        assertThrows(IllegalArgumentException.class, () -> Init.fans(new int[] {5}));
        assertEquals(Math.sqrt(2), Init.gain(Nonlinearity.RELU, 0), 0);
        assertEquals(5.0 / 3, Init.gain(Nonlinearity.TANH, 0), 0);
        assertEquals(Math.sqrt(2 / (1 + 5.0)), Init.gain(Nonlinearity.LEAKY_RELU, Math.sqrt(5)), 1e-15);
    }

    @Test
    void kaimingUniformAndNormal() {
        // [200, 50, 3, 3]: fan_in 450, fan_out 1800
        Tensor t = Tensor.zeros(DType.FLOAT32, 200, 50, 3, 3);
        Init.kaimingUniform(t, new SplittableRandom(1));
        double bound = Math.sqrt(2) * Math.sqrt(3.0 / 450);
        double[] s = stats(t);
        assertTrue(s[2] <= bound * (1 + 1e-6) && s[2] > 0.99 * bound, "max " + s[2] + " bound " + bound);
        assertEquals(bound / Math.sqrt(3), s[1], 0.01 * bound);
        assertEquals(0, s[0], 0.01 * bound);

        Init.kaimingNormal(t, 0, FanMode.FAN_OUT, Nonlinearity.RELU, new SplittableRandom(2));
        assertEquals(Math.sqrt(2.0 / 1800), stats(t)[1], 0.01 * Math.sqrt(2.0 / 1800));
    }

    @Test
    void xavierUniformAndNormal() {
        Tensor t = Tensor.zeros(DType.FLOAT64, 300, 500);
        double std = 2.0 * Math.sqrt(2.0 / 800);
        Init.xavierUniform(t, 2.0, new SplittableRandom(3));
        double[] s = stats(t);
        assertTrue(s[2] <= Math.sqrt(3) * std && s[2] > 0.99 * Math.sqrt(3) * std);
        assertEquals(std, s[1], 0.01 * std);
        Init.xavierNormal(t, 1.0, new SplittableRandom(4));
        assertEquals(Math.sqrt(2.0 / 800), stats(t)[1], 0.01 * Math.sqrt(2.0 / 800));
    }

    @Test
    void seededAndGlobalDeterminism() {
        Tensor a = Init.kaimingUniform(Tensor.zeros(DType.FLOAT32, 4, 4), new SplittableRandom(7));
        Tensor b = Init.kaimingUniform(Tensor.zeros(DType.FLOAT32, 4, 4), new SplittableRandom(7));
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
        Init.manualSeed(11);
        double[] first = new Linear(5, 3).weight().tensor().toDoubleArray();
        Init.manualSeed(11);
        double[] again = new Linear(5, 3).weight().tensor().toDoubleArray();
        assertArrayEquals(first, again);
        assertTrue(!java.util.Arrays.equals(first, new Linear(5, 3).weight().tensor().toDoubleArray()));
    }
}
