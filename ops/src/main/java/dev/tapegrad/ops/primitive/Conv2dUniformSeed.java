package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.ConvGeometry;
import dev.tapegrad.ops.kernels.Parallel;
import java.util.Arrays;

/**
 * The three gradients of conv2d when the incoming gradient is one value u repeated (the expanded seed of
 * {@code sum(y).backward()}), computed without materializing it: dbias[o] = u·N·OH·OW,
 * dw[o, c, ki, kj] = u · Σ_n Σ_{oh, ow} x[n, g·Cg + c, ih, iw] at the tap's position, and
 * dx[n, c] = u · Σ_{o of c's group} Σ_{taps reaching (ih, iw)} w[o, c_local, ki, kj], the same plane for every n.
 * Sums are accumulated in double for both dtypes, so FLOAT32 results differ from the dense kernels' by rounding;
 * the weight gradient's channels and the input gradient's copies over the batch are split over the threads (the
 * same values for any thread count).
 */
final class Conv2dUniformSeed {
    private Conv2dUniformSeed() {}

    /** valid[k][i]: input index i is read by tap k at some output position in [0, out) (one axis). */
    private static boolean[][] taps(int in, int out, int kernel, int stride, int pad, int dilation) {
        boolean[][] valid = new boolean[kernel][in];
        for (int k = 0; k < kernel; k++) {
            for (int o = 0; o < out; o++) {
                int i = o * stride - pad + k * dilation;
                if (i >= 0 && i < in) {
                    valid[k][i] = true;
                }
            }
        }
        return valid;
    }

    private static double[] values(Tensor t) {
        if (t.dtype() == DType.FLOAT64) {
            return Dense.doubles(t);
        }
        float[] f = Dense.floats(t);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static Tensor tensor(DType dtype, double[] v, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        if (dtype == DType.FLOAT64) {
            System.arraycopy(v, 0, t.doubleStorage(), 0, v.length);
        } else {
            float[] f = t.floatStorage();
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
        }
        return t;
    }

    /** dbias [O]: u · N · OH · OW for every output channel. */
    static Tensor bias(ConvGeometry g, double u, DType dtype) {
        double[] v = new double[g.outChannels()];
        Arrays.fill(v, u * ((double) g.batch() * g.outH() * g.outW()));
        return tensor(dtype, v, g.outChannels());
    }

    /** dw [O, C/groups, kH, kW] from x (any layout). */
    static Tensor weight(ConvGeometry g, double u, Tensor x) {
        int c = g.inChannels();
        int kh = g.kernelH();
        int kw = g.kernelW();
        boolean[][] rows = taps(g.inH(), g.outH(), kh, g.strideH(), g.padH(), g.dilationH());
        boolean[][] cols = taps(g.inW(), g.outW(), kw, g.strideW(), g.padW(), g.dilationW());
        double[] xs = x.dtype() == DType.FLOAT64 ? Dense.doubles(x) : null;
        float[] xf = xs == null ? Dense.floats(x) : null;
        double[] t = new double[c * kh * kw];
        // channels split over the threads: each channel's sums in the same order whichever thread runs it
        Parallel.forRange(c, 1, (from, to) -> tapSums(g, rows, cols, xs, xf, t, from, to));
        int cg = g.groupIn();
        int og = g.groupOut();
        int tap = cg * kh * kw;
        double[] gw = new double[g.outChannels() * tap];
        for (int o = 0; o < g.outChannels(); o++) {
            int from = (o / og) * tap;
            for (int i = 0; i < tap; i++) {
                gw[o * tap + i] = u * t[from + i];
            }
        }
        return tensor(x.dtype(), gw, g.outChannels(), cg, kh, kw);
    }

    /**
     * t[ch, ki, kj] for the channels [from, to): per tap, the sum over the batch and the output grid of the input
     * it reads (x as doubles xs, or floats xf).
     */
    private static void tapSums(ConvGeometry g, boolean[][] rows, boolean[][] cols, double[] xs, float[] xf,
                                double[] t, int from, int to) {
        int n = g.batch();
        int c = g.inChannels();
        int h = g.inH();
        int w = g.inW();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int plane = h * w;
        double[] p = new double[plane];
        double[] q = new double[w];
        for (int ch = from; ch < to; ch++) {
            Arrays.fill(p, 0);
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * plane;
                if (xs != null) {
                    for (int i = 0; i < plane; i++) {
                        p[i] += xs[base + i];
                    }
                } else {
                    for (int i = 0; i < plane; i++) {
                        p[i] += xf[base + i];
                    }
                }
            }
            for (int ki = 0; ki < kh; ki++) {
                Arrays.fill(q, 0);
                for (int ih = 0; ih < h; ih++) {
                    if (rows[ki][ih]) {
                        for (int iw = 0; iw < w; iw++) {
                            q[iw] += p[ih * w + iw];
                        }
                    }
                }
                for (int kj = 0; kj < kw; kj++) {
                    double s = 0;
                    for (int iw = 0; iw < w; iw++) {
                        if (cols[kj][iw]) {
                            s += q[iw];
                        }
                    }
                    t[(ch * kh + ki) * kw + kj] = s;
                }
            }
        }
    }

    /** dx [N, C, H, W], dense: one plane per channel from w, repeated over the batch. */
    static Tensor input(ConvGeometry g, double u, Tensor wt) {
        int c = g.inChannels();
        int h = g.inH();
        int w = g.inW();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int cg = g.groupIn();
        int og = g.groupOut();
        boolean[][] rows = taps(h, g.outH(), kh, g.strideH(), g.padH(), g.dilationH());
        boolean[][] cols = taps(w, g.outW(), kw, g.strideW(), g.padW(), g.dilationW());
        double[] wv = values(wt);
        double[] wsum = new double[c * kh * kw];
        for (int o = 0; o < g.outChannels(); o++) {
            int grp = o / og;
            for (int cl = 0; cl < cg; cl++) {
                int src = (o * cg + cl) * kh * kw;
                int dst = (grp * cg + cl) * kh * kw;
                for (int i = 0; i < kh * kw; i++) {
                    wsum[dst + i] += wv[src + i];
                }
            }
        }
        int plane = h * w;
        double[] gx = new double[c * plane];
        double[] a = new double[w];
        for (int ch = 0; ch < c; ch++) {
            for (int ki = 0; ki < kh; ki++) {
                Arrays.fill(a, 0);
                for (int kj = 0; kj < kw; kj++) {
                    double wk = wsum[(ch * kh + ki) * kw + kj];
                    for (int iw = 0; iw < w; iw++) {
                        if (cols[kj][iw]) {
                            a[iw] += wk;
                        }
                    }
                }
                for (int ih = 0; ih < h; ih++) {
                    if (rows[ki][ih]) {
                        int base = ch * plane + ih * w;
                        for (int iw = 0; iw < w; iw++) {
                            gx[base + iw] += a[iw];
                        }
                    }
                }
            }
        }
        Tensor out = Tensor.zeros(wt.dtype(), g.batch(), c, h, w);
        int block = c * plane;
        if (wt.dtype() == DType.FLOAT64) {
            double[] d = out.doubleStorage();
            for (int i = 0; i < block; i++) {
                d[i] = u * gx[i];
            }
            Parallel.forRange(g.batch() - 1, 1, (from, to) -> {
                for (int b = from + 1; b <= to; b++) {
                    System.arraycopy(d, 0, d, b * block, block);
                }
            });
        } else {
            float[] f = out.floatStorage();
            for (int i = 0; i < block; i++) {
                f[i] = (float) (u * gx[i]);
            }
            Parallel.forRange(g.batch() - 1, 1, (from, to) -> {
                for (int b = from + 1; b <= to; b++) {
                    System.arraycopy(f, 0, f, b * block, block);
                }
            });
        }
        return out;
    }
}
