package dev.tapegrad.ops;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.function.BinaryOperator;

/**
 * The four arithmetic ops and, for the tests that compare them with element-by-element arithmetic, one IEEE
 * operation in a dtype's precision.
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
}
