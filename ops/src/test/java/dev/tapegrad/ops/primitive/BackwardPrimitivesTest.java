package dev.tapegrad.ops.primitive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The backward primitives checked as functions in their own right: gradcheck and gradgradcheck of
 * geluBackward, layerNormBackward and layerNormParamGrad, so their vjps (used from the second derivative
 * of the forward ops on) are verified one order deeper than the forward ops' checks reach.
 */
class BackwardPrimitivesTest {

    private static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result first = GradCheck.gradcheck(f, inputs);
        assertTrue(first.passed(), first.report());
        GradCheck.Result second = GradCheck.gradgradcheck(f, inputs);
        assertTrue(second.passed(), second.report());
    }

    @Property(tries = 15)
    void geluBackward(@ForAll @IntRange(min = 1, max = 5) int n, @ForAll long seed) {
        Tensor g = Tensor.randn(seed, DType.FLOAT64, n);
        Tensor x = Tensor.randn(seed + 1, DType.FLOAT64, n);
        check(t -> GeluBackward.INSTANCE.apply(t[0], t[1]), g, x);
    }

    @Property(tries = 15)
    void layerNormBackward(@ForAll @IntRange(min = 1, max = 3) int rows, @ForAll @IntRange(min = 2, max = 4) int n,
                           @ForAll boolean withWeight, @ForAll long seed) {
        int[] shape = {n};
        Tensor g = Tensor.randn(seed, DType.FLOAT64, rows, n);
        Tensor x = Tensor.randn(seed + 1, DType.FLOAT64, rows, n);
        Tensor w = Tensor.randn(seed + 2, DType.FLOAT64, n);
        if (withWeight) {
            check(t -> new LayerNormBackward(shape, 1e-5).apply(t[0], t[1], t[2]), g, x, w);
        } else {
            check(t -> new LayerNormBackward(shape, 1e-5).apply(t[0], t[1], null), g, x);
        }
    }

    @Property(tries = 15)
    void layerNormParamGrad(@ForAll @IntRange(min = 1, max = 3) int rows, @ForAll @IntRange(min = 2, max = 4) int n,
                            @ForAll long seed) {
        int[] shape = {n};
        Tensor g = Tensor.randn(seed, DType.FLOAT64, rows, n);
        Tensor x = Tensor.randn(seed + 1, DType.FLOAT64, rows, n);
        check(t -> new LayerNormParamGrad(shape, 1e-5).apply(t[0], t[1]), g, x);
    }
}
