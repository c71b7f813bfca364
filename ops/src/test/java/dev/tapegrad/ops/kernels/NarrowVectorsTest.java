package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The ops module's SIMD tests run once more with {@code -XX:MaxVectorSize=16} (the surefire execution
 * {@code narrow-vectors}, which sets {@code tapegrad.test.vectorBits=128}): this checks that the kernels do get
 * 128-bit vectors there, so that the execution tests what it claims to.
 */
class NarrowVectorsTest {

    @Test
    void preferredSpeciesHasTheExpectedWidth() {
        assertTrue(Kernels.simd(), "tests run with jdk.incubator.vector");
        String expected = System.getProperty("tapegrad.test.vectorBits");
        if (expected != null) {
            int bits = Integer.parseInt(expected);
            assertEquals(bits, FloatVector.SPECIES_PREFERRED.vectorBitSize());
            assertEquals(bits / 32, FloatVector.SPECIES_PREFERRED.length());
            assertEquals(bits / 64, DoubleVector.SPECIES_PREFERRED.length());
        }
    }
}
