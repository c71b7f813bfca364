package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * pad copies its input straight from the input's storage into the box of the output (the vjp of narrow and
 * select): contiguous, narrowed, expanded and transposed inputs, padding and cropping, both dtypes, small and
 * large enough to be split over threads, against an element-by-element reference.
 */
class PadViewsTest {
    private static final int[][] SHAPES = {{3, 4, 5, 6}, {8, 16, 32, 40}};
    private static final int[][] PADS = {{4, 4}, {0, 0, 2, 1}, {1, 0, 0, 0, 3, 2}, {-1, 2, 1, -2}, {2, 2, 0, 0, 0, 0, 1, 1}};

    @Test
    void padOfViewsEqualsTheReference() {
        for (DType dtype : DType.values()) {
            for (int[] shape : SHAPES) {
                for (String layout : new String[] {"contiguous", "narrowed", "expanded", "transposed", "permuted"}) {
                    Tensor x = view(dtype, layout, shape);
                    for (int[] pads : PADS) {
                        for (double value : new double[] {0, -1.5}) {
                            Tensor y = Ops.pad(x, pads, value);
                            assertArrayEquals(reference(x, pads, value), y.toDoubleArray(), 0,
                                    dtype + " " + layout + " " + java.util.Arrays.toString(shape) + " pads "
                                            + java.util.Arrays.toString(pads));
                        }
                    }
                }
            }
        }
    }

    @Test
    void narrowAndSelectGradientsFromViewSeeds() {
        for (DType dtype : DType.values()) {
            int[] shape = {8, 16, 32, 40};
            for (int dim = 0; dim < 4; dim++) {
                for (String layout : new String[] {"contiguous", "expanded", "transposed", "narrowed"}) {
                    Tensor x = Tensor.randn(1, dtype, shape).requiresGrad(true);
                    int length = shape[dim] - 3;
                    Tensor y = Ops.narrow(x, dim, 2, length);
                    Tensor seed = view(dtype, layout, y.shape());
                    y.backward(seed);
                    double[] want = reference(seed, alongDim(4, dim, 2, 1), 0);
                    assertArrayEquals(want, x.grad().toDoubleArray(), 0, dtype + " narrow dim " + dim + " " + layout);

                    Tensor x2 = Tensor.randn(2, dtype, shape).requiresGrad(true);
                    Tensor s = Ops.select(x2, dim, 1);
                    Tensor seed2 = view(dtype, layout, s.shape());
                    s.backward(seed2);
                    int[] kept = shape.clone();
                    kept[dim] = 1;
                    Tensor seedKept = Tensor.of(seed2.toDoubleArray(), kept);
                    double[] want2 = reference(seedKept, alongDim(4, dim, 1, shape[dim] - 2), 0);
                    assertArrayEquals(want2, x2.grad().toDoubleArray(), 0, dtype + " select dim " + dim + " " + layout);
                }
            }
        }
    }

    private static int[] alongDim(int rank, int d, int before, int after) {
        int[] p = new int[2 * rank];
        p[2 * (rank - 1 - d)] = before;
        p[2 * (rank - 1 - d) + 1] = after;
        return p;
    }

    /** Values of shape in the given layout: contiguous, a narrowed last dim, expanded from ones, transposed, permuted. */
    static Tensor view(DType dtype, String layout, int[] shape) {
        int r = shape.length;
        switch (layout) {
            case "contiguous":
                return Tensor.randn(3, dtype, shape);
            case "narrowed": {
                int[] s = shape.clone();
                s[r - 1] += 5;
                Tensor big = Tensor.randn(4, dtype, s);
                return big.asStrided(shape, big.strides(), 3);
            }
            case "expanded": {
                int[] ones = new int[r];
                java.util.Arrays.fill(ones, 1);
                int[] s = ones.clone();
                s[0] = shape[0];
                return Ops.expand(Tensor.randn(5, dtype, s), shape);
            }
            case "transposed": {
                int[] s = shape.clone();
                s[r - 2] = shape[r - 1];
                s[r - 1] = shape[r - 2];
                return Ops.transpose(Tensor.randn(6, dtype, s), r - 2, r - 1);
            }
            case "permuted":
                return Ops.permute(Tensor.randn(7, dtype, shape[0], shape[2], shape[3], shape[1]), 0, 3, 1, 2);
            default:
                throw new IllegalArgumentException(layout);
        }
    }

    /** F.pad(x, pads, value) element by element. */
    static double[] reference(Tensor x, int[] pads, double value) {
        int[] in = x.shape();
        int rank = in.length;
        int[] out = in.clone();
        int[] lo = new int[rank];
        for (int k = 0; k < pads.length / 2; k++) {
            int d = rank - 1 - k;
            lo[d] = pads[2 * k];
            out[d] += pads[2 * k] + pads[2 * k + 1];
        }
        int n = 1;
        for (int v : out) {
            n *= v;
        }
        double[] y = new double[n];
        int[] idx = new int[rank];
        int[] src = new int[rank];
        for (int i = 0; i < n; i++) {
            int rest = i;
            boolean inside = true;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rest % out[d];
                rest /= out[d];
                src[d] = idx[d] - lo[d];
                inside &= src[d] >= 0 && src[d] < in[d];
            }
            y[i] = inside ? x.get(src) : value;
        }
        return y;
    }
}
