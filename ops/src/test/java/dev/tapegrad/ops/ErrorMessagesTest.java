package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input throws, and the message names the op and the shapes or values involved (issue 2, item 7). */
class ErrorMessagesTest {

    /** Asserts {@code call} throws {@code type} with a message containing every fragment. */
    private static void assertMessage(Class<? extends RuntimeException> type, Executable call, String... fragments) {
        RuntimeException e = assertThrows(type, call);
        String m = e.getMessage();
        for (String f : fragments) {
            assertTrue(m != null && m.contains(f), () -> "message lacks \"" + f + "\": " + m);
        }
    }

    private static Tensor t(DType dtype, int... shape) {
        return Tensor.zeros(dtype, shape);
    }

    private static Tensor t(int... shape) {
        return Tensor.ones(DType.FLOAT64, shape);
    }

    @Test
    void broadcastingMismatch() {
        String[] names = {"Add", "Sub", "Mul", "Div"};
        BinaryOperator<Tensor>[] ops = ops();
        for (int i = 0; i < ops.length; i++) {
            BinaryOperator<Tensor> op = ops[i];
            assertMessage(IllegalArgumentException.class, () -> op.apply(t(2, 3), t(4)),
                    names[i], "[2, 3]", "[4]", "cannot be broadcast");
            assertMessage(IllegalArgumentException.class, () -> op.apply(t(5, 1, 3), t(2, 2)),
                    names[i], "[5, 1, 3]", "[2, 2]", "3 vs 2");
        }
    }

    @SuppressWarnings("unchecked")
    private static BinaryOperator<Tensor>[] ops() {
        return new BinaryOperator[] {
            (BinaryOperator<Tensor>) Ops::add, (BinaryOperator<Tensor>) Ops::sub,
            (BinaryOperator<Tensor>) Ops::mul, (BinaryOperator<Tensor>) Ops::div
        };
    }

    @Test
    void matmulShapeMismatch() {
        assertMessage(IllegalArgumentException.class, () -> Ops.matmul(t(2, 3), t(4, 5)),
                "matmul", "[2, 3]", "[4, 5]", "3 columns", "4 rows");
        assertMessage(IllegalArgumentException.class, () -> Ops.matmul(t(2, 2, 3), t(3, 3, 4)),
                "matmul", "[2, 2, 3]", "[3, 3, 4]", "batch");
        assertMessage(IllegalArgumentException.class, () -> Ops.matmul(t(3), t(3, 4)),
                "matmul", "[3]", "[3, 4]", "at least 2 dims");
    }

    @Test
    void mixedDTypes() {
        assertMessage(IllegalArgumentException.class, () -> Ops.add(t(DType.FLOAT32, 2), t(DType.FLOAT64, 2)),
                "Add", "FLOAT32", "FLOAT64", "[2]");
        assertMessage(IllegalArgumentException.class, () -> Ops.mul(t(DType.FLOAT64, 1), t(DType.FLOAT32, 3)),
                "Mul", "FLOAT64[1]", "FLOAT32[3]");
        assertMessage(IllegalArgumentException.class,
                () -> Ops.matmul(t(DType.FLOAT32, 2, 2), t(DType.FLOAT64, 2, 2)),
                "matmul", "FLOAT32[2, 2]", "FLOAT64[2, 2]");
    }

    @Test
    void backwardOnAManyElementOutputWithoutAGradient() {
        Tensor x = t(2, 3).requiresGrad(true);
        Tensor y = Ops.mul(x, 2.0);
        assertMessage(IllegalArgumentException.class, y::backward, "backward", "[2, 3]", "6 elements", "gradOutput");
        assertMessage(IllegalArgumentException.class, () -> Autograd.grad(y, new Tensor[] {x}, false),
                "Autograd.grad", "[2, 3]", "6 elements");
    }

    @Test
    void gradOutputOfTheWrongShapeOrDType() {
        Tensor x = t(2, 3).requiresGrad(true);
        Tensor y = Ops.mul(x, 2.0);
        assertMessage(IllegalArgumentException.class, () -> y.backward(t(3, 2)),
                "backward", "gradOutput", "[3, 2]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> y.backward(t(DType.FLOAT32, 2, 3)),
                "backward", "FLOAT32[2, 3]", "FLOAT64[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> x.setGrad(t(3)), "setGrad", "[3]", "[2, 3]");
    }

    @Test
    void requiresGradOnANonLeaf() {
        Tensor y = Ops.exp(t(2).requiresGrad(true));
        assertMessage(IllegalStateException.class, () -> y.requiresGrad(false),
                "requiresGrad", "[2]", "Exp", "not a leaf");
    }

    @Test
    void backwardOfATensorThatDoesNotRequireGrad() {
        Tensor y = Ops.exp(t(1));
        assertMessage(IllegalStateException.class, y::backward, "backward", "does not require grad");
        Tensor x = t(2);
        assertMessage(IllegalArgumentException.class,
                () -> Autograd.grad(Ops.sum(Ops.mul(t(2).requiresGrad(true), x)), new Tensor[] {x}, false),
                "Autograd.grad", "input 0", "does not require grad");
    }

    @Test
    void reshapeToAnotherElementCount() {
        assertMessage(IllegalArgumentException.class, () -> Ops.reshape(t(2, 3), 4),
                "reshape", "[2, 3]", "6 elements", "[4]");
        assertMessage(IllegalArgumentException.class, () -> Ops.reshape(t(2, 3), -1, 4),
                "reshape", "[2, 3]", "[-1, 4]");
        assertMessage(IllegalArgumentException.class, () -> Ops.reshape(t(2, 3), -1, -1),
                "reshape", "[-1, -1]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.of(new double[5], 2, 3),
                "Tensor.of", "5 values", "[2, 3]");
    }

    @Test
    void outOfRangeDims() {
        Tensor x = t(2, 3);
        String[] range = {"rank 2", "[-2, 1]"};
        assertMessage(IllegalArgumentException.class, () -> Ops.sum(x, new int[] {2}, false), "sum", "dim 2", range[0], range[1]);
        assertMessage(IllegalArgumentException.class, () -> Ops.mean(x, new int[] {-3}, true), "mean", "dim -3", range[0]);
        assertMessage(IllegalArgumentException.class, () -> Ops.max(x, 2, false), "max", "dim 2", range[0]);
        assertMessage(IllegalArgumentException.class, () -> Ops.softmax(x, 5), "softmax", "dim 5", range[0]);
        assertMessage(IllegalArgumentException.class, () -> Ops.logSoftmax(x, -3), "logSoftmax", "dim -3", range[0]);
        assertMessage(IllegalArgumentException.class, () -> Ops.transpose(x, 0, 2), "transpose", "dim 2", range[0]);
        assertMessage(IllegalArgumentException.class, () -> Ops.permute(x, 0, 2), "permute", "dim 2");
        assertMessage(IllegalArgumentException.class, () -> Ops.permute(x, 0, 1, 2), "permute", "[0, 1, 2]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> Ops.flatten(x, 2), "flatten", "dim 2", range[0]);
        assertMessage(IllegalArgumentException.class, () -> Ops.sum(x, new int[] {1, -1}, false), "sum", "twice");
    }

    @Test
    void expandToAnIncompatibleShape() {
        assertMessage(IllegalArgumentException.class, () -> Ops.expand(t(2, 3), 4, 3), "expand", "[2, 3]", "[4, 3]");
        assertMessage(IllegalArgumentException.class, () -> Ops.expand(t(2, 3), 3), "expand", "[2, 3]", "[3]");
    }

    @Test
    void indexOutOfBounds() {
        Tensor x = t(2, 3);
        assertMessage(IndexOutOfBoundsException.class, () -> x.get(2, 0), "[2, 0]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> x.get(1), "[1]", "[2, 3]");
        assertMessage(IllegalStateException.class, x::item, "item", "[2, 3]", "6 elements");
    }
}
