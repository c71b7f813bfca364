package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Arithmetic between a view narrowed along its last dim (short rows at a fixed stride, read in place as 2-D boxes
 * of rows by {@code ShortRowsSimdFloat.box}) and a broadcast operand (per channel [C, 1, 1], one element, [N, 1, H,
 * W], [W]), either side: bit for bit the values of element-by-element scalar arithmetic, for row lengths around the
 * lane counts, FLOAT32 and FLOAT64.
 */
class NarrowedBroadcastTest {
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
                    for (Arithmetic op : Arithmetic.values()) {
                        for (boolean first : new boolean[] {false, true}) {
                            double[] got = (first ? op.apply(other, v) : op.apply(v, other)).toDoubleArray();
                            double[] want = new double[vv.length];
                            for (int i = 0; i < want.length; i++) {
                                want[i] = first ? op.scalar(ov[i], vv[i], dtype) : op.scalar(vv[i], ov[i], dtype);
                            }
                            assertArrayEquals(want, got, op + " " + dtype + " w=" + w + " other "
                                    + java.util.Arrays.toString(other.shape()) + (first ? " (other first)" : ""));
                        }
                    }
                }
            }
        }
    }
}
