package dev.tapegrad.ops;

import dev.tapegrad.autograd.Tensor;

/** Plain direct loops in double, written from PyTorch's definitions, to check the kernels against. */
final class ConvReference {
    private ConvReference() {}

    static int convOut(int in, int k, int s, int p, int d) {
        return Math.floorDiv(in + 2 * p - d * (k - 1) - 1, s) + 1;
    }

    static Tensor conv2d(Tensor xt, Tensor wt, Tensor bt, int[] s, int[] p, int[] d, int groups) {
        int[] xs = xt.shape();
        int[] ws = wt.shape();
        double[] x = xt.toDoubleArray();
        double[] w = wt.toDoubleArray();
        double[] b = bt == null ? null : bt.toDoubleArray();
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        int oh = convOut(h, kh, s[0], p[0], d[0]);
        int ow = convOut(wd, kw, s[1], p[1], d[1]);
        int og = o / groups;
        double[] y = new double[n * o * oh * ow];
        for (int in = 0; in < n; in++) {
            for (int io = 0; io < o; io++) {
                int grp = io / og;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = b == null ? 0 : b[io];
                        for (int ic = 0; ic < cg; ic++) {
                            int ch = grp * cg + ic;
                            for (int ki = 0; ki < kh; ki++) {
                                int ih = i * s[0] - p[0] + ki * d[0];
                                for (int kj = 0; kj < kw; kj++) {
                                    int iw = j * s[1] - p[1] + kj * d[1];
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                                        acc += w[((io * cg + ic) * kh + ki) * kw + kj] * x[((in * c + ch) * h + ih) * wd + iw];
                                    }
                                }
                            }
                        }
                        y[((in * o + io) * oh + i) * ow + j] = acc;
                    }
                }
            }
        }
        return Tensor.of(y, n, o, oh, ow);
    }

    static Tensor convTranspose2d(Tensor xt, Tensor wt, Tensor bt, int[] s, int[] p, int[] op, int[] d, int groups) {
        int[] xs = xt.shape();
        int[] ws = wt.shape();
        double[] x = xt.toDoubleArray();
        double[] w = wt.toDoubleArray();
        int n = xs[0], cin = xs[1], h = xs[2], wd = xs[3], cog = ws[1], kh = ws[2], kw = ws[3];
        int cout = cog * groups;
        int cig = cin / groups;
        int oh = (h - 1) * s[0] - 2 * p[0] + d[0] * (kh - 1) + op[0] + 1;
        int ow = (wd - 1) * s[1] - 2 * p[1] + d[1] * (kw - 1) + op[1] + 1;
        double[] y = new double[n * cout * oh * ow];
        for (int in = 0; in < n; in++) {
            for (int ci = 0; ci < cin; ci++) {
                int grp = ci / cig;
                for (int co = 0; co < cog; co++) {
                    int ch = grp * cog + co;
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < wd; j++) {
                            double v = x[((in * cin + ci) * h + i) * wd + j];
                            for (int ki = 0; ki < kh; ki++) {
                                int yi = i * s[0] - p[0] + ki * d[0];
                                for (int kj = 0; kj < kw; kj++) {
                                    int yj = j * s[1] - p[1] + kj * d[1];
                                    if (yi >= 0 && yi < oh && yj >= 0 && yj < ow) {
                                        y[((in * cout + ch) * oh + yi) * ow + yj] += v * w[((ci * cog + co) * kh + ki) * kw + kj];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (bt != null) {
            double[] b = bt.toDoubleArray();
            for (int i = 0; i < y.length; i++) {
                y[i] += b[(i / (oh * ow)) % cout];
            }
        }
        return Tensor.of(y, n, cout, oh, ow);
    }

    static int poolOut(int in, int k, int s, int p, int d, boolean ceil) {
        int out = Math.floorDiv(in + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0), s) + 1;
        if (ceil && (out - 1) * s >= in + p) {
            out--;
        }
        return out;
    }

    /** Max pooling; also fills argmax (plane-relative) when given. */
    static Tensor maxPool2d(Tensor xt, int[] k, int[] s, int[] p, int[] d, boolean ceil, int[] argmax) {
        int[] xs = xt.shape();
        double[] x = xt.toDoubleArray();
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3];
        int oh = poolOut(h, k[0], s[0], p[0], d[0], ceil);
        int ow = poolOut(w, k[1], s[1], p[1], d[1], ceil);
        double[] y = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int arg = -1;
                    for (int ki = 0; ki < k[0]; ki++) {
                        for (int kj = 0; kj < k[1]; kj++) {
                            int ih = i * s[0] - p[0] + ki * d[0];
                            int iw = j * s[1] - p[1] + kj * d[1];
                            if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
                                continue;
                            }
                            double v = x[(pl * h + ih) * w + iw];
                            if (arg < 0 || v > best || Double.isNaN(v)) {
                                best = v;
                                arg = ih * w + iw;
                            }
                        }
                    }
                    y[(pl * oh + i) * ow + j] = best;
                    if (argmax != null) {
                        argmax[(pl * oh + i) * ow + j] = arg;
                    }
                }
            }
        }
        return Tensor.of(y, xs[0], xs[1], oh, ow);
    }

    static Tensor avgPool2d(Tensor xt, int[] k, int[] s, int[] p, boolean ceil, boolean countIncludePad) {
        int[] xs = xt.shape();
        double[] x = xt.toDoubleArray();
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3];
        int oh = poolOut(h, k[0], s[0], p[0], 1, ceil);
        int ow = poolOut(w, k[1], s[1], p[1], 1, ceil);
        double[] y = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int h0 = i * s[0] - p[0];
                    int w0 = j * s[1] - p[1];
                    int h1 = Math.min(h0 + k[0], h + p[0]);
                    int w1 = Math.min(w0 + k[1], w + p[1]);
                    int size = (h1 - h0) * (w1 - w0);
                    h0 = Math.max(h0, 0);
                    w0 = Math.max(w0, 0);
                    h1 = Math.min(h1, h);
                    w1 = Math.min(w1, w);
                    double sum = 0;
                    for (int ih = h0; ih < h1; ih++) {
                        for (int iw = w0; iw < w1; iw++) {
                            sum += x[(pl * h + ih) * w + iw];
                        }
                    }
                    int divisor = countIncludePad ? size : (h1 - h0) * (w1 - w0);
                    y[(pl * oh + i) * ow + j] = sum / divisor;
                }
            }
        }
        return Tensor.of(y, xs[0], xs[1], oh, ow);
    }
}
