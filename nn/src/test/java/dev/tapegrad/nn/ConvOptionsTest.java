package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.layers.Conv2d;
import dev.tapegrad.nn.layers.ConvTranspose2d;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Conv2d.Options and ConvTranspose2d.Options: PyTorch's defaults, withers, and the same layer as the long form. */
class ConvOptionsTest {

    @Test
    void defaultsArePyTorchs() {
        assertEquals(new Conv2d.Options(1, 0, 1, 1, true, null), Conv2d.Options.defaults());
        assertEquals(new ConvTranspose2d.Options(1, 0, 0, 1, 1, true, null), ConvTranspose2d.Options.defaults());
        Conv2d.Options o = Conv2d.Options.defaults().withStride(2).withPadding(1).withDilation(3).withGroups(4)
                .withBias(false);
        assertEquals(new Conv2d.Options(2, 1, 3, 4, false, null), o);
        ConvTranspose2d.Options t = ConvTranspose2d.Options.defaults().withStride(2).withPadding(1)
                .withOutputPadding(1).withDilation(2).withGroups(2).withBias(false);
        assertEquals(new ConvTranspose2d.Options(2, 1, 1, 2, 2, false, null), t);
    }

    @Test
    void droppingTheBiasTakesOneOption() {
        Init.manualSeed(0);
        Conv2d c = new Conv2d(3, 8, 3, Conv2d.Options.defaults().withPadding(1).withBias(false));
        assertNull(c.bias());
        assertEquals(List.of("weight"), List.copyOf(c.namedParameters().keySet()));
        assertTrue(c.toString().contains("no bias"), c.toString());
        assertArrayEquals(new int[] {2, 8, 5, 5}, c.forward(Tensor.zeros(DType.FLOAT32, 2, 3, 5, 5)).shape());
        ConvTranspose2d t = new ConvTranspose2d(8, 3, 3, ConvTranspose2d.Options.defaults().withBias(false));
        assertNull(t.bias());
    }

    @Test
    void optionsBuildTheSameLayerAsTheFullConstructorFromInitsSeed() {
        Tensor x = Tensor.randn(3, DType.FLOAT32, 2, 4, 9, 9);
        Init.manualSeed(42);
        Conv2d shortForm = new Conv2d(4, 6, 3,
                Conv2d.Options.defaults().withStride(2).withPadding(1).withDilation(2).withGroups(2));
        Init.manualSeed(42);
        Conv2d longForm = new Conv2d(4, 6, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {2, 2}, 2,
                true, Init.generator());
        assertArrayEquals(longForm.weight().tensor().toDoubleArray(), shortForm.weight().tensor().toDoubleArray());
        assertArrayEquals(longForm.bias().tensor().toDoubleArray(), shortForm.bias().tensor().toDoubleArray());
        assertArrayEquals(longForm.forward(x).toDoubleArray(), shortForm.forward(x).toDoubleArray());

        Tensor y = Tensor.randn(4, DType.FLOAT32, 1, 4, 5, 5);
        ConvTranspose2d a = new ConvTranspose2d(4, 2, 3, ConvTranspose2d.Options.defaults().withStride(2)
                .withPadding(1).withOutputPadding(1).withGenerator(new SplittableRandom(9)));
        ConvTranspose2d b = new ConvTranspose2d(4, 2, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, 1, true, new SplittableRandom(9));
        // (5 - 1)·2 - 2·1 + (3 - 1) + 1 + 1 = 10
        assertArrayEquals(new int[] {1, 2, 10, 10}, a.forward(y).shape());
        assertArrayEquals(b.forward(y).toDoubleArray(), a.forward(y).toDoubleArray());
    }

    @Test
    void theDefaultGeneratorIsTakenWhenTheLayerIsBuilt() {
        Conv2d.Options shared = Conv2d.Options.defaults();
        Init.manualSeed(7);
        Conv2d first = new Conv2d(2, 2, 3, shared);
        Conv2d second = new Conv2d(2, 2, 3, shared);
        Init.manualSeed(7);
        Conv2d again = new Conv2d(2, 2, 3, shared);
        assertArrayEquals(first.weight().tensor().toDoubleArray(), again.weight().tensor().toDoubleArray());
        assertTrue(!java.util.Arrays.equals(first.weight().tensor().toDoubleArray(),
                second.weight().tensor().toDoubleArray()), "two layers drew the same weights");
    }

    @Test
    void badOptionsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Conv2d.Options.defaults().withStride(0));
        assertTrue(e.getMessage().contains("Conv2d.Options") && e.getMessage().contains("stride 0"), e.getMessage());
        var t = assertThrows(IllegalArgumentException.class,
                () -> ConvTranspose2d.Options.defaults().withOutputPadding(-1));
        assertTrue(t.getMessage().contains("ConvTranspose2d.Options") && t.getMessage().contains("output padding -1"),
                t.getMessage());
        var g = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(3, 6, 3, Conv2d.Options.defaults().withGroups(2)));
        assertTrue(g.getMessage().contains("divisible by groups = 2"), g.getMessage());
    }
}
