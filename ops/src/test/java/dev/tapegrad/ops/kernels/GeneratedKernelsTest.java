package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed FLOAT64 kernels are exactly what {@link DoubleKernels} derives from their FLOAT32 templates. */
class GeneratedKernelsTest {
    private static final Path OPS = Path.of("").toAbsolutePath();

    @Test
    void everyTwinIsCurrent() throws IOException {
        for (DoubleKernels.Pair pair : DoubleKernels.PAIRS) {
            Path twin = OPS.resolve(pair.twin());
            assertTrue(Files.exists(twin), twin + " is missing: run " + "java ops/src/test/java/dev/tapegrad/"
                    + "ops/kernels/DoubleKernels.java from the repository root");
            assertEquals(DoubleKernels.expected(OPS, pair), Files.readString(twin),
                    twin.getFileName() + " is stale against " + pair.template().getFileName()
                            + ": run java ops/src/test/java/dev/tapegrad/ops/kernels/DoubleKernels.java"
                            + " from the repository root");
        }
    }

    @Test
    void substitutesTypesLiteralsAndTheTwinNote() {
        String template = "/** Sums in FLOAT32. {@link SumDouble} is generated from this file for FLOAT64. */\n"
                + "final class SumFloat { float s = 0f; float h = 0.5f; float e = 1e-3f; int hex = 0x1f; float[] a1f; FloatVector v; "
                + "void f() { Gemm.sgemm(); } }\n";
        String twin = DoubleKernels.generate("SumFloat", template);
        assertTrue(twin.startsWith("// GENERATED from SumFloat.java"), twin);
        assertTrue(twin.endsWith("/** Sums in FLOAT64. Generated from {@link SumFloat}: edit that file, not this one. */\n"
                + "final class SumDouble { double s = 0.0; double h = 0.5; double e = 1e-3; int hex = 0x1f; double[] a1f; DoubleVector v; "
                + "void f() { Gemm.dgemm(); } }\n"), twin);
    }
}
