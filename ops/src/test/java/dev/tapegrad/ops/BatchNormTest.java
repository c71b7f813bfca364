package dev.tapegrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The fused batch normalisation: values and running statistics against PyTorch, gradients of all orders. */
class BatchNormTest {

    /** v[i] = ((i·mul) mod m - shift) / div in row-major order, as the PyTorch script below builds it. */
    private static Tensor pattern(int mul, int m, int shift, double div, DType dtype, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * mul) % m - shift) / div;
        }
        Tensor t = Tensor.of(v, shape);
        return dtype == DType.FLOAT64 ? t : Ops.cast(t, dtype);
    }

    private static Tensor of(DType dtype, double... v) {
        return Ops.cast(Tensor.of(v, v.length), dtype);
    }

    /*
     * Reference numbers from PyTorch 1.13 (FLOAT64):
     *   N,C,H,W = 2,3,2,3
     *   x = tensor([((i*37)%23-11)/7.0 for i in range(36)]).reshape(N,C,H,W); g likewise with ((i*13)%17-8)/5.0
     *   w = [1.5,-0.7,0.3]; b = [0.1,0.2,-0.4]; rm = [0.5,-1.0,2.0]; rv = [1.0,2.0,0.5]
     *   y = F.batch_norm(x, rm, rv, w, b, True, 0.1, 1e-5); y.backward(g)
     */
    private static final double[] Y = new double[] {-1.845823774666198, 0.9967709570200739, -0.8306113704925294, 2.0119833611937423, 0.18460103368113912, -1.6427812938314645, -0.23640930205280103, 0.7882038418972536, -0.8056388264694981, 0.21897431748055657, 1.2435874614306113, -0.3502552069361405, -0.5870325580226291, 0.09604287127740754, -0.3430770475583303, -0.7821969663940681, -0.09912153709403151, -0.5382414559297694, 2.6211108036979436, 0.7937284761853403, -1.0336538513272633, 1.8089408803590088, -0.018441447153594605, -1.845823774666198, -0.12256339716946163, 0.902049746780593, -0.6917929215861587, 0.33282022236389597, 1.3574333663139506, -0.23640930205280103, -0.6358236601154889, 0.047251769184547814, -0.39186814965119005, -0.8309880684869279, -0.14791263918689124, -0.5870325580226291};
    private static final double[] DX = new double[] {-2.1760919016535882, 1.4453505781289078, 0.355839545646322, -0.8551290184378444, -1.9446400509204307, 1.7982599604636458, -0.3250924669208671, 0.2961082175823929, 0.9590574360188903, -1.1292744157013275, -0.5080737311980678, 0.15487548723842962, -0.2976728955865246, 0.430123214619459, 0.25988000939634265, 0.08963680417322628, -0.34379531543085234, -0.5140385206539687, 1.403104480180532, 0.31359344769794617, -0.7759175847846398, -1.9868861488688063, 1.7560138625152697, 0.6665028300326842, 0.3106294467765624, 0.9318301312798223, -1.114753186507158, -0.49355250200389816, 0.12764818249936177, 0.7905974009358591, 0.6017681587809561, 0.16833603917687753, -0.0019071660462388568, -0.1721503712693552, -0.6055824908734339, 0.38540253371351196};
    private static final double[] DW = new double[] {0.3293800244652351, 0.16805824054207238, 2.472082506038228};
    private static final double[] DB = new double[] {-0.39999999999999947, -0.2000000000000005, 0.0};
    private static final double[] RM = new double[] {0.4297619047619048, -0.8976190476190476, 1.7976190476190477};
    private static final double[] RV = new double[] {1.0215058750773036, 1.8841682127396413, 0.5341682127396413};

    @Test
    void trainingMatchesPyTorchInBothDtypes() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 2e-5;
            Tensor x = pattern(37, 23, 11, 7.0, dtype, 2, 3, 2, 3).requiresGrad(true);
            Tensor g = pattern(13, 17, 8, 5.0, dtype, 2, 3, 2, 3);
            Tensor w = of(dtype, 1.5, -0.7, 0.3).requiresGrad(true);
            Tensor b = of(dtype, 0.1, 0.2, -0.4).requiresGrad(true);
            Tensor rm = of(dtype, 0.5, -1.0, 2.0);
            Tensor rv = of(dtype, 1.0, 2.0, 0.5);
            Tensor y = Ops.batchNorm(x, rm, rv, w, b, true, 0.1, 1e-5);
            y.backward(g);
            assertEquals(dtype, y.dtype());
            assertArrayEquals(Y, y.toDoubleArray(), tol, "y");
            assertArrayEquals(DX, x.grad().toDoubleArray(), tol, "dx");
            assertArrayEquals(DW, w.grad().toDoubleArray(), tol, "dw");
            assertArrayEquals(DB, b.grad().toDoubleArray(), tol, "db");
            assertArrayEquals(RM, rm.toDoubleArray(), tol, "running mean");
            assertArrayEquals(RV, rv.toDoubleArray(), tol, "running var (unbiased)");
        }
    }

    @Test
    void evaluationUsesTheRunningStatistics() {
        Tensor x = pattern(37, 23, 11, 7.0, DType.FLOAT64, 2, 3, 2, 3);
        double[] rmv = {0.5, -1.0, 2.0};
        double[] rvv = {1.0, 2.0, 0.5};
        double[] wv = {1.5, -0.7, 0.3};
        double[] bv = {0.1, 0.2, -0.4};
        Tensor rm = Tensor.of(rmv.clone(), 3);
        Tensor y = Ops.batchNorm(x, rm, Tensor.of(rvv, 3), Tensor.of(wv, 3), Tensor.of(bv, 3), false, 0.1, 1e-5);
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        for (int i = 0; i < 36; i++) {
            int c = (i / 6) % 3;
            assertEquals((xv[i] - rmv[c]) / Math.sqrt(rvv[c] + 1e-5) * wv[c] + bv[c], yv[i], 1e-12);
        }
        assertArrayEquals(rmv, rm.toDoubleArray(), 0.0, "eval leaves the running mean alone");
    }

    private static void checkBothOrders(Function<Tensor[], Tensor> f, Tensor... in) {
        GradCheck.Result first = GradCheck.gradcheck(f, in);
        assertTrue(first.passed(), first.report());
        GradCheck.Result second = GradCheck.gradgradcheck(f, in);
        assertTrue(second.passed(), second.report());
    }

    /**
     * gradcheck (the fused two-pass vjp) and gradgradcheck (the taped vjp) over random shapes, with and without
     * weight and bias, in training and evaluation; the output is squared so that second derivatives involve x's
     * statistics.
     */
    @Property(tries = 12)
    void gradientsOfAllOrders(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 3) int c,
                              @ForAll @IntRange(min = 1, max = 3) int h, @ForAll @IntRange(min = 1, max = 2) int w,
                              @ForAll boolean affine, @ForAll boolean training, @ForAll long seed) {
        int batch = training && n * h * w < 2 ? 2 : n;
        Tensor x = Tensor.randn(seed, DType.FLOAT64, batch, c, h, w).requiresGrad(true);
        Tensor rm = Tensor.randn(seed + 1, DType.FLOAT64, c);
        Tensor rv = Ops.add(Tensor.rand(seed + 2, DType.FLOAT64, c), 0.5);
        Tensor weight = Ops.add(Tensor.randn(seed + 3, DType.FLOAT64, c), 0.1).requiresGrad(true);
        Tensor bias = Tensor.randn(seed + 4, DType.FLOAT64, c).requiresGrad(true);
        Function<Tensor[], Tensor> f = a -> {
            Tensor y = Ops.batchNorm(a[0], rm.copy(), rv.copy(), affine ? a[1] : null, affine ? a[2] : null, training,
                    0.1, 1e-5);
            return Ops.mul(y, y);
        };
        if (affine) {
            checkBothOrders(f, x, weight, bias);
        } else {
            checkBothOrders(f, x);
        }
    }

    @Test
    void badInputsNameTheOpAndShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Ops.batchNorm(Tensor.zeros(DType.FLOAT32, 1, 2, 1, 1),
                null, null, null, null, true, 0.1, 1e-5));
        assertTrue(e.getMessage().startsWith("batchNorm: expected more than 1 value per channel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.batchNorm(Tensor.zeros(DType.FLOAT32, 4, 2, 1, 1),
                null, null, Tensor.ones(DType.FLOAT32, 3), null, true, 0.1, 1e-5));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[4, 2, 1, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.batchNorm(Tensor.zeros(DType.FLOAT32, 4),
                null, null, null, null, true, 0.1, 1e-5));
        assertTrue(e.getMessage().startsWith("batchNorm: expected input [N, C, ...]"), e.getMessage());
    }
}
