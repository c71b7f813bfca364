package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.Gemm;
import dev.tapegrad.ops.kernels.Parallel;
import java.util.Arrays;

/**
 * Matrix product of the last two dims, a[..., m, k] · b[..., k, n], batched over leading dims with
 * broadcasting. vjp: (sumTo(g·bᵀ, a), sumTo(aᵀ·g, b)).
 */
public final class MatMul extends Op {
    public static final MatMul INSTANCE = new MatMul();

    /**
     * Products below this many multiply-adds in a batch of several are spread over the threads by batch
     * index (each GEMM alone would run on the caller thread: see Gemm.PARALLEL_MIN_WORK).
     */
    private static final long SMALL_WORK = 1L << 19;

    private MatMul() {}

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        Tensors.sameDType("matmul", a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length < 2 || bs.length < 2) {
            throw new IllegalArgumentException("matmul: both inputs need at least 2 dims, got "
                    + Shapes.str(as) + " and " + Shapes.str(bs));
        }
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(as) + " and " + Shapes.str(bs)
                    + " do not chain: a has " + k + " columns, b has " + bs[bs.length - 2] + " rows");
        }
        int[] batch;
        try {
            batch = Shapes.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: the batch dims of " + Shapes.str(as) + " and "
                    + Shapes.str(bs) + " (all but the last two) cannot be broadcast: " + e.getMessage(), e);
        }
        ctx.save(a, b);
        return product(a, b, batch, m, n, k);
    }

    /**
     * a · b into a new tensor [batch..., m, n]. When all rows of a's matrices are one row (a row stride of 0:
     * an expanded gradient, e.g. the seed of {@code sum(y).backward()}), only the first row of the product is
     * computed and then repeated; likewise the first column when all columns of b are one. Each element of C
     * is one chain of multiply-adds over k whichever rows or columns are computed with it (see {@link Gemm}), so
     * the result equals the full product bit for bit.
     */
    private static Tensor product(Tensor a, Tensor b, int[] batch, int m, int n, int k) {
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        boolean rowsEqual = m > 1 && a.strides()[a.rank() - 2] == 0;
        boolean colsEqual = n > 1 && b.strides()[b.rank() - 1] == 0;
        if (rowsEqual || colsEqual) {
            Tensor a1 = rowsEqual ? resized(a, -2, 1) : a;
            Tensor b1 = colsEqual ? resized(b, -1, 1) : b;
            Tensor part = product(a1, b1, batch, rowsEqual ? 1 : m, colsEqual ? 1 : n, k);
            int[] strides = part.strides().clone();
            if (rowsEqual) {
                strides[batch.length] = 0;
            }
            if (colsEqual) {
                strides[batch.length + 1] = 0;
            }
            return Dense.copy(part.asStrided(outShape, strides, 0));
        }

        Tensor out = Tensor.zeros(a.dtype(), outShape);
        int count = Shapes.numel(batch);
        if (count > 1 && b.rank() == 2 && a.rank() > 2) {
            // a stack of matrices times one matrix: one GEMM of (count·m) rows instead of count small ones
            Tensor ac = Dense.contiguous(a);
            Operand y = Operand.of(b, new int[0]);
            gemm(ac, false, ac.storageOffset(), k, y, y.offsets[0], count * m, n, k, out, 0);
            return out;
        }
        Operand x = Operand.of(a, batch);
        Operand y = Operand.of(b, batch);
        if (count > 1 && (long) m * n * Math.max(k, 1) < SMALL_WORK) {
            // many small products (attention heads): the threads share out the batch, each GEMM runs alone
            Parallel.forRange(count, Math.max(1, (int) (SMALL_WORK / Math.max(1L, (long) m * n * Math.max(k, 1)) / 8)),
                    (from, to) -> {
                        for (int i = from; i < to; i++) {
                            gemm(x.t, x.trans, x.offsets[i], x.ld, y, y.offsets[i], m, n, k, out, i * m * n);
                        }
                    });
            return out;
        }
        for (int i = 0; i < count; i++) {
            gemm(x.t, x.trans, x.offsets[i], x.ld, y, y.offsets[i], m, n, k, out, i * m * n);
        }
        return out;
    }

    /** out[cOff..] (m×n, row-major) = op(x at xOff)·op(y at yOff). */
    private static void gemm(Tensor x, boolean xTrans, int xOff, int ldx, Operand y, int yOff, int m, int n, int k,
            Tensor out, int cOff) {
        if (x.dtype() == DType.FLOAT32) {
            Gemm.sgemm(xTrans, y.trans, m, n, k, x.floatStorage(), xOff, ldx, y.t.floatStorage(), yOff, y.ld, 0f,
                    out.floatStorage(), cOff, n);
        } else {
            Gemm.dgemm(xTrans, y.trans, m, n, k, x.doubleStorage(), xOff, ldx, y.t.doubleStorage(), yOff, y.ld, 0.0,
                    out.doubleStorage(), cOff, n);
        }
    }

    /** The view of x with dim d (negative: from the end) cut to its first size entries. */
    private static Tensor resized(Tensor x, int d, int size) {
        int[] shape = x.shape();
        shape[shape.length + d] = size;
        return x.asStrided(shape, x.strides(), x.storageOffset());
    }

    /** One side of the product: storage, whether its matrices are stored transposed, and batch offsets. */
    private record Operand(Tensor t, boolean trans, int ld, int[] offsets) {
        static Operand of(Tensor x, int[] batch) {
            int r = x.rank();
            int[] st = x.strides();
            int rows = x.size(-2);
            int cols = x.size(-1);
            // row-major with any row stride >= cols (e.g. one head of [B, T, H, d] seen as [B, H, T, d]), or
            // column-major likewise (a transposed view): GEMM takes it as it is, with that leading dimension
            boolean rowMajor = st[r - 1] == 1 && (st[r - 2] >= cols || rows == 1);
            boolean colMajor = !rowMajor && st[r - 2] == 1 && (st[r - 1] >= rows || cols == 1);
            Tensor t = rowMajor || colMajor ? x : Dense.contiguous(x);
            st = t.strides();
            boolean trans = colMajor;
            int ld = trans ? Math.max(st[r - 1], 1) : Math.max(st[r - 2], 1);
            if (!trans && rows == 1) {
                ld = Math.max(cols, 1);
            }
            if (trans && cols == 1) {
                ld = Math.max(rows, 1);
            }
            int[] shape = x.shape();
            int[] bStrides = new int[batch.length];
            for (int d = 0; d < batch.length; d++) {
                int src = d - (batch.length - (r - 2));
                bStrides[d] = src < 0 || shape[src] == 1 ? 0 : st[src];
            }
            return new Operand(t, trans, ld, Shapes.offsets(batch, bStrides, t.storageOffset()));
        }
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor g) {
        Tensor a = ctx.saved()[0];
        Tensor b = ctx.saved()[1];
        return new Tensor[] {
            ctx.needsInputGrad(0) ? Ops.sumTo(Ops.matmul(g, Ops.transpose(b, -1, -2)), a) : null,
            ctx.needsInputGrad(1) ? gradB(a, b, g) : null
        };
    }

    /** sumTo(aᵀ·g, b); for a stack a [..., m, k] times a matrix b [k, n] it is one product (a as rows)ᵀ·(g as rows). */
    private static Tensor gradB(Tensor a, Tensor b, Tensor g) {
        if (b.rank() == 2 && a.rank() > 2) {
            int k = a.size(-1);
            int n = g.size(-1);
            return Ops.matmul(Ops.transpose(Ops.reshape(a, -1, k), 0, 1), Ops.reshape(g, -1, n));
        }
        return Ops.sumTo(Ops.matmul(Ops.transpose(a, -1, -2), g), b);
    }
}
