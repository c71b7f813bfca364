package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * Which weight gradients compute over phase planes ({@link ConvMethod#planesWeightGradient}): up to 32 output
 * channels, but at stride above 1 with a kernel larger than 1×1 only up to
 * {@link ConvMethod#PLANES_STRIDED_MAX_IN_CHANNELS} input channels; never without the Vector API.
 */
class ConvMethodPlanesTest {

    private static ConvGeometry geometry(int n, int cin, int h, int cout, int k, int s, int p) {
        int o = (h + 2 * p - k) / s + 1;
        return new ConvGeometry(n, cin, h, h, cout, o, o, k, k, s, s, p, p, 1, 1, 1);
    }

    private static void assertPlanes(boolean expected, ConvGeometry g) {
        assertEquals(expected && Kernels.simd(), ConvMethod.planesWeightGradient(g), g.toString());
    }

    @Test
    void smallResNetAndLeNetLayers() {
        assertPlanes(true, geometry(64, 1, 28, 16, 3, 1, 1));
        assertPlanes(true, geometry(64, 16, 28, 16, 3, 1, 1));
        assertPlanes(true, geometry(64, 32, 14, 32, 3, 1, 1));
        assertPlanes(true, geometry(64, 16, 28, 32, 1, 2, 0));
        assertPlanes(false, geometry(64, 16, 28, 32, 3, 2, 1));
        assertPlanes(false, geometry(64, 32, 14, 64, 3, 2, 1));
        assertPlanes(false, geometry(64, 64, 7, 64, 3, 1, 1));
        assertPlanes(false, geometry(64, 32, 14, 64, 1, 2, 0));
        assertPlanes(true, geometry(64, 1, 28, 6, 5, 1, 2));
        assertPlanes(true, geometry(64, 6, 14, 16, 5, 1, 0));
    }

    @Test
    void stridedLayersByInputChannels() {
        assertPlanes(true, geometry(8, 3, 56, 16, 3, 2, 1));
        assertPlanes(true, geometry(16, 3, 64, 32, 7, 2, 3));
        assertPlanes(true, geometry(8, ConvMethod.PLANES_STRIDED_MAX_IN_CHANNELS, 16, 32, 3, 2, 1));
        assertPlanes(false, geometry(8, ConvMethod.PLANES_STRIDED_MAX_IN_CHANNELS + 1, 16, 32, 3, 2, 1));
        assertPlanes(false, geometry(32, 32, 28, 32, 3, 2, 1));
        // the strided choice changes only where the weight gradient goes, not the method GEMM
        assertEquals(ConvMethod.GEMM, ConvMethod.chooseWeightGradient(geometry(64, 16, 28, 32, 3, 2, 1)));
        assertFalse(ConvMethod.planesWeightGradient(new ConvGeometry(8, 16, 16, 16, 16, 16, 16, 3, 3, 1, 1, 1, 1, 1,
                1, 16)));
    }
}
