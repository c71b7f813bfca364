package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every bad argument of conv2d, convTranspose2d, maxPool2d and avgPool2d: the op, the shapes, the reason. */
class ConvErrorsTest {
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private static String fails(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" lacks \"" + part + "\"");
        }
        return e.getMessage();
    }

    private static Tensor t(int... shape) {
        return Tensor.zeros(DType.FLOAT32, shape);
    }

    @Test
    void conv2dOutputSizeShowsTheFormulaWithNumbers() {
        String m = fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(1, 1, 7, 7)), "[1, 1, 5, 5]", "[1, 1, 7, 7]");
        assertTrue(m.startsWith("conv2d: output height (H + 2p - d(k-1) - 1)/s + 1 = (5 + 0 - 1*(7-1) - 1)/1 + 1 = -1 < 1"), m);
        m = fails(() -> Ops.conv2d(t(1, 1, 9, 4), t(1, 1, 3, 3), null, new int[] {1, 2}, new int[] {0, 0}, new int[] {1, 3}, 1));
        assertTrue(m.startsWith("conv2d: output width (W + 2p - d(k-1) - 1)/s + 1 = (4 + 0 - 3*(3-1) - 1)/2 + 1 = -1 < 1"), m);
    }

    @Test
    void conv2dShapes() {
        fails(() -> Ops.conv2d(t(1, 5, 5), t(1, 1, 3, 3)), "conv2d", "input", "rank 4", "[1, 5, 5]");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(1, 3, 3)), "conv2d", "weight", "rank 4", "[1, 3, 3]");
        fails(() -> Ops.conv2d(t(1, 3, 5, 5), t(4, 2, 3, 3)), "conv2d", "2 × 1 groups = 2 input channels",
                "input has 3", "[1, 3, 5, 5]", "[4, 2, 3, 3]");
        fails(() -> Ops.conv2d(t(1, 4, 5, 5), t(4, 2, 3, 3), null, 1, 0, 1, 3), "conv2d", "groups 3 must divide",
                "[1, 4, 5, 5]");
        fails(() -> Ops.conv2d(t(1, 4, 5, 5), t(3, 2, 3, 3), null, 1, 0, 1, 2), "conv2d", "groups 2 must divide",
                "output channels 3");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(2, 1, 3, 3), t(3)), "conv2d", "bias must have shape [2]", "[3]",
                "[2, 1, 3, 3]");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(2, 1, 3, 3), t(2, 1)), "conv2d", "bias", "[2, 1]");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), Tensor.zeros(DType.FLOAT64, 2, 1, 3, 3)), "conv2d", "FLOAT32[1, 1, 5, 5]",
                "FLOAT64[2, 1, 3, 3]", "different dtypes");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(2, 1, 3, 3), Tensor.zeros(DType.FLOAT64, 2)), "conv2d", "bias",
                "FLOAT64[2]", "different dtypes");
    }

    @Test
    void conv2dArguments() {
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(1, 1, 3, 3), null, 0, 0, 1, 1), "conv2d", "stride must be positive", "[0, 0]");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(1, 1, 3, 3), null, new int[] {1, -1}, ZERO, ONE, 1), "conv2d",
                "stride must be positive", "[1, -1]");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(1, 1, 3, 3), null, 1, 0, 0, 1), "conv2d", "dilation must be positive");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(1, 1, 3, 3), null, 1, -1, 1, 1), "conv2d", "padding must be non-negative");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(1, 1, 3, 3), null, 1, 0, 1, 0), "conv2d", "groups must be positive");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(1, 1, 3, 3), null, new int[] {1}, ZERO, ONE, 1), "conv2d", "stride",
                "{height, width} pair");
        fails(() -> Ops.conv2d(t(1, 1, 5, 5), t(1, 1, 0, 3)), "conv2d", "positive kernel size", "[1, 1, 0, 3]");
    }

    @Test
    void convTranspose2d() {
        fails(() -> Ops.convTranspose2d(t(1, 3, 4, 4), t(2, 1, 3, 3), null), "convTranspose2d", "weight has 2 input channels",
                "input has 3", "[1, 3, 4, 4]", "[2, 1, 3, 3]");
        fails(() -> Ops.convTranspose2d(t(1, 3, 4, 4), t(3, 1, 3, 3), null, 1, 0, 0, 1, 2), "convTranspose2d",
                "groups 2 must divide the input channels 3");
        fails(() -> Ops.convTranspose2d(t(1, 2, 4, 4), t(2, 3, 3, 3), t(2)), "convTranspose2d", "bias must have shape [3]");
        fails(() -> Ops.convTranspose2d(t(1, 2, 4, 4), t(2, 3, 3, 3), null, 2, 0, 2, 1, 1), "convTranspose2d",
                "outputPadding [2, 2] must be smaller than the stride [2, 2] or the dilation [1, 1]");
        String m = fails(() -> Ops.convTranspose2d(t(1, 1, 1, 1), t(1, 1, 1, 1), null, 1, 1), "convTranspose2d");
        assertTrue(m.startsWith("convTranspose2d: output height (H - 1)s - 2p + d(k-1) + outputPadding + 1 = "
                + "(1 - 1)*1 - 2 + 1*(1-1) + 0 + 1 = -1 < 1"), m);
        fails(() -> Ops.convTranspose2d(t(2, 4), t(1, 1, 1, 1), null), "convTranspose2d", "rank 4", "[2, 4]");
        fails(() -> Ops.convTranspose2d(t(1, 1, 2, 2), Tensor.zeros(DType.FLOAT64, 1, 1, 1, 1), null), "convTranspose2d",
                "different dtypes");
    }

    @Test
    void pooling() {
        fails(() -> Ops.maxPool2d(t(1, 4, 4), 2), "maxPool2d", "rank 4", "[1, 4, 4]");
        fails(() -> Ops.avgPool2d(t(4, 4), 2), "avgPool2d", "rank 4", "[4, 4]");
        fails(() -> Ops.maxPool2d(t(1, 1, 4, 4), 0), "maxPool2d", "kernel must be positive");
        fails(() -> Ops.avgPool2d(t(1, 1, 4, 4), new int[] {2, -2}, null, new int[] {0, 0}, false, true), "avgPool2d", "kernel must be positive");
        fails(() -> Ops.maxPool2d(t(1, 1, 4, 4), 2, 0, 0), "maxPool2d", "stride must be positive");
        fails(() -> Ops.avgPool2d(t(1, 1, 4, 4), 2, 0, 0), "avgPool2d", "stride must be positive");
        fails(() -> Ops.maxPool2d(t(1, 1, 4, 4), 2, 2, 0, 0, false), "maxPool2d", "dilation must be positive");
        fails(() -> Ops.maxPool2d(t(1, 1, 4, 4), 3, 1, 2), "maxPool2d", "padding height 2 must be at most half the kernel 3",
                "[1, 1, 4, 4]");
        fails(() -> Ops.avgPool2d(t(1, 1, 4, 4), new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 2}, false, true),
                "avgPool2d", "padding width 2 must be at most half the kernel 2");
        String m = fails(() -> Ops.maxPool2d(t(1, 1, 3, 8), 4), "maxPool2d", "[1, 1, 3, 8]");
        assertEquals("maxPool2d: output height floor((H + 2p - d(k-1) - 1)/s) + 1 = floor((3 + 0 - 1*(4-1) - 1)/4) + 1 = 0 < 1"
                + " for input [1, 1, 3, 8] (kernel 4x4, stride 4x4, padding 0x0)", m);
        m = fails(() -> Ops.avgPool2d(t(1, 1, 8, 2), 3, 1, 0, true, true), "avgPool2d");
        assertTrue(m.startsWith("avgPool2d: output width ceil((W + 2p - d(k-1) - 1)/s) + 1 = ceil((2 + 0 - 1*(3-1) - 1)/1) + 1 = 0 < 1"), m);
    }
}
