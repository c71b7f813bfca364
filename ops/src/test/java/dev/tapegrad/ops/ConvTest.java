package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Autograd;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ConvDouble;
import dev.tapegrad.ops.kernels.ConvFloat;
import dev.tapegrad.ops.kernels.ConvGeometry;
import dev.tapegrad.ops.kernels.ConvMethod;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** conv2d and convTranspose2d: values against direct loops, gradients and gradients of gradients. */
class ConvTest {

    /** One drawn configuration; h and w are chosen so that the output has at least one pixel. */
    record ConvCase(int n, int cinG, int coutG, int groups, int h, int w, int[] k, int[] s, int[] p, int[] d,
                    boolean bias, int[] outPad, long seed) {
        int cin() {
            return cinG * groups;
        }

        int cout() {
            return coutG * groups;
        }

        Tensor x() {
            return Tensor.randn(seed, DType.FLOAT64, n, cin(), h, w);
        }

        Tensor weight() {
            return Tensor.randn(seed + 1, DType.FLOAT64, cout(), cinG, k[0], k[1]);
        }

        Tensor b() {
            return bias ? Tensor.randn(seed + 2, DType.FLOAT64, cout()) : null;
        }

        /** Weight of a transposed convolution from cin() to cout() channels: [Cin, Cout/groups, kH, kW]. */
        Tensor weightT() {
            return Tensor.randn(seed + 3, DType.FLOAT64, cin(), coutG, k[0], k[1]);
        }

        /** The transposed convolution of this case has an output of at least one pixel. */
        boolean transposable() {
            return (h - 1) * s[0] - 2 * p[0] + d[0] * (k[0] - 1) + outPad[0] >= 0
                    && (w - 1) * s[1] - 2 * p[1] + d[1] * (k[1] - 1) + outPad[1] >= 0;
        }

        @Override
        public String toString() {
            return "n=" + n + " cin=" + cin() + " cout=" + cout() + " groups=" + groups + " hw=" + h + "x" + w
                    + " k=" + Arrays.toString(k) + " s=" + Arrays.toString(s) + " p=" + Arrays.toString(p)
                    + " d=" + Arrays.toString(d) + " bias=" + bias + " outPad=" + Arrays.toString(outPad);
        }
    }

    @Provide
    Arbitrary<ConvCase> cases() {
        List<Arbitrary<Integer>> parts = List.of(
                Arbitraries.integers().between(1, 2),   // 0 n
                Arbitraries.integers().between(1, 2),   // 1 cin per group
                Arbitraries.integers().between(1, 2),   // 2 cout per group
                Arbitraries.integers().between(1, 3),   // 3 groups
                Arbitraries.integers().between(0, 3),   // 4 extra h
                Arbitraries.integers().between(0, 3),   // 5 extra w
                Arbitraries.integers().between(1, 3),   // 6 kh
                Arbitraries.integers().between(1, 3),   // 7 kw
                Arbitraries.integers().between(1, 3),   // 8 sh
                Arbitraries.integers().between(1, 3),   // 9 sw
                Arbitraries.integers().between(0, 2),   // 10 ph
                Arbitraries.integers().between(0, 2),   // 11 pw
                Arbitraries.integers().between(1, 2),   // 12 dh
                Arbitraries.integers().between(1, 2),   // 13 dw
                Arbitraries.integers().between(0, 1),   // 14 bias
                Arbitraries.integers().between(0, 2),   // 15 output padding (reduced below stride/dilation)
                Arbitraries.integers().between(0, 1000)); // 16 seed
        return Combinators.combine(parts).as(v -> {
            int[] k = {v.get(6), v.get(7)};
            int[] s = {v.get(8), v.get(9)};
            int[] p = {v.get(10), v.get(11)};
            int[] d = {v.get(12), v.get(13)};
            int h = Math.max(1, d[0] * (k[0] - 1) + 1 - 2 * p[0] + v.get(4));
            int w = Math.max(1, d[1] * (k[1] - 1) + 1 - 2 * p[1] + v.get(5));
            int[] op = {v.get(15) % Math.max(s[0], d[0]), v.get(15) % Math.max(s[1], d[1])};
            return new ConvCase(v.get(0), v.get(1), v.get(2), v.get(3), h, w, k, s, p, d, v.get(14) == 1, op,
                    v.get(16));
        });
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol, Object what) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape of " + what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), "element " + i + " of " + what);
        }
    }

    private static void assertPasses(GradCheck.Result r, Object what) {
        assertTrue(r.passed(), what + ": " + r.report());
    }

    private static Tensor f32(Tensor t) {
        return t == null ? null : Ops.cast(t, DType.FLOAT32);
    }

    @Property(tries = 60)
    void conv2dMatchesDirectLoops(@ForAll("cases") ConvCase c) {
        Tensor expected = ConvReference.conv2d(c.x(), c.weight(), c.b(), c.s(), c.p(), c.d(), c.groups());
        assertClose(expected, Ops.conv2d(c.x(), c.weight(), c.b(), c.s(), c.p(), c.d(), c.groups()), 1e-12, c);
        assertClose(expected, Ops.conv2d(f32(c.x()), f32(c.weight()), f32(c.b()), c.s(), c.p(), c.d(), c.groups()),
                1e-5, c);
    }

    @Property(tries = 60)
    void convTranspose2dMatchesDirectLoops(@ForAll("cases") ConvCase c) {
        Assume.that(c.transposable());
        Tensor expected = ConvReference.convTranspose2d(c.x(), c.weightT(), c.b(), c.s(), c.p(), c.outPad(), c.d(),
                c.groups());
        assertClose(expected, Ops.convTranspose2d(c.x(), c.weightT(), c.b(), c.s(), c.p(), c.outPad(), c.d(),
                c.groups()), 1e-12, c);
        assertClose(expected, Ops.convTranspose2d(f32(c.x()), f32(c.weightT()), f32(c.b()), c.s(), c.p(), c.outPad(),
                c.d(), c.groups()), 1e-5, c);
    }

    /** Both methods, both dtypes, all three kernels agree; the forward also with the direct loops. */
    @Property(tries = 60)
    void directAndGemmMethodsAgree(@ForAll("cases") ConvCase c) {
        Tensor x = c.x();
        Tensor w = c.weight();
        Tensor y = ConvReference.conv2d(x, w, c.b(), c.s(), c.p(), c.d(), c.groups());
        ConvGeometry g = new ConvGeometry(c.n(), c.cin(), c.h(), c.w(), c.cout(), y.size(2), y.size(3), c.k()[0],
                c.k()[1], c.s()[0], c.s()[1], c.p()[0], c.p()[1], c.d()[0], c.d()[1], c.groups());
        double[] gy = Tensor.randn(c.seed() + 9, DType.FLOAT64, y.shape()).toDoubleArray();
        double[][] results = new double[2 * ConvMethod.values().length][];
        int r = 0;
        for (ConvMethod m : ConvMethod.values()) {
            double[] out = new double[y.numel()];
            ConvDouble.forward(m, g, x.toDoubleArray(), w.toDoubleArray(), c.bias() ? c.b().toDoubleArray() : null, out);
            assertClose(y, Tensor.of(out, y.shape()), 1e-12, m + " forward " + c);
            float[] outF = new float[y.numel()];
            ConvFloat.forward(m, g, x.toFloatArray(), w.toFloatArray(), c.bias() ? c.b().toFloatArray() : null, outF);
            // F(4×4)'s points ±2 amplify FLOAT32 rounding (Winograd4Test): up to 5e-5 seen at these sizes
            double tolF = m == ConvMethod.WINOGRAD4 ? 2e-4 : 1e-5;
            assertClose(y, Tensor.of(outF, y.shape()), tolF, m + " float forward " + c);
            double[] gx = new double[x.numel()];
            Arrays.fill(gx, Double.NaN);
            ConvDouble.backwardData(m, g, gy, w.toDoubleArray(), gx);
            double[] gw = new double[w.numel()];
            Arrays.fill(gw, Double.NaN);
            ConvDouble.backwardWeight(m, g, x.toDoubleArray(), gy, gw);
            results[r++] = gx;
            results[r++] = gw;
        }
        assertClose(Tensor.of(results[0], x.shape()), Tensor.of(results[2], x.shape()), 1e-12, "backwardData " + c);
        assertClose(Tensor.of(results[1], w.shape()), Tensor.of(results[3], w.shape()), 1e-12, "backwardWeight " + c);
    }

    @Property(tries = 100)
    void conv2dGradients(@ForAll("cases") ConvCase c) {
        Function<Tensor[], Tensor> f = c.bias()
                ? t -> Ops.conv2d(t[0], t[1], t[2], c.s(), c.p(), c.d(), c.groups())
                : t -> Ops.conv2d(t[0], t[1], null, c.s(), c.p(), c.d(), c.groups());
        Tensor[] in = c.bias() ? new Tensor[] {c.x(), c.weight(), c.b()} : new Tensor[] {c.x(), c.weight()};
        assertPasses(GradCheck.gradcheck(f, in), c);
        assertPasses(GradCheck.gradgradcheck(f, in), c);
    }

    @Property(tries = 100)
    void convTranspose2dGradients(@ForAll("cases") ConvCase c) {
        Assume.that(c.transposable());
        Function<Tensor[], Tensor> f = c.bias()
                ? t -> Ops.convTranspose2d(t[0], t[1], t[2], c.s(), c.p(), c.outPad(), c.d(), c.groups())
                : t -> Ops.convTranspose2d(t[0], t[1], null, c.s(), c.p(), c.outPad(), c.d(), c.groups());
        Tensor[] in = c.bias() ? new Tensor[] {c.x(), c.weightT(), c.b()} : new Tensor[] {c.x(), c.weightT()};
        assertPasses(GradCheck.gradcheck(f, in), c);
        assertPasses(GradCheck.gradgradcheck(f, in), c);
    }

    /** Third order through the weight-gradient op and the transposed op: the square makes it non-zero. */
    @Test
    void thirdOrderThroughSquaredConv() {
        Tensor x = Tensor.randn(5, DType.FLOAT64, 1, 2, 4, 4);
        Tensor w = Tensor.randn(6, DType.FLOAT64, 2, 2, 2, 2);
        Function<Tensor[], Tensor> f = t -> {
            Tensor y = Ops.conv2d(t[0], t[1], null, 1, 1);
            return Ops.mul(y, y);
        };
        assertPasses(GradCheck.gradgradcheck(t -> {
            try (var on = GradMode.enableGrad()) {
                Tensor[] g = Autograd.grad(Ops.sum(f.apply(t)), t, true);
                return Ops.add(Ops.sum(Ops.mul(g[0], g[0])), Ops.sum(Ops.mul(g[1], g[1])));
            }
        }, x, w), "third order");
    }

    private static void edge(Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] d, int groups) {
        Tensor expected = ConvReference.conv2d(x, w, b, s, p, d, groups);
        assertClose(expected, Ops.conv2d(x, w, b, s, p, d, groups), 1e-12, "edge");
        Function<Tensor[], Tensor> f = t -> Ops.conv2d(t[0], t[1], t[2], s, p, d, groups);
        assertPasses(GradCheck.gradcheck(f, x, w, b), "edge");
        assertPasses(GradCheck.gradgradcheck(f, x, w, b), "edge");
    }

    @Test
    void oneByOneInput() {
        edge(Tensor.randn(1, DType.FLOAT64, 2, 3, 1, 1), Tensor.randn(2, DType.FLOAT64, 4, 3, 1, 1),
                Tensor.randn(3, DType.FLOAT64, 4), new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1);
        edge(Tensor.randn(1, DType.FLOAT64, 1, 2, 1, 1), Tensor.randn(2, DType.FLOAT64, 2, 2, 3, 3),
                Tensor.randn(3, DType.FLOAT64, 2), new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
    }

    @Test
    void kernelEqualToPaddedInput() {
        edge(Tensor.randn(1, DType.FLOAT64, 2, 2, 3, 2), Tensor.randn(2, DType.FLOAT64, 3, 2, 5, 4),
                Tensor.randn(3, DType.FLOAT64, 3), new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
    }

    @Test
    void strideLargerThanKernel() {
        edge(Tensor.randn(1, DType.FLOAT64, 2, 2, 7, 6), Tensor.randn(2, DType.FLOAT64, 2, 2, 2, 1),
                Tensor.randn(3, DType.FLOAT64, 2), new int[] {3, 4}, new int[] {1, 0}, new int[] {1, 1}, 1);
    }

    @Test
    void depthwiseGroupsEqualChannels() {
        edge(Tensor.randn(1, DType.FLOAT64, 2, 3, 5, 4), Tensor.randn(2, DType.FLOAT64, 6, 1, 3, 3),
                Tensor.randn(3, DType.FLOAT64, 6), new int[] {1, 2}, new int[] {1, 1}, new int[] {2, 1}, 3);
    }

    @Test
    void pointwiseConvolutionIsAMatrixProduct() {
        Tensor x = Tensor.randn(1, DType.FLOAT32, 2, 3, 4, 5);
        Tensor w = Tensor.randn(2, DType.FLOAT32, 6, 3, 1, 1);
        Tensor expected = Ops.matmul(Ops.reshape(w, 6, 3), Ops.reshape(x, 2, 3, 20));
        assertClose(expected, Ops.reshape(Ops.conv2d(x, w), 2, 6, 20), 1e-5, "1x1");
        edge(Tensor.randn(4, DType.FLOAT64, 2, 4, 3, 3), Tensor.randn(5, DType.FLOAT64, 4, 2, 1, 1),
                Tensor.randn(6, DType.FLOAT64, 4), new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2);
    }

    @Test
    void overloadsUsePyTorchDefaults() {
        Tensor x = Tensor.randn(1, DType.FLOAT64, 1, 2, 6, 6);
        Tensor w = Tensor.randn(2, DType.FLOAT64, 3, 2, 3, 3);
        Tensor b = Tensor.randn(3, DType.FLOAT64, 3);
        int[] one = {1, 1};
        int[] zero = {0, 0};
        assertClose(ConvReference.conv2d(x, w, null, one, zero, one, 1), Ops.conv2d(x, w), 1e-12, "conv2d(x, w)");
        assertClose(ConvReference.conv2d(x, w, b, one, zero, one, 1), Ops.conv2d(x, w, b), 1e-12, "conv2d(x, w, b)");
        assertClose(ConvReference.conv2d(x, w, b, new int[] {2, 2}, one, one, 1), Ops.conv2d(x, w, b, 2, 1), 1e-12,
                "conv2d(x, w, b, 2, 1)");
        Tensor wt = Tensor.randn(4, DType.FLOAT64, 2, 3, 3, 3);
        assertClose(ConvReference.convTranspose2d(x, wt, null, new int[] {2, 2}, one, zero, one, 1),
                Ops.convTranspose2d(x, wt, null, 2, 1), 1e-12, "convTranspose2d(x, w, null, 2, 1)");
    }
}
