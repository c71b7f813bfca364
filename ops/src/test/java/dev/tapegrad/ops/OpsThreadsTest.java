package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** The public thread setting: it takes effect, refuses nonsense, and never changes a result. */
class OpsThreadsTest {

    @Test
    void threadCountChangesNoResult() {
        int before = Ops.threads();
        Tensor x = Tensor.randn(1, DType.FLOAT32, 4, 3, 12, 12);
        Tensor w = Tensor.randn(2, DType.FLOAT32, 8, 3, 3, 3);
        Tensor a = Tensor.randn(3, DType.FLOAT32, 70, 90);
        Tensor b = Tensor.randn(4, DType.FLOAT32, 90, 50);
        try {
            Ops.setThreads(1);
            assertEquals(1, Ops.threads());
            double[] conv1 = Ops.conv2d(x, w, null, 1, 1).toDoubleArray();
            double[] mm1 = Ops.matmul(a, b).toDoubleArray();
            Ops.setThreads(2);
            assertEquals(2, Ops.threads());
            assertArrayEquals(conv1, Ops.conv2d(x, w, null, 1, 1).toDoubleArray());
            assertArrayEquals(mm1, Ops.matmul(a, b).toDoubleArray());
        } finally {
            Ops.setThreads(before);
        }
    }

    @Test
    void refusesLessThanOneThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.setThreads(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
