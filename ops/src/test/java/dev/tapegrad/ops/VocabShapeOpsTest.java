package dev.tapegrad.ops;

import static dev.tapegrad.ops.OpsGradTest.check;
import static dev.tapegrad.ops.OpsGradTest.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * cat, stack, narrow, select, indexSelect and pad: values against index arithmetic done by hand (and
 * literal PyTorch 1.13 results), gradcheck and gradgradcheck over jqwik-drawn shapes, dims (negative
 * too) and options, and the error messages.
 */
class VocabShapeOpsTest {
    private static final int TRIES = 25;

    private static int[] shape(List<Integer> dims) {
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The element of a row-major array of {@code shape} at a multi-index. */
    private static double at(double[] v, int[] shape, int... idx) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            flat = flat * shape[d] + idx[d];
        }
        return v[flat];
    }

    static void assertMessage(Class<? extends RuntimeException> type, Executable call, String... fragments) {
        RuntimeException e = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message lacks \"" + f + "\": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ cat and stack

    @Property(tries = TRIES)
    void cat(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
             @ForAll @IntRange(min = 0, max = 2) int which, @ForAll boolean negative,
             @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 3) Integer> sizes,
             @ForAll DType dtype, @ForAll long seed) {
        int[] base = shape(dims);
        int d = which % base.length;
        int dim = negative ? d - base.length : d;
        Tensor[] xs = new Tensor[sizes.size()];
        for (int i = 0; i < xs.length; i++) {
            int[] s = base.clone();
            s[d] = sizes.get(i);
            xs[i] = normal(seed + i, dtype, s);
        }
        Tensor y = Ops.cat(xs, dim);
        int[] ys = y.shape();
        assertEquals(sizes.stream().mapToInt(Integer::intValue).sum(), ys[d]);
        double[] yv = y.toDoubleArray();
        int start = 0;
        for (Tensor x : xs) {
            double[] xv = x.toDoubleArray();
            int[] s = x.shape();
            for (int f = 0; f < xv.length; f++) {
                int[] idx = Reference.unravel(f, s);
                idx[d] += start;
                assertEquals(xv[f], at(yv, ys, idx), 0.0);
            }
            start += s[d];
        }
        check(x -> Ops.cat(x, dim), xs);
    }

    @Property(tries = TRIES)
    void stack(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
               @ForAll @IntRange(min = 0, max = 3) int which, @ForAll boolean negative,
               @ForAll @IntRange(min = 1, max = 3) int count, @ForAll DType dtype, @ForAll long seed) {
        int[] s = shape(dims);
        int d = which % (s.length + 1);
        int dim = negative ? d - s.length - 1 : d;
        Tensor[] xs = new Tensor[count];
        for (int i = 0; i < count; i++) {
            xs[i] = normal(seed + i, dtype, s);
        }
        Tensor y = Ops.stack(xs, dim);
        assertEquals(count, y.shape()[d]);
        for (int i = 0; i < count; i++) {
            assertArrayEquals(xs[i].toDoubleArray(), Ops.select(y, dim, i).toDoubleArray(), 0.0);
        }
        check(x -> Ops.stack(x, dim), xs);
    }

    @Test
    void catAndStackErrorsNameTheDimAndBothShapes() {
        Tensor a = Tensor.zeros(DType.FLOAT64, 2, 3);
        Tensor b = Tensor.zeros(DType.FLOAT64, 4, 5);
        assertMessage(IllegalArgumentException.class, () -> Ops.cat(new Tensor[] {a, b}, 1),
                "cat", "[4, 5]", "[2, 3]", "dim 1");
        assertMessage(IllegalArgumentException.class, () -> Ops.cat(new Tensor[] {a, Tensor.zeros(DType.FLOAT64, 2)}, 0),
                "cat", "[2]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> Ops.cat(new Tensor[] {a, Tensor.zeros(DType.FLOAT32, 2, 3)}, 0),
                "cat", "FLOAT64", "FLOAT32");
        assertMessage(IllegalArgumentException.class, () -> Ops.cat(new Tensor[] {a}, 2), "cat", "dim 2", "rank 2");
        assertMessage(IllegalArgumentException.class, () -> Ops.cat(new Tensor[0], 0), "cat", "at least one");
        assertMessage(IllegalArgumentException.class, () -> Ops.stack(new Tensor[] {a, Tensor.zeros(DType.FLOAT64, 2, 4)}, 0),
                "stack", "[2, 4]", "[2, 3]", "equal shapes");
    }

    // ------------------------------------------------------------------ narrow and select

    @Property(tries = TRIES)
    void narrow(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 4) Integer> dims,
                @ForAll @IntRange(min = 0, max = 2) int which, @ForAll boolean negative,
                @ForAll @IntRange(min = 0, max = 4) int a, @ForAll @IntRange(min = 0, max = 4) int b,
                @ForAll DType dtype, @ForAll long seed) {
        int[] s = shape(dims);
        int d = which % s.length;
        int dim = negative ? d - s.length : d;
        int start = Math.min(a, s[d]);
        int length = Math.min(b, s[d] - start);
        Tensor x = normal(seed, dtype, s);
        Tensor y = Ops.narrow(x, dim, start, length);
        if (y.numel() > 0) {
            assertSame(x.dtype() == DType.FLOAT32 ? (Object) x.floatStorage() : x.doubleStorage(),
                    y.dtype() == DType.FLOAT32 ? (Object) y.floatStorage() : y.doubleStorage(), "narrow is a view");
        }
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        for (int f = 0; f < yv.length; f++) {
            int[] idx = Reference.unravel(f, y.shape());
            idx[d] += start;
            assertEquals(at(xv, s, idx), yv[f], 0.0);
        }
        check(t -> Ops.narrow(t[0], dim, start, length), x);
        check(t -> Ops.narrow(Ops.transpose(t[0], 0, -1), dim, Math.min(start, t[0].shape()[s.length - 1 - d]), 0), x);
    }

    @Property(tries = TRIES)
    void select(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                @ForAll @IntRange(min = 0, max = 2) int which, @ForAll boolean negative,
                @ForAll @IntRange(min = 0, max = 5) int i, @ForAll DType dtype, @ForAll long seed) {
        int[] s = shape(dims);
        int d = which % s.length;
        int dim = negative ? d - s.length : d;
        int index = i % s[d] - (i >= 3 ? s[d] : 0);
        Tensor x = normal(seed, dtype, s);
        Tensor y = Ops.select(x, dim, index);
        assertEquals(s.length - 1, y.rank());
        assertArrayEquals(Ops.narrow(x, dim, index < 0 ? index + s[d] : index, 1).toDoubleArray(), y.toDoubleArray(), 0.0);
        check(t -> Ops.select(t[0], dim, index), x);
    }

    @Test
    void narrowAndSelectErrorsNameTheIndexAndSize() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3);
        assertMessage(IllegalArgumentException.class, () -> Ops.narrow(x, 1, 2, 2), "narrow", "start 2", "length 2",
                "size 3");
        assertMessage(IndexOutOfBoundsException.class, () -> Ops.select(x, 0, 2), "select", "index 2", "size 2");
        assertMessage(IndexOutOfBoundsException.class, () -> Ops.select(x, -1, -4), "select", "index -4", "size 3");
        assertEquals(2.0, Ops.narrow(Tensor.of(new double[] {0, 1, 2, 3}, 4), 0, -2, 1).item());
    }

    // ------------------------------------------------------------------ indexSelect

    @Property(tries = TRIES)
    void indexSelect(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                     @ForAll @IntRange(min = 0, max = 2) int which, @ForAll boolean negative,
                     @ForAll @Size(max = 5) List<@IntRange(min = 0, max = 20) Integer> picks,
                     @ForAll DType dtype, @ForAll long seed) {
        int[] s = shape(dims);
        int d = which % s.length;
        int dim = negative ? d - s.length : d;
        int[] index = picks.stream().mapToInt(p -> p % s[d]).toArray();
        Tensor x = normal(seed, dtype, s);
        Tensor y = Ops.indexSelect(x, dim, index);
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        for (int f = 0; f < yv.length; f++) {
            int[] idx = Reference.unravel(f, y.shape());
            idx[d] = index[idx[d]];
            assertEquals(at(xv, s, idx), yv[f], 0.0);
        }
        check(t -> Ops.indexSelect(t[0], dim, index), x);
    }

    @Test
    void repeatedIndicesAccumulateTheirGradients() {
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).requiresGrad(true);
        Tensor y = Ops.indexSelect(w, 0, new int[] {2, 0, 2, 2});
        Ops.sum(Ops.mul(y, Tensor.of(new double[] {1, 10, 100, 1000, 10000, 100000, 1e6, 1e7}, 4, 2))).backward();
        assertArrayEquals(new double[] {100, 1000, 0, 0, 1010001, 10100010}, w.grad().toDoubleArray(), 0.0);
    }

    @Test
    void indexOutOfRangeNamesTheIndexAndTheSize() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 4, 3);
        assertMessage(IndexOutOfBoundsException.class, () -> Ops.indexSelect(x, 1, new int[] {0, 3}),
                "indexSelect", "index 3", "position 1", "size 3");
        assertMessage(IndexOutOfBoundsException.class, () -> Ops.indexSelect(x, 0, new int[] {-1}),
                "indexSelect", "index -1", "size 4");
    }

    // ------------------------------------------------------------------ pad

    @Property(tries = TRIES)
    void pad(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 4) Integer> dims,
             @ForAll @Size(max = 6) List<@IntRange(min = -2, max = 2) Integer> drawn,
             @ForAll boolean zero, @ForAll DType dtype, @ForAll long seed) {
        int[] s = shape(dims);
        int pairs = Math.min(drawn.size() / 2, s.length);
        int[] pads = new int[2 * pairs];
        for (int k = 0; k < pairs; k++) {
            int d = s.length - 1 - k;
            pads[2 * k] = Math.max(drawn.get(2 * k), -s[d]);
            pads[2 * k + 1] = Math.max(drawn.get(2 * k + 1), -s[d] - pads[2 * k]);
        }
        double value = zero ? 0.0 : -1.5;
        Tensor x = normal(seed, dtype, s);
        Tensor y = Ops.pad(x, pads, value);
        int[] ys = y.shape();
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        for (int f = 0; f < yv.length; f++) {
            int[] idx = Reference.unravel(f, ys);
            boolean inside = true;
            for (int k = 0; k < pairs; k++) {
                int d = s.length - 1 - k;
                idx[d] -= pads[2 * k];
                inside &= idx[d] >= 0 && idx[d] < s[d];
            }
            assertEquals(inside ? at(xv, s, idx) : value, yv[f], 0.0);
        }
        check(t -> Ops.pad(t[0], pads, value), x);
    }

    @Test
    void padMatchesPyTorch() {
        // torch 1.13: F.pad(torch.arange(12.).reshape(3, 4), [1, -2, -1, 1], value=7.0)
        Tensor x = Tensor.arange(0, 12, 1, DType.FLOAT32);
        Tensor y = Ops.pad(Ops.reshape(x, 3, 4), new int[] {1, -2, -1, 1}, 7.0);
        assertArrayEquals(new int[] {3, 3}, y.shape());
        assertArrayEquals(new double[] {7, 4, 5, 7, 8, 9, 7, 7, 7}, y.toDoubleArray(), 0.0);
        assertMessage(IllegalArgumentException.class, () -> Ops.pad(Ops.reshape(x, 3, 4), new int[] {-3, -2}, 0),
                "pad", "[3, 4]", "negative size -1");
        assertMessage(IllegalArgumentException.class, () -> Ops.pad(x, new int[] {1, 1, 1, 1}, 0), "pad", "[12]");
    }
}
