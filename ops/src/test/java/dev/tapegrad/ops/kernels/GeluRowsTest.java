package dev.tapegrad.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * GELU's input gradient over boxes of rows ({@link GeluKernels#backwardRows}), as the ops write a gradient into
 * a narrowed place: against the dense scalar reference bit for bit, for row lengths around the lane count,
 * repeated (stride 0) or stride-1 g rows, and strided rows through the scratch path, in both dtypes.
 */
class GeluRowsTest {
    @Property(tries = 200)
    void boxesMatchTheDenseReference(@ForAll @IntRange(min = 0, max = 4) int count,
                                     @ForAll @IntRange(min = 0, max = 40) int n,
                                     @ForAll @IntRange(min = 0, max = 2) int gStride,
                                     @ForAll @IntRange(min = 1, max = 2) int xStride,
                                     @ForAll @IntRange(min = 1, max = 2) int dStride, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int pad = rng.nextInt(5);
        int rowG = gStride * n + pad;
        int rowX = xStride * n + pad;
        int rowD = dStride * n + pad;
        float[] g = new float[pad + count * rowG + 1];
        float[] x = new float[pad + count * rowX + 1];
        double[] gd = new double[g.length];
        double[] xd = new double[x.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (2 * rng.nextGaussian());
            gd[i] = g[i];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (4 * rng.nextGaussian());
            xd[i] = x[i];
        }
        float[] dx = new float[pad + count * rowD + 1];
        double[] dxd = new double[dx.length];
        GeluKernels.backwardRows(g, pad, rowG, gStride, x, pad, rowX, xStride, dx, pad, rowD, dStride, count, n);
        GeluKernels.backwardRows(gd, pad, rowG, gStride, xd, pad, rowX, xStride, dxd, pad, rowD, dStride, count, n);
        float[] gr = new float[n];
        float[] xr = new float[n];
        float[] want = new float[n];
        double[] wantD = new double[n];
        double[] gdr = new double[n];
        double[] xdr = new double[n];
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < n; i++) {
                gr[i] = g[pad + r * rowG + i * gStride];
                xr[i] = x[pad + r * rowX + i * xStride];
                gdr[i] = gr[i];
                xdr[i] = xr[i];
            }
            GeluKernels.backwardScalar(gr, xr, want, 0, n);
            GeluKernels.backward(gdr, xdr, wantD);
            for (int i = 0; i < n; i++) {
                int at = pad + r * rowD + i * dStride;
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(dx[at]), "row " + r + " element " + i);
                assertEquals(Double.doubleToLongBits(wantD[i]), Double.doubleToLongBits(dxd[at]),
                        "FLOAT64 row " + r + " element " + i);
            }
        }
        for (int i = 0; i < pad; i++) {
            assertEquals(0f, dx[i], "before the box");
        }
    }
}
