package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Arithmetic between a channels-last view and a per-channel operand of shape [C, 1, 1], either side (the
 * 2-D row boxes of {@code ShortRowsSimdFloat.box}): bit for bit the values of the same operation on
 * element-by-element scalar arithmetic, for channel counts around the lane counts, FLOAT32 and FLOAT64.
 */
class ChannelsLastScaleTest {
    @Test
    void channelsLastViewAgainstAPerChannelOperandEqualsTheScalarResult() {
        for (DType dtype : DType.values()) {
            for (int c : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 70}) {
                int n = 2;
                int h = 3;
                int w = 5;
                Tensor leaf = Tensor.randn(c, dtype, n, h, w, c);
                Tensor scale = Ops.add(Tensor.randn(c + 1, dtype, c, 1, 1), 2.0);
                Tensor v = Ops.permute(leaf, 0, 3, 1, 2);
                for (Arithmetic op : Arithmetic.values()) {
                    for (boolean first : new boolean[] {false, true}) {
                        Tensor y = first ? op.apply(scale, v) : op.apply(v, scale);
                        double[] got = y.toDoubleArray();
                        double[] want = new double[got.length];
                        int i = 0;
                        for (int b = 0; b < n; b++) {
                            for (int ch = 0; ch < c; ch++) {
                                for (int r = 0; r < h; r++) {
                                    for (int col = 0; col < w; col++) {
                                        double x = leaf.get(b, r, col, ch);
                                        double s = scale.get(ch, 0, 0);
                                        want[i++] = first ? op.scalar(s, x, dtype) : op.scalar(x, s, dtype);
                                    }
                                }
                            }
                        }
                        assertArrayEquals(want, got, 0,
                                dtype + " " + op + " C=" + c + (first ? " scale first" : " view first"));
                    }
                }
            }
        }
    }
}
