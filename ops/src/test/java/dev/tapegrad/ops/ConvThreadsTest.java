package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Convolution and pooling give bit-identical values and gradients on 1 and on 2 threads. */
class ConvThreadsTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** Output and input gradients of f, flattened, computed with the given number of threads. */
    private static List<double[]> run(int threads, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Parallel.setThreads(threads);
        Tensor[] x = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i].detach().requiresGrad(true);
        }
        Tensor y = f.apply(x);
        Tensor g = Tensor.randn(99, y.dtype(), y.shape());
        Tensor[] grads = Autograd.grad(y, x, g, false, false);
        List<double[]> out = new ArrayList<>();
        out.add(y.toDoubleArray());
        for (Tensor t : grads) {
            out.add(t.toDoubleArray());
        }
        return out;
    }

    private static void sameOnOneAndTwoThreads(Function<Tensor[], Tensor> f, Tensor... inputs) {
        List<double[]> one = run(1, f, inputs);
        List<double[]> two = run(2, f, inputs);
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), two.get(i), "result " + i);
        }
    }

    @Test
    void convolutions() {
        for (DType dt : DType.values()) {
            // WINOGRAD method (3×3, stride 1, 48 channels), all three kernels; and an odd batch on the caller alone
            sameOnOneAndTwoThreads(t -> Ops.conv2d(t[0], t[1], t[2], 1, 1),
                    Tensor.randn(1, dt, 4, 48, 12, 12), Tensor.randn(2, dt, 32, 48, 3, 3), Tensor.randn(3, dt, 32));
            sameOnOneAndTwoThreads(t -> Ops.conv2d(t[0], t[1], t[2], 1, 1),
                    Tensor.randn(25, dt, 3, 48, 9, 7), Tensor.randn(26, dt, 50, 48, 3, 3), Tensor.randn(27, dt, 50));
            // DIRECT method with many channels (several output channels per pass)
            sameOnOneAndTwoThreads(t -> Ops.conv2d(t[0], t[1], t[2], 1, 1),
                    Tensor.randn(19, dt, 4, 16, 16, 16), Tensor.randn(20, dt, 30, 16, 3, 3), Tensor.randn(21, dt, 30));
            // GEMM method: 5×5 kernel, big enough for the blocked product to split too
            sameOnOneAndTwoThreads(t -> Ops.conv2d(t[0], t[1], t[2], 1, 2),
                    Tensor.randn(22, dt, 4, 16, 12, 12), Tensor.randn(23, dt, 32, 16, 5, 5), Tensor.randn(24, dt, 32));
            // GEMM method: odd batch (run on the caller, the products split), narrow patch (weight gradient split
            // by output channels), groups with a batch split over threads
            sameOnOneAndTwoThreads(t -> Ops.conv2d(t[0], t[1], t[2], 2, 1),
                    Tensor.randn(13, dt, 3, 5, 9, 9), Tensor.randn(14, dt, 13, 5, 3, 3), Tensor.randn(15, dt, 13));
            sameOnOneAndTwoThreads(t -> Ops.conv2d(t[0], t[1], t[2], 2, 1, 1, 2),
                    Tensor.randn(16, dt, 6, 16, 10, 10), Tensor.randn(17, dt, 12, 8, 3, 3), Tensor.randn(18, dt, 12));
            // DIRECT method, unit stride (padded planes) and stride 2 (rows), depthwise
            sameOnOneAndTwoThreads(t -> Ops.conv2d(t[0], t[1], t[2], 1, 1, 1, 8),
                    Tensor.randn(4, dt, 4, 8, 12, 12), Tensor.randn(5, dt, 8, 1, 3, 3), Tensor.randn(6, dt, 8));
            sameOnOneAndTwoThreads(t -> Ops.conv2d(t[0], t[1], t[2], 2, 2),
                    Tensor.randn(7, dt, 4, 1, 13, 13), Tensor.randn(8, dt, 6, 1, 5, 5), Tensor.randn(9, dt, 6));
            sameOnOneAndTwoThreads(t -> Ops.convTranspose2d(t[0], t[1], t[2], 2, 1, 1, 1, 1),
                    Tensor.randn(10, dt, 3, 8, 6, 6), Tensor.randn(11, dt, 8, 4, 3, 3), Tensor.randn(12, dt, 4));
        }
    }

    @Test
    void pooling() {
        for (DType dt : DType.values()) {
            Tensor x = Tensor.randn(13, dt, 4, 8, 16, 16);
            sameOnOneAndTwoThreads(t -> Ops.maxPool2d(t[0], 2), x);
            sameOnOneAndTwoThreads(t -> Ops.avgPool2d(t[0], 2), x);
            sameOnOneAndTwoThreads(t -> Ops.maxPool2d(t[0], 3, 2, 1), x);
            sameOnOneAndTwoThreads(t -> Ops.avgPool2d(t[0], 3, 2, 1, true, false), x);
        }
    }
}
