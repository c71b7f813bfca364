package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Context;
import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradMode;
import dev.tapegrad.autograd.Op;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.Ops;
import dev.tapegrad.ops.kernels.BroadcastDouble;
import dev.tapegrad.ops.kernels.BroadcastFloat;
import dev.tapegrad.ops.kernels.Elementwise;
import dev.tapegrad.ops.kernels.StridedCopyDouble;
import dev.tapegrad.ops.kernels.StridedCopyFloat;
import dev.tapegrad.ops.kernels.StridedLayout;
import dev.tapegrad.ops.kernels.ViewOps;
import java.util.Arrays;

/**
 * Shared forward of the broadcasting arithmetic ops: dtype rule, NumPy broadcast, one kernel call that
 * reads both inputs' storage in place through their (broadcast) strides (a narrowed view too, row by row); an
 * input that is a transposed or permuted view of the output's shape is instead copied into the output block by block at
 * memory speed and combined there in cache ({@link BroadcastFloat#viewBinary}), or, when the other operand is
 * contiguous of that shape, combined with it in registers as the view is read ({@link StridedCopyFloat#map}).
 */
abstract class Binary extends Op {
    /**
     * Shortest innermost row for which arithmetic against a broadcast operand that is read with a stride (neither
     * contiguous along the row nor one repeated element) runs in a view's memory order. Rows of contiguous or
     * repeated operands run there at any length: a (64, 1, 1) scale against channels-last storage is rows of 64
     * against the same 64 scales, which the short-row SIMD loops take at memory speed.
     */
    private static final int MIN_ROW = 256;

    private final Elementwise.Kind kind;

    Binary(Elementwise.Kind kind) {
        this.kind = kind;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        Tensor into = IntoView.binary(ctx, kind, a, b);   // during backward, into a place the engine offers
        if (into != null) {
            return into;
        }
        if (a.dtype() == b.dtype() && a.sameShape(b) && a.isContiguous() && b.isContiguous()) {
            return dense(ctx, a, b);
        }
        DType dtype = a.dtype() == b.dtype() ? a.dtype() : Tensors.common(name(), a, b);
        Tensor like = a.sameShape(b) ? a : b.hasShape(Shapes.broadcast(name(), a.shape(), b.shape())) ? b : null;
        int[] shape = like != null ? like.shape() : Shapes.broadcast(name(), a.shape(), b.shape());
        ctx.save(a, b);
        Tensor x = Tensors.as(a, dtype);
        Tensor y = Tensors.as(b, dtype);
        int[] xs = Tensors.broadcastStrides(x, shape);
        int[] ys = Tensors.broadcastStrides(y, shape);
        int n = Shapes.numel(shape);
        Tensor lead = memoryOrderLead(x, y, shape);
        Tensor result = lead == null ? null : inMemoryOrder(x, xs, y, ys, shape, lead);
        if (result != null) {
            return result;
        }
        boolean viewX = strided(x, shape);
        boolean viewY = strided(y, shape);
        if (viewX && viewY) {
            y = dense(y);
            ys = Tensors.broadcastStrides(y, shape);
            viewY = false;
        }
        Tensor view = viewX ? x : y;
        Tensor other = viewX ? y : x;
        if ((viewX || viewY) && other.hasShape(shape) && other.isContiguous()
                && StridedCopyFloat.fuses(view.shape(), view.strides())) {
            int op = ViewOps.binary(kind, viewX);
            if (dtype == DType.FLOAT32) {
                float[] out = new float[n];
                StridedCopyFloat.map(op, view.floatStorage(), view.storageOffset(), shape, view.strides(),
                        other.floatStorage(), other.storageOffset(), out);
                return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
            }
            double[] out = new double[n];
            StridedCopyDouble.map(op, view.doubleStorage(), view.storageOffset(), shape, view.strides(),
                    other.doubleStorage(), other.storageOffset(), out);
            return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
        }
        if (viewX || viewY) {
            if (dtype == DType.FLOAT32) {
                float[] out = new float[n];
                BroadcastFloat.viewBinary(kind, shape, x.floatStorage(), x.storageOffset(), xs, y.floatStorage(), y.storageOffset(), ys, out, viewX);
                return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
            }
            double[] out = new double[n];
            BroadcastDouble.viewBinary(kind, shape, x.doubleStorage(), x.storageOffset(), xs, y.doubleStorage(), y.storageOffset(), ys, out, viewX);
            return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
        }
        if (dtype == DType.FLOAT32) {
            float[] out = new float[n];
            BroadcastFloat.binary(kind, shape, x.floatStorage(), x.storageOffset(), xs, y.floatStorage(), y.storageOffset(), ys, out);
            return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
        }
        double[] out = new double[n];
        BroadcastDouble.binary(kind, shape, x.doubleStorage(), x.storageOffset(), xs, y.doubleStorage(), y.storageOffset(), ys, out);
        return like != null && like.dtype() == dtype ? Tensor.wrapLike(like, out) : wrapNew(Tensor.wrap(out, shape));
    }

    /**
     * The memory order to compute in when one operand of the output's shape fills its storage transposed or
     * permuted ({@link MemoryOrder}) and the other is broadcast or has the same strides: that operand, else null.
     */
    private static Tensor memoryOrderLead(Tensor x, Tensor y, int[] shape) {
        if (x.hasShape(shape) && MemoryOrder.of(x) != null && (broadcast(y, shape) || MemoryOrder.sameLayout(x, y))) {
            return x;
        }
        return y.hasShape(shape) && MemoryOrder.of(y) != null && broadcast(x, shape) ? y : null;
    }

    /** True when t reaches the output's shape by broadcasting (fewer or size-1 dims, or stride 0 on a longer dim). */
    private static boolean broadcast(Tensor t, int[] shape) {
        if (!t.hasShape(shape)) {
            return true;
        }
        int[] st = t.strides();
        for (int d = 0; d < shape.length; d++) {
            if (st[d] == 0 && shape[d] > 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * The op computed over the dims permuted into memory order, where the leading operand is contiguous, and
     * its result given the leading operand's strides: one pass at memory speed, as for contiguous operands.
     * A small broadcast operand that memory order would read with a stride in rows shorter than {@link
     * #MIN_ROW} is first copied into that order; null when a larger one would, which the row-major paths below
     * run faster.
     */
    private Tensor inMemoryOrder(Tensor x, int[] xs, Tensor y, int[] ys, int[] shape, Tensor lead) {
        int[] order = MemoryOrder.of(lead);
        int[] shapeP = MemoryOrder.permute(shape, order);
        int[] xsP = MemoryOrder.permute(xs, order);
        int[] ysP = MemoryOrder.permute(ys, order);
        int n = Shapes.numel(shape);
        boolean bothDense = MemoryOrder.sameLayout(x, y) && MemoryOrder.of(x) != null && MemoryOrder.of(y) != null;
        if (!bothDense && !rows(shapeP, xsP, ysP)) {
            Tensor other = lead == x ? y : x;
            if ((long) other.numel() * 8 > n) {
                return null;
            }
            // a small broadcast operand ([N, 1, H, W] against H, W swapped) copied once into memory order
            Tensor c = inOrder(other, lead == x ? ysP : xsP, shapeP);
            int[] cs = Tensors.broadcastStrides(c, shapeP);
            if (lead == x) {
                y = c;
                ysP = cs;
            } else {
                x = c;
                xsP = cs;
            }
            if (!rows(shapeP, xsP, ysP)) {
                return null;
            }
        }
        if (x.dtype() == DType.FLOAT32) {
            float[] out = new float[n];
            if (bothDense) {
                BroadcastFloat.dense(kind, x.floatStorage(), 0, y.floatStorage(), 0, out);
                return MemoryOrder.view(lead, order, out);
            }
            BroadcastFloat.binary(kind, shapeP, x.floatStorage(), x.storageOffset(), xsP, y.floatStorage(), y.storageOffset(), ysP, out);
            return MemoryOrder.view(lead, order, out);
        }
        double[] out = new double[n];
        if (bothDense) {
            BroadcastDouble.dense(kind, x.doubleStorage(), 0, y.doubleStorage(), 0, out);
            return MemoryOrder.view(lead, order, out);
        }
        BroadcastDouble.binary(kind, shapeP, x.doubleStorage(), x.storageOffset(), xsP, y.doubleStorage(), y.storageOffset(), ysP, out);
        return MemoryOrder.view(lead, order, out);
    }

    /**
     * True when memory order's innermost rows read each operand contiguously or as one repeated element, or are
     * at least {@link #MIN_ROW} long.
     */
    private static boolean rows(int[] shapeP, int[] xsP, int[] ysP) {
        StridedLayout l = StridedLayout.of(shapeP, xsP, ysP);
        return (l.innerStride(0) <= 1 && l.innerStride(1) <= 1) || l.inner() >= MIN_ROW;
    }

    /**
     * The values of a broadcast operand t, read through its strides {@code stridesP} over the permuted output
     * shape {@code shapeP}, as a contiguous tensor of shapeP with its broadcast dims of size 1: its dims in the
     * leading operand's memory order.
     */
    private static Tensor inOrder(Tensor t, int[] stridesP, int[] shapeP) {
        int[] sizes = new int[shapeP.length];
        for (int d = 0; d < sizes.length; d++) {
            sizes[d] = stridesP[d] == 0 ? 1 : shapeP[d];
        }
        int count = Shapes.numel(sizes);
        if (t.dtype() == DType.FLOAT32) {
            float[] v = new float[count];
            StridedCopyFloat.copy(t.floatStorage(), t.storageOffset(), sizes, stridesP, v);
            return Tensor.wrap(v, sizes);
        }
        double[] v = new double[count];
        StridedCopyDouble.copy(t.doubleStorage(), t.storageOffset(), sizes, stridesP, v);
        return Tensor.wrap(v, sizes);
    }

    /**
     * The common case, without broadcasting, conversion or strides: one pass, and none of the loop-nest
     * set-up that the general path allocates (which dominates on the tape's small tensors).
     */
    private Tensor dense(Context ctx, Tensor a, Tensor b) {
        ctx.save(a, b);
        if (a.dtype() == DType.FLOAT32) {
            float[] out = new float[a.numel()];
            BroadcastFloat.dense(kind, a.floatStorage(), a.storageOffset(), b.floatStorage(), b.storageOffset(), out);
            return Tensor.wrapLike(a, out);
        }
        double[] out = new double[a.numel()];
        BroadcastDouble.dense(kind, a.doubleStorage(), a.storageOffset(), b.doubleStorage(), b.storageOffset(), out);
        return Tensor.wrapLike(a, out);
    }

    /**
     * True for a view of the whole output shape that is neither contiguous nor expanded (transposed, permuted,
     * narrowed): it is read through the block-wise transposing copy ({@link BroadcastFloat#viewBinary}) rather
     * than with its strides, one short or strided row at a time.
     */
    private static boolean strided(Tensor t, int[] shape) {
        if (!t.hasShape(shape) || t.isContiguous()) {
            return false;
        }
        int[] st = t.strides();
        if (st[shape.length - 1] == 1 && shape[shape.length - 1] >= 16) {
            return false; // rows of stride 1 (a narrowed last dim): read in place by the short-row loops
        }
        for (int d = 0; d < shape.length; d++) {
            if (st[d] == 0 && shape[d] > 1) {
                return false;
            }
        }
        return true;
    }

    /** A contiguous copy of a view made with the transposing copy of the kernels (not recorded). */
    private static Tensor dense(Tensor t) {
        if (t.dtype() == DType.FLOAT32) {
            float[] v = new float[t.numel()];
            StridedCopyFloat.copy(t.floatStorage(), t.storageOffset(), t.shape(), t.strides(), v);
            return Tensor.wrap(v, t.shape());
        }
        double[] v = new double[t.numel()];
        StridedCopyDouble.copy(t.doubleStorage(), t.storageOffset(), t.shape(), t.strides(), v);
        return Tensor.wrap(v, t.shape());
    }

    /**
     * The memory order of {@code like} when g, of like's shape, is one value repeated (the expanded seed of {@code
     * sum(z).backward()}) and like fills its storage in another order of the dims (a transposed or channels-last
     * view, {@link MemoryOrder}); else null. A vjp then forms like's gradient with its operands permuted into that
     * order ({@link #toOrder}) and the result permuted back ({@link #fromOrder}): the gradient has like's strides,
     * and reaches a leaf behind the view without a transposing copy.
     */
    static int[] seedOrder(Tensor g, Tensor like) {
        return Tensors.uniform(g) && like.sameShape(g) ? MemoryOrder.of(like) : null;
    }

    /** t (broadcastable to a tensor of the order's rank; fewer dims are leading 1s) with its dims permuted into order. */
    static Tensor toOrder(Tensor t, int[] order) {
        int rank = order.length;
        if (t.rank() < rank) {
            int[] full = new int[rank];
            Arrays.fill(full, 1);
            int[] ts = t.shape();
            System.arraycopy(ts, 0, full, rank - ts.length, ts.length);
            t = Ops.reshape(t, full);
        }
        return Ops.permute(t, order);
    }

    /** The inverse of {@link #toOrder} on a tensor of the order's rank: its dims back in their own order. */
    static Tensor fromOrder(Tensor t, int[] order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        return Ops.permute(t, inverse);
    }

    /**
     * g ∘ s for g one value repeated and s a single element, as that one value expanded to g's shape (no pass over
     * g's size), when no graph is being recorded (a plain backward: the result is a constant, not a taped op); null
     * when that does not apply. The gradient of {@code sum(z)} through a scalar factor or divisor, or the negated
     * seed of a subtraction, then reaches a leaf, a view's vjp (a narrow's pad) or the next op as cheaply as the
     * seed itself. The value is the kernels' own: one rounding in g's dtype.
     */
    static Tensor expandedSeed(Tensor g, Elementwise.Kind kind, Tensor s) {
        if (GradMode.isEnabled() || s.numel() != 1 || !Tensors.uniform(g) || s.rank() > g.rank()) {
            return null;
        }
        double u = g.get(new int[g.rank()]);
        double v = s.get(new int[s.rank()]);
        double r;
        if (g.dtype() == DType.FLOAT32) {
            float uf = (float) u;
            float vf = (float) v;
            r = switch (kind) {
                case ADD -> uf + vf;
                case SUB -> uf - vf;
                case MUL -> uf * vf;
                case DIV -> uf / vf;
            };
        } else {
            r = switch (kind) {
                case ADD -> u + v;
                case SUB -> u - v;
                case MUL -> u * v;
                case DIV -> u / v;
            };
        }
        int[] ones = new int[g.rank()];
        Arrays.fill(ones, 1);
        return Ops.expand(Tensor.full(r, g.dtype(), ones), g.shape());
    }

    /** A tensor over a fresh array of its own shape, marked as owning it (as {@link Tensor#wrapLike} does). */
    private static Tensor wrapNew(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? Tensor.wrapLike(t, t.floatStorage()) : Tensor.wrapLike(t, t.doubleStorage());
    }
}
