package dev.tapegrad.ops;

import static dev.tapegrad.ops.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Every op of {@link Ops}: forward values against the plain loops of {@link Reference} in the drawn
 * dtype, then gradcheck and gradgradcheck (in FLOAT64, see {@link GradCheck}), then the FLOAT32 vjps
 * against the FLOAT64 ones. Shapes and broadcasting patterns are drawn by jqwik, 0-d and size-1 dims
 * included; values are kept away from kinks (relu at 0, log and sqrt near 0, ties of max).
 */
class OpsGradTest {
    private static final int TRIES = 30;

    // ------------------------------------------------------------------ the one-line check

    /**
     * gradcheck and gradgradcheck of {@code f} at {@code inputs} in FLOAT64, and the vjp of {@code f}
     * run on FLOAT32 copies of the inputs against the FLOAT64 vjp: FLOAT32 gradients, close to FLOAT64's.
     */
    static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(1, f, inputs);
    }

    /**
     * {@link #check(Function, Tensor...)} for a function whose FLOAT32 rounding errors are amplified by
     * {@code condition} at these inputs (a normalization of a row whose spread is small against its
     * values, say): the FLOAT32 gradients must then agree with FLOAT64's to {@code condition} times the
     * usual tolerance. The FLOAT64 gradcheck and gradgradcheck are unchanged.
     */
    static void check(double condition, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result first = GradCheck.gradcheck(f, inputs);
        assertTrue(first.passed(), first.report());
        GradCheck.Result second = GradCheck.gradgradcheck(f, inputs);
        assertTrue(second.passed(), second.report());
        checkFloat32(Math.max(1, condition), f, inputs);
    }

    private static void checkFloat32(double condition, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] x32 = new Tensor[inputs.length];
        Tensor[] x64 = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            float[] v = inputs[i].toFloatArray();
            x32[i] = Tensor.of(v, inputs[i].shape()).requiresGrad(true);
            x64[i] = Tensor.of(toDouble(v), inputs[i].shape()).requiresGrad(true);
        }
        Tensor y32 = f.apply(x32);
        Tensor y64 = f.apply(x64);
        assertEquals(DType.FLOAT32, y32.dtype(), "FLOAT32 inputs give a FLOAT32 output");
        Tensor v64 = Tensor.randn(99, DType.FLOAT64, y64.shape());
        Tensor v32 = Tensor.of(v64.toFloatArray(), y64.shape());
        Tensor[] g32 = Autograd.grad(y32, x32, v32, false, false);
        Tensor[] g64 = Autograd.grad(y64, x64, v64, false, false);
        for (int i = 0; i < inputs.length; i++) {
            assertEquals(DType.FLOAT32, g32[i].dtype(), "gradient of FLOAT32 input " + i);
            double[] a = g32[i].toDoubleArray();
            double[] b = g64[i].toDoubleArray();
            for (int e = 0; e < a.length; e++) {
                assertEquals(b[e], a[e], 1e-4 * condition * Math.max(1, Math.abs(b[e])),
                        "FLOAT32 gradient of input " + i + " element " + e);
            }
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    // ------------------------------------------------------------------ values

    static Tensor normal(long seed, DType dtype, int... shape) {
        return Tensor.randn(seed, dtype, shape);
    }

    /** Values in [lo, lo + 1.5): positive, away from 0, for log, sqrt, pow and denominators. */
    static Tensor positive(long seed, DType dtype, double lo, int... shape) {
        Tensor t = Tensor.rand(seed, dtype, shape);
        return map(t, v -> lo + 1.5 * v);
    }

    /** Normal values pushed at least 0.1 away from 0 (relu's kink). */
    static Tensor awayFromZero(long seed, DType dtype, int... shape) {
        return map(Tensor.randn(seed, dtype, shape), v -> v >= 0 ? v + 0.1 : v - 0.1);
    }

    /** Distinct values, at least 0.3 apart, in random order (no ties for max). */
    static Tensor distinct(long seed, DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        int n = t.numel();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(seed));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.3 * (order.get(i) - n / 2.0);
        }
        return dtype == DType.FLOAT32 ? Tensor.of(toFloat(v), shape) : Tensor.of(v, shape);
    }

    private static Tensor map(Tensor t, java.util.function.DoubleUnaryOperator f) {
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(v[i]);
        }
        return t.dtype() == DType.FLOAT32 ? Tensor.of(toFloat(v), t.shape()) : Tensor.of(v, t.shape());
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    // ------------------------------------------------------------------ shapes drawn by jqwik

    /** Two shapes that broadcast together: leading dims dropped and dims set to 1 independently. */
    record Pair(int[] a, int[] b) {
        @Override
        public String toString() {
            return Arrays.toString(a) + " with " + Arrays.toString(b);
        }
    }

    @Provide
    Arbitrary<Pair> broadcastPairs() {
        Arbitrary<List<Integer>> out = Arbitraries.integers().between(1, 3).list().ofMaxSize(3);
        Arbitrary<Integer> drop = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> ones = Arbitraries.integers().between(0, 7);
        return Combinators.combine(out, drop, ones, drop, ones)
                .as((o, da, oa, db, ob) -> new Pair(derive(o, da, oa), derive(o, db, ob)));
    }

    private static int[] derive(List<Integer> out, int drop, int onesMask) {
        int rank = out.size();
        int keep = rank - Math.min(drop, rank);
        int[] s = new int[keep];
        for (int i = 0; i < keep; i++) {
            s[i] = ((onesMask >> i) & 1) != 0 ? 1 : out.get(rank - keep + i);
        }
        return s;
    }

    private static int[] shape(List<Integer> dims) {
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    // ------------------------------------------------------------------ arithmetic

    @Property(tries = TRIES)
    void add(@ForAll("broadcastPairs") Pair p, @ForAll DType dtype, @ForAll long seed) {
        Tensor a = normal(seed, dtype, p.a());
        Tensor b = normal(seed + 1, dtype, p.b());
        assertClose(Reference.binary(a, b, Double::sum), Ops.add(a, b), dtype);
        check(x -> Ops.add(x[0], x[1]), a, b);
    }

    @Property(tries = TRIES)
    void sub(@ForAll("broadcastPairs") Pair p, @ForAll DType dtype, @ForAll long seed) {
        Tensor a = normal(seed, dtype, p.a());
        Tensor b = normal(seed + 1, dtype, p.b());
        assertClose(Reference.binary(a, b, (x, y) -> x - y), Ops.sub(a, b), dtype);
        check(x -> Ops.sub(x[0], x[1]), a, b);
    }

    @Property(tries = TRIES)
    void mul(@ForAll("broadcastPairs") Pair p, @ForAll DType dtype, @ForAll long seed) {
        Tensor a = normal(seed, dtype, p.a());
        Tensor b = normal(seed + 1, dtype, p.b());
        assertClose(Reference.binary(a, b, (x, y) -> x * y), Ops.mul(a, b), dtype);
        check(x -> Ops.mul(x[0], x[1]), a, b);
    }

    @Property(tries = TRIES)
    void div(@ForAll("broadcastPairs") Pair p, @ForAll DType dtype, @ForAll long seed) {
        Tensor a = normal(seed, dtype, p.a());
        Tensor b = positive(seed + 1, dtype, 0.5, p.b());
        assertClose(Reference.binary(a, b, (x, y) -> x / y), Ops.div(a, b), dtype);
        check(x -> Ops.div(x[0], x[1]), a, b);
    }

    @Property(tries = TRIES)
    void aTensorUsedOnBothSides(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                                @ForAll DType dtype, @ForAll long seed) {
        Tensor a = positive(seed, dtype, 0.5, shape(dims));
        check(x -> Ops.div(Ops.mul(x[0], x[0]), Ops.add(x[0], x[0])), a);
    }

    @Property(tries = TRIES)
    void aZeroDimScalarTakesTheOtherDType(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                                         @ForAll DType dtype, @ForAll long seed) {
        Tensor a = normal(seed, dtype, shape(dims));
        Tensor s = Tensor.scalar(0.75).requiresGrad(true);
        Tensor y = Ops.mul(a.requiresGrad(true), s);
        assertClose(Reference.binary(a, Tensor.scalar(0.75), (x, c) -> x * c), y, dtype);
        assertEquals(dtype, Ops.add(Tensor.scalar(1.0), a).dtype());
        Ops.sum(y).backward();
        assertEquals(DType.FLOAT64, s.grad().dtype(), "the scalar's gradient keeps the scalar's dtype");
        assertEquals(dtype, a.grad().dtype());
        assertEquals(Arrays.stream(a.toDoubleArray()).sum(), s.grad().item(), 1e-4);
        check(x -> Ops.sub(x[0], x[1]), a, Tensor.scalar(0.3));
    }

    // ------------------------------------------------------------------ pointwise

    @Property(tries = TRIES)
    void neg(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
             @ForAll long seed) {
        Tensor a = normal(seed, dtype, shape(dims));
        assertClose(Reference.unary(a, v -> -v), Ops.neg(a), dtype);
        check(x -> Ops.neg(x[0]), a);
    }

    @Property(tries = TRIES)
    void exp(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
             @ForAll long seed) {
        Tensor a = normal(seed, dtype, shape(dims));
        assertClose(Reference.unary(a, Math::exp), Ops.exp(a), dtype);
        check(x -> Ops.exp(x[0]), a);
    }

    @Property(tries = TRIES)
    void log(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
             @ForAll long seed) {
        Tensor a = positive(seed, dtype, 0.3, shape(dims));
        assertClose(Reference.unary(a, Math::log), Ops.log(a), dtype);
        check(x -> Ops.log(x[0]), a);
    }

    @Property(tries = TRIES)
    void sqrt(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
              @ForAll long seed) {
        Tensor a = positive(seed, dtype, 0.3, shape(dims));
        assertClose(Reference.unary(a, Math::sqrt), Ops.sqrt(a), dtype);
        check(x -> Ops.sqrt(x[0]), a);
    }

    @Property(tries = TRIES)
    void tanh(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
              @ForAll long seed) {
        Tensor a = normal(seed, dtype, shape(dims));
        assertClose(Reference.unary(a, Math::tanh), Ops.tanh(a), dtype);
        check(x -> Ops.tanh(x[0]), a);
    }

    @Property(tries = TRIES)
    void sigmoid(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
                 @ForAll long seed) {
        Tensor a = normal(seed, dtype, shape(dims));
        assertClose(Reference.unary(a, v -> 1 / (1 + Math.exp(-v))), Ops.sigmoid(a), dtype);
        check(x -> Ops.sigmoid(x[0]), a);
    }

    @Property(tries = TRIES)
    void relu(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
              @ForAll long seed) {
        Tensor a = awayFromZero(seed, dtype, shape(dims));
        assertClose(Reference.unary(a, v -> v > 0 ? v : 0), Ops.relu(a), dtype);
        check(x -> Ops.relu(x[0]), a);
    }

    @Property(tries = TRIES)
    void pow(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
             @ForAll long seed, @ForAll("exponents") double p) {
        Tensor a = positive(seed, dtype, 0.4, shape(dims));
        assertClose(Reference.unary(a, v -> Math.pow(v, p)), Ops.pow(a, p), dtype);
        check(x -> Ops.pow(x[0], p), a);
    }

    @Provide
    Arbitrary<Double> exponents() {
        return Arbitraries.of(0.0, 1.0, 2.0, 3.0, 0.5, -1.0, 1.5, -0.5);
    }

    @Property(tries = TRIES)
    void cast(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType from,
              @ForAll DType to, @ForAll long seed) {
        Tensor a = normal(seed, from, shape(dims)).requiresGrad(true);
        Tensor y = Ops.cast(a, to);
        assertEquals(to, y.dtype());
        assertArrayEquals(a.toFloatArray(), y.toFloatArray());
        Ops.sum(Ops.mul(y, Tensor.scalar(3.0))).backward();
        assertEquals(from, a.grad().dtype(), "the gradient comes back in the input's dtype");
        assertTrue(Arrays.stream(a.grad().toDoubleArray()).allMatch(g -> g == 3.0));
        // Through FLOAT32 and back the function is the identity up to rounding; a wide eps keeps the
        // central difference exact for this linear map while float rounding stays below atol.
        GradCheck.Options wide = GradCheck.Options.DEFAULT.withEps(1e-2);
        Function<Tensor[], Tensor> roundTrip = x -> Ops.mul(Ops.cast(Ops.cast(x[0], DType.FLOAT32), DType.FLOAT64),
                Tensor.scalar(2.0));
        GradCheck.Result r = GradCheck.gradcheck(wide, roundTrip, normal(seed, DType.FLOAT64, shape(dims)));
        assertTrue(r.passed(), r.report());
        GradCheck.Result r2 = GradCheck.gradgradcheck(wide, roundTrip, normal(seed, DType.FLOAT64, shape(dims)));
        assertTrue(r2.passed(), r2.report());
    }

    // ------------------------------------------------------------------ matmul

    @Provide
    Arbitrary<Pair> matmulPairs() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 3);
        Arbitrary<List<Integer>> batch = size.list().ofMaxSize(2);
        Arbitrary<Integer> drop = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> ones = Arbitraries.integers().between(0, 3);
        return Combinators.combine(batch, drop, ones, drop, ones, size.list().ofSize(3))
                .as((bt, da, oa, db, ob, mkn) -> {
                    int[] ba = derive(bt, da, oa);
                    int[] bb = derive(bt, db, ob);
                    int[] a = Arrays.copyOf(ba, ba.length + 2);
                    a[ba.length] = mkn.get(0);
                    a[ba.length + 1] = mkn.get(1);
                    int[] b = Arrays.copyOf(bb, bb.length + 2);
                    b[bb.length] = mkn.get(1);
                    b[bb.length + 1] = mkn.get(2);
                    return new Pair(a, b);
                });
    }

    @Property(tries = TRIES)
    void matmul(@ForAll("matmulPairs") Pair p, @ForAll DType dtype, @ForAll long seed) {
        Tensor a = normal(seed, dtype, p.a());
        Tensor b = normal(seed + 1, dtype, p.b());
        assertClose(Reference.matmul(a, b), Ops.matmul(a, b), dtype);
        check(x -> Ops.matmul(x[0], x[1]), a, b);
    }

    @Property(tries = TRIES)
    void matmulOfTransposedViews(@ForAll @IntRange(min = 1, max = 3) int m, @ForAll @IntRange(min = 1, max = 3) int k,
                                 @ForAll @IntRange(min = 1, max = 3) int n, @ForAll DType dtype, @ForAll long seed) {
        Tensor at = normal(seed, dtype, k, m);
        Tensor bt = normal(seed + 1, dtype, n, k);
        Tensor a = Ops.transpose(at, 0, 1);
        Tensor b = Ops.transpose(bt, 0, 1);
        assertClose(Reference.matmul(a, b), Ops.matmul(a, b), dtype);
        check(x -> Ops.matmul(Ops.transpose(x[0], 0, 1), Ops.transpose(x[1], -1, -2)), at, bt);
    }

    // ------------------------------------------------------------------ reductions

    @Property(tries = TRIES)
    void sumAll(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
                @ForAll long seed) {
        Tensor a = normal(seed, dtype, shape(dims));
        boolean[] all = new boolean[dims.size()];
        Arrays.fill(all, true);
        assertClose(Reference.sum(a, all, false), Ops.sum(a), dtype);
        check(x -> Ops.sum(x[0]), a);
    }

    @Property(tries = TRIES)
    void sumOverDims(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                     @ForAll @IntRange(min = 0, max = 7) int mask, @ForAll boolean negative,
                     @ForAll boolean keepDim, @ForAll DType dtype, @ForAll long seed) {
        int[] shape = shape(dims);
        Tensor a = normal(seed, dtype, shape);
        boolean[] r = new boolean[shape.length];
        int[] reduce = dimsOf(mask, shape.length, negative, r);
        assertClose(Reference.sum(a, reduce.length == 0 ? all(shape.length) : r, keepDim),
                Ops.sum(a, reduce, keepDim), dtype);
        check(x -> Ops.sum(x[0], reduce, keepDim), a);
    }

    @Property(tries = TRIES)
    void meanOverDims(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                      @ForAll @IntRange(min = 0, max = 7) int mask, @ForAll boolean keepDim, @ForAll DType dtype,
                      @ForAll long seed) {
        int[] shape = shape(dims);
        Tensor a = normal(seed, dtype, shape);
        boolean[] r = new boolean[shape.length];
        int[] reduce = dimsOf(mask, shape.length, false, r);
        boolean[] flags = reduce.length == 0 ? all(shape.length) : r;
        Reference.Dense s = Reference.sum(a, flags, keepDim);
        int count = a.numel() / Math.max(1, s.numel());
        double[] mean = Arrays.stream(s.v()).map(v -> v / count).toArray();
        assertClose(new Reference.Dense(s.shape(), mean), Ops.mean(a, reduce, keepDim), dtype);
        check(x -> Ops.mean(x[0], reduce, keepDim), a);
        check(x -> Ops.mean(x[0]), a);
    }

    @Property(tries = TRIES)
    void sumOfAZeroDimTensorOverDimZero(@ForAll DType dtype, @ForAll boolean keepDim, @ForAll long seed) {
        Tensor a = normal(seed, dtype);
        Tensor y = Ops.sum(a, new int[] {0}, keepDim);
        assertArrayEquals(new int[0], y.shape());
        assertEquals(a.item(), y.item(), 0);
        check(x -> Ops.sum(x[0], new int[] {-1}, keepDim), a);
        assertEquals(a.item(), Ops.mean(a, new int[] {0}, keepDim).item(), 0);
        check(x -> Ops.mean(x[0], new int[] {0}, keepDim), a);
    }

    private static int[] dimsOf(int mask, int rank, boolean negative, boolean[] flags) {
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            if (((mask >> d) & 1) != 0) {
                flags[d] = true;
                out.add(negative ? d - rank : d);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean[] all(int rank) {
        boolean[] r = new boolean[rank];
        Arrays.fill(r, true);
        return r;
    }

    @Property(tries = TRIES)
    void maxOverADim(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                     @ForAll @IntRange(min = 0, max = 5) int pick, @ForAll boolean keepDim, @ForAll DType dtype,
                     @ForAll long seed) {
        int[] shape = shape(dims);
        int d = pick % shape.length;
        Tensor a = distinct(seed, dtype, shape);
        assertClose(Reference.max(a, d, keepDim), Ops.max(a, d, keepDim), dtype);
        check(x -> Ops.max(x[0], d - shape.length, keepDim), a);
    }

    @Property(tries = 10)
    void maxSendsTheGradientToTheFirstMaximum(@ForAll DType dtype) {
        Tensor a = dtype == DType.FLOAT32
                ? Tensor.of(new float[] {1, 3, 3, 2, 2, 2}, 2, 3)
                : Tensor.of(new double[] {1, 3, 3, 2, 2, 2}, 2, 3);
        a.requiresGrad(true);
        Tensor m = Ops.max(a, 1, false);
        assertArrayEquals(new double[] {3, 2}, m.toDoubleArray());
        Ops.sum(m).backward();
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, a.grad().toDoubleArray());
    }

    // ------------------------------------------------------------------ shape ops

    @Property(tries = TRIES)
    void reshape(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                 @ForAll @IntRange(min = 0, max = 3) int infer, @ForAll boolean fromTransposed,
                 @ForAll DType dtype, @ForAll long seed) {
        int[] shape = shape(dims);
        List<Integer> shuffled = new ArrayList<>(dims);
        Collections.shuffle(shuffled, new java.util.Random(seed));
        shuffled.add(0, 1);
        int[] target = shape(shuffled);
        if (infer < target.length) {
            target[infer] = -1;
        }
        Tensor a = normal(seed, dtype, shape);
        Tensor src = fromTransposed ? Ops.transpose(a, 0, -1) : a;
        Tensor y = Ops.reshape(src, target);
        assertArrayEquals(Reference.of(src).v(), y.toDoubleArray(), "row-major order is kept");
        assertEquals(a.numel(), y.numel());
        check(x -> Ops.reshape(fromTransposed ? Ops.transpose(x[0], 0, -1) : x[0], target), a);
    }

    @Property(tries = TRIES)
    void flatten(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                 @ForAll @IntRange(min = 0, max = 2) int start, @ForAll DType dtype, @ForAll long seed) {
        int[] shape = shape(dims);
        int d = start % shape.length;
        Tensor a = normal(seed, dtype, shape);
        Tensor y = Ops.flatten(a, d);
        int[] expected = Arrays.copyOf(shape, d + 1);
        expected[d] = Reference.count(Arrays.copyOfRange(shape, d, shape.length));
        assertArrayEquals(expected, y.shape());
        assertArrayEquals(a.toDoubleArray(), y.toDoubleArray());
        check(x -> Ops.flatten(x[0], d), a);
    }

    @Property(tries = TRIES)
    void transpose(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                   @ForAll @IntRange(min = 0, max = 5) int i, @ForAll @IntRange(min = 0, max = 5) int j,
                   @ForAll DType dtype, @ForAll long seed) {
        int[] shape = shape(dims);
        int r = shape.length;
        int d0 = i % r;
        int d1 = j % r - (j % 2 == 0 ? r : 0);
        int[] perm = java.util.stream.IntStream.range(0, r).toArray();
        perm[d0] = (d1 + r) % r;
        perm[(d1 + r) % r] = d0;
        Tensor a = normal(seed, dtype, shape);
        assertClose(Reference.permute(a, perm), Ops.transpose(a, d0, d1), dtype);
        check(x -> Ops.transpose(x[0], d0, d1), a);
    }

    @Property(tries = TRIES)
    void permute(@ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> dims, @ForAll DType dtype,
                 @ForAll long seed) {
        int[] shape = shape(dims);
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            order.add(d);
        }
        Collections.shuffle(order, new java.util.Random(seed));
        int[] perm = shape(order);
        Tensor a = normal(seed, dtype, shape);
        assertClose(Reference.permute(a, perm), Ops.permute(a, perm), dtype);
        check(x -> Ops.mul(Ops.permute(x[0], perm), Ops.permute(x[0], perm)), a);
    }

    @Property(tries = TRIES)
    void expand(@ForAll("broadcastPairs") Pair p, @ForAll DType dtype, @ForAll long seed) {
        int[] target = Reference.broadcastShape(p.a(), p.b());
        Tensor a = normal(seed, dtype, p.a());
        Tensor y = Ops.expand(a, target);
        assertClose(Reference.binary(a, Tensor.zeros(dtype, target), Double::sum), y, dtype);
        check(x -> Ops.expand(x[0], target), a);
        // multiplying an expanded view by itself: the gradient sums over the broadcast copies twice
        check(x -> Ops.mul(Ops.expand(x[0], target), Ops.expand(x[0], target)), a);
    }

    // ------------------------------------------------------------------ softmax family

    @Property(tries = TRIES)
    void softmax(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                 @ForAll @IntRange(min = 0, max = 5) int pick, @ForAll DType dtype, @ForAll long seed) {
        int[] shape = shape(dims);
        int d = pick % shape.length;
        Tensor a = normal(seed, dtype, shape);
        assertClose(Reference.softmax(a, d, false), Ops.softmax(a, d), dtype);
        check(x -> Ops.softmax(x[0], d), a);
    }

    @Property(tries = TRIES)
    void logSoftmax(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 3) Integer> dims,
                    @ForAll @IntRange(min = 0, max = 5) int pick, @ForAll DType dtype, @ForAll long seed) {
        int[] shape = shape(dims);
        int d = pick % shape.length - shape.length;
        Tensor a = normal(seed, dtype, shape);
        assertClose(Reference.softmax(a, d + shape.length, true), Ops.logSoftmax(a, d), dtype);
        check(x -> Ops.logSoftmax(x[0], d), a);
    }

    @Property(tries = 10)
    void softmaxIsStableForLargeInputs(@ForAll DType dtype) {
        Tensor a = dtype == DType.FLOAT32
                ? Tensor.of(new float[] {1000, 1001, -1000}, 3)
                : Tensor.of(new double[] {1000, 1001, -1000}, 3);
        double[] ls = Ops.logSoftmax(a, 0).toDoubleArray();
        double lse = 1001 + Math.log(1 + Math.exp(-1));
        assertEquals(1000 - lse, ls[0], 1e-4);
        assertEquals(1001 - lse, ls[1], 1e-4);
        assertEquals(-1000 - lse, ls[2], 1e-2);
        double[] s = Ops.softmax(a, 0).toDoubleArray();
        assertEquals(1.0, s[0] + s[1] + s[2], 1e-6);
        assertTrue(Arrays.stream(s).allMatch(Double::isFinite));
    }

    // ------------------------------------------------------------------ a composite

    @Property(tries = TRIES)
    void aSmallNetwork(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 1, max = 3) int in,
                       @ForAll @IntRange(min = 2, max = 3) int out, @ForAll long seed) {
        Tensor x = normal(seed, DType.FLOAT64, batch, in);
        Tensor w = normal(seed + 1, DType.FLOAT64, in, out);
        Tensor b = normal(seed + 2, DType.FLOAT64, out);
        check(t -> Ops.mean(Ops.logSoftmax(Ops.add(Ops.matmul(Ops.tanh(t[0]), t[1]), t[2]), 1)), x, w, b);
    }
}
