package dev.tapegrad.examples.bench;

import dev.tapegrad.ops.kernels.Gemm;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per GEMM call: square n×n×n (GFLOP/s = 2n³ / time), im2col-shaped convolutions m×k×n
 * (GFLOP/s = 2mkn / time) and the shapes of a convolution's three GEMMs with their transposes
 * (GFLOP/s = 2mnk / time). Run with --add-modules jdk.incubator.vector for the SIMD kernels.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {

    /** Square problems. */
    @State(Scope.Benchmark)
    public static class Square {
        @Param({"512", "1024"})
        int n;

        float[] fa;
        float[] fb;
        float[] fc;
        double[] da;
        double[] db;
        double[] dc;

        @Setup
        public void setup() {
            Random rnd = new Random(42);
            fa = randomFloats(n * n, rnd);
            fb = randomFloats(n * n, rnd);
            fc = new float[n * n];
            da = randomDoubles(n * n, rnd);
            db = randomDoubles(n * n, rnd);
            dc = new double[n * n];
        }
    }

    /** Convolution as im2col GEMM: weights (m = Cout) × patches (k = Cin*kh*kw) × pixels (n). */
    @State(Scope.Benchmark)
    public static class Conv {
        @Param({"64x27x32768", "6x25x50176"})
        String mkn;

        int m;
        int k;
        int n;
        float[] a;
        float[] b;
        float[] c;

        @Setup
        public void setup() {
            String[] parts = mkn.split("x");
            m = Integer.parseInt(parts[0]);
            k = Integer.parseInt(parts[1]);
            n = Integer.parseInt(parts[2]);
            Random rnd = new Random(42);
            a = randomFloats(m * k, rnd);
            b = randomFloats(k * n, rnd);
            c = new float[m * n];
        }
    }

    /**
     * Convolution GEMMs as "OPS:MxNxK": NN the forward (Cout × pixels × Cin·9), TN the input gradient
     * (Wᵀ·dY, A stored k×m), NT the weight gradient (dY·colsᵀ, B stored n×k).
     */
    @State(Scope.Benchmark)
    public static class Shaped {
        @Param({"NN:128x8192x576", "NN:64x25088x576", "TN:576x8192x128", "NT:128x576x8192"})
        String shape;

        boolean transA;
        boolean transB;
        int m;
        int n;
        int k;
        float[] a;
        float[] b;
        float[] c;
        double[] da;
        double[] db;
        double[] dc;

        @Setup
        public void setup() {
            String[] opsAndDims = shape.split(":");
            String[] dims = opsAndDims[1].split("x");
            transA = opsAndDims[0].charAt(0) == 'T';
            transB = opsAndDims[0].charAt(1) == 'T';
            m = Integer.parseInt(dims[0]);
            n = Integer.parseInt(dims[1]);
            k = Integer.parseInt(dims[2]);
            Random rnd = new Random(42);
            a = randomFloats(m * k, rnd);
            b = randomFloats(k * n, rnd);
            c = new float[m * n];
            da = randomDoubles(m * k, rnd);
            db = randomDoubles(k * n, rnd);
            dc = new double[m * n];
        }
    }

    @Benchmark
    public float[] sgemm(Square s) {
        Gemm.sgemm(false, false, s.n, s.n, s.n, s.fa, 0, s.n, s.fb, 0, s.n, 0f, s.fc, 0, s.n);
        return s.fc;
    }

    @Benchmark
    public double[] dgemm(Square s) {
        Gemm.dgemm(false, false, s.n, s.n, s.n, s.da, 0, s.n, s.db, 0, s.n, 0.0, s.dc, 0, s.n);
        return s.dc;
    }

    @Benchmark
    public float[] sgemmConv(Conv s) {
        Gemm.sgemm(false, false, s.m, s.n, s.k, s.a, 0, s.k, s.b, 0, s.n, 0f, s.c, 0, s.n);
        return s.c;
    }

    @Benchmark
    public float[] sgemmShaped(Shaped s) {
        Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, s.a, 0, s.transA ? s.m : s.k, s.b, 0, s.transB ? s.k : s.n,
                0f, s.c, 0, s.n);
        return s.c;
    }

    @Benchmark
    public double[] dgemmShaped(Shaped s) {
        Gemm.dgemm(s.transA, s.transB, s.m, s.n, s.k, s.da, 0, s.transA ? s.m : s.k, s.db, 0, s.transB ? s.k : s.n,
                0.0, s.dc, 0, s.n);
        return s.dc;
    }

    static float[] randomFloats(int size, Random rnd) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() - 0.5f;
        }
        return x;
    }

    static double[] randomDoubles(int size, Random rnd) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextDouble() - 0.5;
        }
        return x;
    }
}
