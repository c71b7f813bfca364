package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.ops.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * Says which kernels this JVM uses, as {@link Kernels#describe()} logs once. Run in both of the ops module's
 * surefire executions: with jdk.incubator.vector (SIMD) and without it (scalar), where the other ops tests
 * included in the second execution check the scalar kernels' values and gradients.
 */
class ScalarKernelsTest {
    @Test
    void kernelsFollowTheVectorModulesPresence() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(present, Kernels.simd());
        assertTrue(Kernels.describe().startsWith(present ? "Tapegrad kernels: SIMD" : "Tapegrad kernels: scalar"),
                Kernels.describe());
    }
}
