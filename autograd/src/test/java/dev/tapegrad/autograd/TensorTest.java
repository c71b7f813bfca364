package dev.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The tensor on its own (no ops): factories, strided views, element access, formatting, shape arithmetic. */
class TensorTest {

    // ------------------------------------------------------------------ factories

    @Test
    void ofCopiesItsDataAndKeepsTheDType() {
        double[] d = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(d, 2, 3);
        d[0] = 99;
        assertEquals(DType.FLOAT64, t.dtype());
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.toDoubleArray(), 0);
        float[] f = {1.5f, 2.5f};
        Tensor u = Tensor.of(f, 2);
        f[1] = 0;
        assertEquals(DType.FLOAT32, u.dtype());
        assertArrayEquals(new double[] {1.5, 2.5}, u.toDoubleArray(), 0);
    }

    @Test
    void shapeIsACopy() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 2, 3);
        t.shape()[0] = 7;
        assertArrayEquals(new int[] {2, 3}, t.shape());
    }

    @Test
    void scalarsAreZeroDim() {
        Tensor s = Tensor.scalar(2.5);
        assertArrayEquals(new int[0], s.shape());
        assertEquals(0, s.rank());
        assertEquals(1, s.numel());
        assertEquals(DType.FLOAT64, s.dtype());
        assertEquals(2.5, s.item(), 0);
        assertEquals(2.5, s.get(), 0);
        assertEquals(DType.FLOAT32, Tensor.scalar(1.0, DType.FLOAT32).dtype());
        assertEquals(3.0, Tensor.of(new double[] {3.0}).item(), 0);
    }

    @Test
    void zerosOnesFull() {
        for (DType dtype : DType.values()) {
            assertArrayEquals(new double[6], Tensor.zeros(dtype, 2, 3).toDoubleArray(), 0);
            assertArrayEquals(new double[] {1, 1, 1, 1}, Tensor.ones(dtype, 4).toDoubleArray(), 0);
            Tensor f = Tensor.full(0.25, dtype, 3, 1);
            assertEquals(dtype, f.dtype());
            assertArrayEquals(new int[] {3, 1}, f.shape());
            assertArrayEquals(new double[] {0.25, 0.25, 0.25}, f.toDoubleArray(), 0);
            assertEquals(0, Tensor.zeros(dtype, 2, 0, 3).numel());
        }
    }

    @Test
    void arangeLikeTorch() {
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, Tensor.arange(5).toDoubleArray(), 0);
        assertEquals(DType.FLOAT32, Tensor.arange(5).dtype());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(1, 3, 0.5, DType.FLOAT64).toDoubleArray(), 0);
        assertArrayEquals(new double[] {3, 1}, Tensor.arange(3, 0, -2, DType.FLOAT64).toDoubleArray(), 0);
        assertEquals(0, Tensor.arange(2, 2, 1, DType.FLOAT64).numel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(0, 1, 0, DType.FLOAT64));
        assertTrue(e.getMessage().contains("arange") && e.getMessage().contains("step=0"), e.getMessage());
    }

    @Test
    void seededRandomIsReproducible() {
        for (DType dtype : DType.values()) {
            assertArrayEquals(Tensor.randn(42, dtype, 3, 4).toDoubleArray(),
                    Tensor.randn(42, dtype, 3, 4).toDoubleArray(), 0);
            assertArrayEquals(Tensor.rand(42, dtype, 5).toDoubleArray(),
                    Tensor.rand(42, dtype, 5).toDoubleArray(), 0);
            assertFalse(Arrays.equals(Tensor.randn(42, dtype, 8).toDoubleArray(),
                    Tensor.randn(43, dtype, 8).toDoubleArray()));
        }
        double[] u = Tensor.rand(7, DType.FLOAT64, 10_000).toDoubleArray();
        assertTrue(Arrays.stream(u).allMatch(v -> v >= 0 && v < 1));
        assertEquals(0.5, Arrays.stream(u).average().orElseThrow(), 0.02);
        double[] n = Tensor.randn(7, DType.FLOAT64, 10_000).toDoubleArray();
        double mean = Arrays.stream(n).average().orElseThrow();
        double var = Arrays.stream(n).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        assertEquals(0, mean, 0.05);
        assertEquals(1, var, 0.05);
    }

    @Test
    void wrapSharesTheArray() {
        float[] data = {1, 2};
        Tensor t = Tensor.wrap(data, 2);
        data[0] = 5;
        assertEquals(5, t.get(0), 0);
    }

    // ------------------------------------------------------------------ element access and views

    @Test
    void getAndSetByMultiIndex() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 2, 3);
        t.set(7.5, 1, 2).set(-1, 0, -1);
        assertEquals(7.5, t.get(1, 2), 0);
        assertEquals(7.5, t.get(-1, -1), 0);
        assertArrayEquals(new double[] {0, 0, -1, 0, 0, 7.5}, t.toDoubleArray(), 0);
    }

    @Test
    void transposedViewThroughAsStrided() {
        Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor v = t.asStrided(new int[] {3, 2}, new int[] {1, 3}, 0);
        assertFalse(v.isContiguous());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, v.toDoubleArray(), 0);
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, v.toFloatArray());
        assertEquals(5, v.get(1, 1), 0);
        v.set(50, 1, 1);
        assertEquals(50, t.get(1, 1), 0, "a view writes through to its storage");
        Tensor c = v.contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(v.toDoubleArray(), c.toDoubleArray(), 0);
    }

    @Test
    void broadcastAndOffsetViews() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 6);
        Tensor row = t.asStrided(new int[] {2, 3}, new int[] {0, 1}, 2);   // [3,4,5] repeated
        assertArrayEquals(new double[] {3, 4, 5, 3, 4, 5}, row.toDoubleArray(), 0);
        Tensor reversed = t.asStrided(new int[] {3}, new int[] {-2}, 5);
        assertArrayEquals(new double[] {6, 4, 2}, reversed.toDoubleArray(), 0);
        Tensor every = t.asStrided(new int[] {2, 2}, new int[] {3, 2}, 0);
        assertArrayEquals(new double[] {1, 3, 4, 6}, every.toDoubleArray(), 0);
        assertArrayEquals(new double[] {1, 3, 4, 6}, every.copy().toDoubleArray(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.asStrided(new int[] {2, 3}, new int[] {3, 1}, 1));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void copyFromWritesThroughAView() {
        Tensor t = Tensor.zeros(DType.FLOAT64, 2, 2);
        Tensor tr = t.asStrided(new int[] {2, 2}, new int[] {1, 2}, 0);
        tr.copyFrom(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertArrayEquals(new double[] {1, 3, 2, 4}, t.toDoubleArray(), 0);
    }

    @Test
    void floatDataOfAViewIsACopy() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor tr = t.asStrided(new int[] {2, 2}, new int[] {1, 2}, 0);
        assertArrayEquals(new float[] {1, 3, 2, 4}, tr.floatData());
        IllegalStateException e = assertThrows(IllegalStateException.class, tr::doubleData);
        assertTrue(e.getMessage().contains("FLOAT32"), e.getMessage());
    }

    // ------------------------------------------------------------------ toString

    @Test
    void toStringShowsShapeDTypeAndAnExcerpt() {
        Tensor t = Tensor.arange(0, 100, 1, DType.FLOAT64);
        String s = Tensor.of(t.toDoubleArray(), 10, 10).toString();
        assertTrue(s.contains("shape=[10, 10]"), s);
        assertTrue(s.contains("FLOAT64"), s);
        assertTrue(s.contains("[0., 1., 2., ..., 7., 8., 9.]"), s);
        assertTrue(s.contains("[90., 91., 92., ..., 97., 98., 99.]"), s);
        assertFalse(s.contains("45."), "the middle is elided: " + s);
        String f = Tensor.of(new float[] {0.5f, 1e-6f}, 2).requiresGrad(true).toString();
        assertTrue(f.contains("FLOAT32") && f.contains("requiresGrad=true"), f);
        assertTrue(f.contains("0.5000") && f.contains("1.0000e-06"), f);
        assertTrue(Tensor.scalar(3).toString().contains("shape=[]"));
    }

    // ------------------------------------------------------------------ autograd flags without ops

    @Test
    void leafFlagsAndGrad() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 2);
        assertFalse(x.requiresGrad());
        assertTrue(x.isLeaf());
        assertNull(x.grad());
        x.requiresGrad(true);
        x.setGrad(Tensor.ones(DType.FLOAT32, 2));
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> x.setGrad(Tensor.ones(DType.FLOAT64, 2)));
        assertFalse(x.detach().requiresGrad());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tensor.zeros(DType.FLOAT32, 2).registerHook(g -> g));
        assertTrue(e.getMessage().contains("registerHook"), e.getMessage());
    }

    // ------------------------------------------------------------------ Shapes

    @Test
    void broadcastShapes() {
        assertArrayEquals(new int[] {2, 3}, Shapes.broadcast("t", new int[] {2, 3}, new int[0]));
        assertArrayEquals(new int[] {4, 2, 3}, Shapes.broadcast("t", new int[] {4, 1, 3}, new int[] {2, 1}));
        assertArrayEquals(new int[] {0, 3}, Shapes.broadcast("t", new int[] {1, 3}, new int[] {0, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shapes.broadcast("myop", new int[] {2, 3}, new int[] {3, 2}));
        assertTrue(e.getMessage().startsWith("myop") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Property(tries = 50)
    void offsetsVisitElementsInRowMajorOrder(@ForAll @Size(max = 4) List<@IntRange(min = 0, max = 3) Integer> dims,
                                             @ForAll @IntRange(min = 0, max = 5) int offset) {
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int[] strides = new int[shape.length];
        int s = 7;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;                        // deliberately non-contiguous, with gaps
            s = s * Math.max(shape[d], 1) + 1;
        }
        int[] at = Shapes.offsets(shape, strides, offset);
        assertEquals(Shapes.numel(shape), at.length);
        for (int i = 0; i < at.length; i++) {
            int[] idx = Shapes.unravel(i, shape);
            int expected = offset;
            for (int d = 0; d < shape.length; d++) {
                expected += idx[d] * strides[d];
            }
            assertEquals(expected, at[i], "element " + Arrays.toString(idx));
        }
    }

    @Test
    void contiguousStridesAndDims() {
        assertArrayEquals(new int[] {12, 4, 1}, Shapes.contiguousStrides(new int[] {2, 3, 4}));
        assertArrayEquals(new int[0], Shapes.contiguousStrides(new int[0]));
        assertEquals(2, Shapes.dim("op", -1, 3));
        assertEquals(0, Shapes.dim("op", -1, 0), "a 0-d tensor accepts dim 0 and -1, like PyTorch");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.dim("op", 3, 3));
        assertTrue(e.getMessage().contains("op: dim 3") && e.getMessage().contains("[-3, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shapes.numel(new int[] {2, -1}));
        assertNotEquals(0, Shapes.numel(new int[] {65536, 32767}));
        assertThrows(IllegalArgumentException.class, () -> Shapes.numel(new int[] {65536, 65536}));
    }
}
