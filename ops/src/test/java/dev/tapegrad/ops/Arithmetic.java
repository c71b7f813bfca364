package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.function.BinaryOperator;

/**
 * The four arithmetic ops and, for the tests that compare them with element-by-element arithmetic, one IEEE
 * operation in a dtype's precision and the comparison itself.
 */
enum Arithmetic {
    ADD(Ops::add), SUB(Ops::sub), MUL(Ops::mul), DIV(Ops::div);

    private final BinaryOperator<Tensor> op;

    Arithmetic(BinaryOperator<Tensor> op) {
        this.op = op;
    }

    Tensor apply(Tensor a, Tensor b) {
        return op.apply(a, b);
    }

    /** a ∘ b in dtype's precision: for FLOAT32 both operands rounded to float and the float operation. */
    double scalar(double a, double b, DType dtype) {
        if (dtype == DType.FLOAT32) {
            float x = (float) a;
            float y = (float) b;
            return switch (this) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
            };
        }
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }

    /**
     * Asserts that every op of v and other (other expanded to v's shape), in both orders, equals the element-by-element
     * scalar result bit for bit; label names the case in the message.
     */
    static void assertMatchesScalar(Tensor v, Tensor other, DType dtype, String label) {
        double[] vv = v.toDoubleArray();
        double[] ov = Ops.expand(other, v.shape()).toDoubleArray();
        for (Arithmetic op : values()) {
            for (boolean first : new boolean[] {false, true}) {
                double[] got = (first ? op.apply(other, v) : op.apply(v, other)).toDoubleArray();
                double[] want = new double[vv.length];
                for (int i = 0; i < want.length; i++) {
                    want[i] = first ? op.scalar(ov[i], vv[i], dtype) : op.scalar(vv[i], ov[i], dtype);
                }
                assertArrayEquals(want, got, op + " " + dtype + " " + label + (first ? " (other first)" : ""));
            }
        }
    }
}
