package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Arithmetic between a view narrowed along its last dim (short rows at a fixed stride, read in place as 2-D boxes
 * of rows by {@code ShortRowsSimdFloat.box}) and a broadcast operand (per channel [C, 1, 1], one element, [N, 1, H,
 * W], [W]), either side: bit for bit the values of element-by-element scalar arithmetic, for row lengths around the
 * lane counts, FLOAT32 and FLOAT64.
 */
class NarrowedBroadcastTest {
    private static final String[] NAMES = {"add", "sub", "mul", "div"};

    @SuppressWarnings("unchecked")
    private static final BinaryOperator<Tensor>[] OPS = new BinaryOperator[] {
        (BinaryOperator<Tensor>) Ops::add, (BinaryOperator<Tensor>) Ops::sub,
        (BinaryOperator<Tensor>) Ops::mul, (BinaryOperator<Tensor>) Ops::div};

    private static double apply(int k, double x, double y, DType dtype) {
        if (dtype == DType.FLOAT32) {
            float a = (float) x;
            float b = (float) y;
            return switch (k) {
                case 0 -> a + b;
                case 1 -> a - b;
                case 2 -> a * b;
                default -> a / b;
            };
        }
        return switch (k) {
            case 0 -> x + y;
            case 1 -> x - y;
            case 2 -> x * y;
            default -> x / y;
        };
    }

    @Test
    void narrowedRowsAgainstBroadcastOperandsEqualTheScalarResult() {
        int n = 2;
        int c = 3;
        int h = 4;
        for (DType dtype : DType.values()) {
            for (int w : new int[] {1, 7, 8, 15, 16, 17, 31, 32, 33, 70}) {
                Tensor leaf = Tensor.randn(w, dtype, n, c, h, w + 5);
                Tensor v = Ops.narrow(leaf, 3, 2, w);
                Tensor[] others = {
                    Ops.add(Tensor.randn(w + 1, dtype, c, 1, 1), 2.0),
                    Ops.add(Tensor.randn(w + 2, dtype, 1), 2.0),
                    Ops.add(Tensor.randn(w + 3, dtype, n, 1, h, w), 2.0),
                    Ops.add(Tensor.randn(w + 4, dtype, w), 2.0)
                };
                int[] shape = v.shape();
                double[] vv = v.toDoubleArray();
                for (Tensor other : others) {
                    double[] ov = Ops.expand(other, shape).toDoubleArray();
                    for (int k = 0; k < 4; k++) {
                        for (boolean first : new boolean[] {false, true}) {
                            double[] got = (first ? OPS[k].apply(other, v) : OPS[k].apply(v, other)).toDoubleArray();
                            double[] want = new double[vv.length];
                            for (int i = 0; i < want.length; i++) {
                                want[i] = first ? apply(k, ov[i], vv[i], dtype) : apply(k, vv[i], ov[i], dtype);
                            }
                            assertArrayEquals(want, got, NAMES[k] + " " + dtype + " w=" + w + " other "
                                    + java.util.Arrays.toString(other.shape()) + (first ? " (other first)" : ""));
                        }
                    }
                }
            }
        }
    }
}
