package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Sum over any dims and broadcasting arithmetic read strided storage directly (Reduce, BroadcastFloat/BroadcastDouble): compared
 * with element-by-element references on permuted, offset and broadcast views of random shapes.
 */
class StridedKernelsTest {

    /** A random tensor of the given shape seen through a random permutation (strided) and a storage offset. */
    private static Tensor view(Random rng, DType dtype, int[] shape) {
        int rank = shape.length;
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        for (int i = rank - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] inv = new int[rank];
        int[] base = new int[rank];
        for (int i = 0; i < rank; i++) {
            inv[perm[i]] = i;
            base[i] = shape[perm[i]];
        }
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        int pad = rng.nextInt(3);
        double[] v = new double[n + pad];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(17) - 8 + rng.nextInt(4) / 4.0;   // exact in float: sums are exact too
        }
        Tensor flat = dtype == DType.FLOAT64 ? Tensor.of(v, v.length) : Tensor.of(toFloat(v), v.length);
        int[] strides = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            strides[d] = s;
            s *= base[d];
        }
        Tensor stored = flat.asStrided(base, strides, pad);
        return rank == 0 ? stored : Ops.permute(stored, inv);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static int[] randomShape(Random rng, int maxRank) {
        int[] shape = new int[rng.nextInt(maxRank + 1)];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = 1 + rng.nextInt(rng.nextBoolean() ? 3 : 7);
        }
        return shape;
    }

    private static int[] index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    @Property(tries = 300)
    void sumOverAnyDimsOfAStridedViewMatchesTheReference(@ForAll long seed, @ForAll boolean keepDim,
                                                         @ForAll boolean float64) {
        Random rng = new Random(seed);
        int[] shape = randomShape(rng, 5);
        DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor x = view(rng, dtype, shape);
        boolean[] reduced = new boolean[shape.length];
        int count = 0;
        for (int d = 0; d < shape.length; d++) {
            reduced[d] = rng.nextBoolean();
            count += reduced[d] ? 1 : 0;
        }
        int[] dims = new int[count];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (reduced[d]) {
                dims[k++] = rng.nextBoolean() ? d : d - shape.length;
            }
        }
        Tensor y = count == 0 ? Ops.sum(x) : Ops.sum(x, dims, keepDim);
        int[] kept = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d] || count == 0) {
                kept[d] = 1;
            }
        }
        double[] expected = new double[Arrays.stream(kept).reduce(1, (p, q) -> p * q)];
        int n = x.numel();
        for (int i = 0; i < n; i++) {
            int[] idx = index(i, shape);
            int o = 0;
            for (int d = 0; d < shape.length; d++) {
                o = o * kept[d] + (kept[d] == 1 ? 0 : idx[d]);
            }
            expected[o] += x.get(idx);
        }
        assertEquals(dtype, y.dtype());
        assertEquals(expected.length, y.numel());
        assertArrayEquals(expected, y.contiguous().toDoubleArray(), 0.0, () -> "shape " + Arrays.toString(shape)
                + " dims " + Arrays.toString(dims));
    }

    @Property(tries = 300)
    void broadcastArithmeticOnStridedViewsMatchesTheReference(@ForAll long seed, @ForAll @IntRange(max = 3) int op,
                                                              @ForAll boolean float64) {
        Random rng = new Random(seed);
        int[] shape = randomShape(rng, 4);
        DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
        // b: a suffix of the shape with some dims set to 1 (per-channel, per-row, scalar and same-shape cases)
        int[] bShape = Arrays.copyOfRange(shape, rng.nextInt(shape.length + 1), shape.length);
        for (int d = 0; d < bShape.length; d++) {
            if (rng.nextInt(3) == 0) {
                bShape[d] = 1;
            }
        }
        Tensor a = view(rng, dtype, shape);
        Tensor b = view(rng, dtype, bShape);
        boolean swap = rng.nextBoolean();
        Tensor l = swap ? b : a;
        Tensor r = swap ? a : b;
        Tensor z = switch (op) {
            case 0 -> Ops.add(l, r);
            case 1 -> Ops.sub(l, r);
            case 2 -> Ops.mul(l, r);
            default -> Ops.div(l, Ops.add(r, Tensor.scalar(100.0, dtype)));
        };
        assertArrayEquals(shape, z.shape());
        for (int i = 0; i < z.numel(); i++) {
            int[] idx = index(i, shape);
            int[] bIdx = new int[bShape.length];
            for (int d = 0; d < bShape.length; d++) {
                bIdx[d] = bShape[d] == 1 ? 0 : idx[d + shape.length - bShape.length];
            }
            double x = swap ? b.get(bIdx) : a.get(idx);
            double y = swap ? a.get(idx) : b.get(bIdx);
            double expected = switch (op) {
                case 0 -> x + y;
                case 1 -> x - y;
                case 2 -> x * y;
                default -> x / (y + 100.0);
            };
            if (!float64) {
                expected = switch (op) {
                    case 0 -> (float) x + (float) y;
                    case 1 -> (float) x - (float) y;
                    case 2 -> (float) x * (float) y;
                    default -> (float) x / ((float) y + 100f);
                };
            }
            assertEquals(expected, z.get(idx), 0.0, "at " + Arrays.toString(idx));
        }
    }

    /** Float lanes only within blocks, blocks added in double: a million-element sum stays within 1e-6. */
    @Test
    void sumOfALongFloatRowStaysAccurate() {
        int n = (1 << 20) + 17;
        float[] v = new float[n];
        Arrays.fill(v, 0.1f);
        double expected = 0;
        for (float f : v) {
            expected += f;
        }
        double got = Ops.sum(Tensor.of(v, n)).item();
        assertEquals(expected, got, 1e-6 * expected);
    }

    @Test
    void channelSumsOfNchwMatchTheReference() {
        Random rng = new Random(3);
        Tensor x = view(rng, DType.FLOAT32, new int[] {4, 3, 5, 6});
        Tensor s = Ops.sum(x, new int[] {0, 2, 3}, true);
        assertArrayEquals(new int[] {1, 3, 1, 1}, s.shape());
        for (int c = 0; c < 3; c++) {
            double e = 0;
            for (int n = 0; n < 4; n++) {
                for (int h = 0; h < 5; h++) {
                    for (int w = 0; w < 6; w++) {
                        e += x.get(n, c, h, w);
                    }
                }
            }
            assertEquals(e, s.get(0, c, 0, 0), 0.0);
        }
    }
}
