package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.Elementwise;
import dev.tapegrad.ops.kernels.ElementwiseDouble;
import dev.tapegrad.ops.kernels.ElementwiseFloat;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;
import dev.tapegrad.ops.kernels.ViewOps;
import dev.tapegrad.ops.kernels.ViewRows;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Shared forward of the pointwise one-input ops: y[i] = f(x[i]) evaluated in double (FLOAT32 rounded once).
 * Saves the input or the output, whichever the derivative is cheaper from. Ops with a range loop
 * ({@link #computeRange}) run it in chunks over the kernel threads. A transposed or permuted input that fills
 * its storage is read in memory order and the output gets its strides ({@link MemoryOrder}, as in PyTorch);
 * another view input (expanded, narrowed, offset) is copied block by block into the output and mapped in place
 * while in cache, one pass over memory as for a dense input; an op with a fused view kernel ({@link #viewOp})
 * instead has it applied as the view is read, rows in place or through the in-register transposes. During
 * backward, an op applied to a gradient (neg's vjp) writes into the place the engine offers ({@link
 * Context#claimOutput}: the gradient of a narrowed or selected input in its zero-padded gradient).
 */
abstract class Unary extends Op {
    enum Saves { INPUT, OUTPUT, NOTHING }

    private final Saves saves;

    Unary(Saves saves) {
        this.saves = saves;
    }

    /** f applied to one value (named f, not apply, which is {@link Op#apply}). */
    abstract double f(double x);

    /** Whole-array loop, for ops whose kernel has no range form (see {@link #hasRange}). */
    void compute(float[] x, float[] out) {
        computeRange(x, out, 0, out.length);
    }

    void compute(double[] x, double[] out) {
        computeRange(x, out, 0, out.length);
    }

    /** True when {@link #computeRange} is the op's loop; false for ops that override compute instead. */
    boolean hasRange() {
        return true;
    }

    /** The {@link ViewOps} code applying f while a view is read, or -1 when the op has none. */
    int viewOp() {
        return -1;
    }

    /** Pointwise loop over [from, to) (x may be out); overridden by ops with a tighter loop than the generic one. */
    void computeRange(float[] x, float[] out, int from, int to) {
        ElementwiseFloat.map(this::f, x, out, from, to);
    }

    void computeRange(double[] x, double[] out, int from, int to) {
        DoubleUnaryOperator f = this::f;
        ElementwiseDouble.map(f, x, out, from, to);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Tensor into = hasRange() && ctx.offersOutput() && Tensors.rowsInPlace(x) ? ctx.claimOutput(x) : null;
        Tensor out = into != null ? mapInto(x, into) : null;
        if (out != null) {
            save(ctx, x, out);
            return out;
        }
        out = Tensor.zerosLike(x);
        boolean inMemoryOrder = MemoryOrder.of(x) != null;
        if (!hasRange()) {
            if (x.dtype() == DType.FLOAT32) {
                compute(inMemoryOrder ? x.floatStorage() : Dense.floats(x), out.floatStorage());
            } else {
                compute(inMemoryOrder ? x.doubleStorage() : Dense.doubles(x), out.doubleStorage());
            }
        } else if (x.dtype() == DType.FLOAT32) {
            float[] o = out.floatStorage();
            if (Dense.isDense(x) || inMemoryOrder) {
                float[] v = x.floatStorage();
                Elementwise.forRange(o.length, (from, to) -> computeRange(v, o, from, to));
            } else if (viewOp() >= 0 && StridedCopyFloat.fuses(x.shape(), x.strides())) {
                StridedCopyFloat.map(viewOp(), x.floatStorage(), x.storageOffset(), x.shape(), x.strides(), null, 0, o);
            } else {
                StridedCopyFloat.copyBlocks(x.floatStorage(), x.storageOffset(), x.shape(), x.strides(), o,
                        (from, to) -> computeRange(o, o, from, to));
            }
        } else {
            double[] o = out.doubleStorage();
            if (Dense.isDense(x) || inMemoryOrder) {
                double[] v = x.doubleStorage();
                Elementwise.forRange(o.length, (from, to) -> computeRange(v, o, from, to));
            } else if (viewOp() >= 0 && StridedCopyDouble.fuses(x.shape(), x.strides())) {
                StridedCopyDouble.map(viewOp(), x.doubleStorage(), x.storageOffset(), x.shape(), x.strides(), null, 0, o);
            } else {
                StridedCopyDouble.copyBlocks(x.doubleStorage(), x.storageOffset(), x.shape(), x.strides(), o,
                        (from, to) -> computeRange(o, o, from, to));
            }
        }
        if (inMemoryOrder) {
            out = out.asStrided(x.shape(), x.strides(), 0);
        }
        save(ctx, x, out);
        return out;
    }

    private void save(Context ctx, Tensor x, Tensor out) {
        switch (saves) {
            case INPUT -> ctx.save(x);
            case OUTPUT -> ctx.save(out);
            case NOTHING -> { }
        }
    }

    /**
     * f(x) written through the strides of {@code into} (the place the engine offers during backward, {@link
     * Context#claimOutput}), x's rows (stride 1 or one repeated value) copied into into's rows and mapped there in
     * place by {@link #computeRange}; rows of another stride go through a scratch row. Each element is the op's
     * own operation, so the same bits as the plain forward.
     */
    private Tensor mapInto(Tensor x, Tensor into) {
        int[] xs = x.strides();
        int[] ds = into.strides();
        if (x.dtype() == DType.FLOAT32) {
            float[] xv = x.floatStorage();
            float[] dv = into.floatStorage();
            ViewRows.forEach(x.shape(), x.storageOffset(), xs, into.storageOffset(), ds, into.storageOffset(), ds,
                    (p, pr, s, d, dr, t, c, cr, u, count, n) -> {
                        if (s == 0 && pr == 0 && t == 1) {   // one value repeated over the box: f once, then fills
                            float[] one = {xv[p]};
                            computeRange(one, one, 0, 1);
                            ElementwiseFloat.fillRows(one[0], dv, d, dr, count, n);
                            return;
                        }
                        float[] row = t == 1 ? dv : new float[n];
                        for (int r = 0; r < count; r++, p += pr, d += dr) {
                            int q = t == 1 ? d : 0;
                            if (s == 1) {
                                System.arraycopy(xv, p, row, q, n);
                            } else {
                                Arrays.fill(row, q, q + n, xv[p]);
                            }
                            computeRange(row, row, q, q + n);
                            for (int i = 0; t != 1 && i < n; i++) {
                                dv[d + i * t] = row[i];
                            }
                        }
                    });
        } else {
            double[] xv = x.doubleStorage();
            double[] dv = into.doubleStorage();
            ViewRows.forEach(x.shape(), x.storageOffset(), xs, into.storageOffset(), ds, into.storageOffset(), ds,
                    (p, pr, s, d, dr, t, c, cr, u, count, n) -> {
                        if (s == 0 && pr == 0 && t == 1) {   // one value repeated over the box: f once, then fills
                            double[] one = {xv[p]};
                            computeRange(one, one, 0, 1);
                            ElementwiseDouble.fillRows(one[0], dv, d, dr, count, n);
                            return;
                        }
                        double[] row = t == 1 ? dv : new double[n];
                        for (int r = 0; r < count; r++, p += pr, d += dr) {
                            int q = t == 1 ? d : 0;
                            if (s == 1) {
                                System.arraycopy(xv, p, row, q, n);
                            } else {
                                Arrays.fill(row, q, q + n, xv[p]);
                            }
                            computeRange(row, row, q, q + n);
                            for (int i = 0; t != 1 && i < n; i++) {
                                dv[d + i * t] = row[i];
                            }
                        }
                    });
        }
        return into;
    }
}
