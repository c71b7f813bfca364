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

/**
 * relu's input gradient in one pass: dx = g where y > 0, else 0 ({@code threshold_backward} in PyTorch),
 * in chunks over the kernel threads; a view g is masked as it is read (rows in place or through the in-register
 * transposes, {@link StridedCopyFloat#map}), or else copied block by block into dx and masked in place. When y
 * fills its storage transposed or permuted (relu's output on such an input), all of it runs in y's memory order
 * ({@link MemoryOrder}) and dx gets y's strides.
 * Linear in g, so its vjp is itself applied to the incoming gradient; the mask [y > 0] is piecewise
 * constant, so nothing flows to y.
 */
final class ReluBackward extends Op {
    static final ReluBackward INSTANCE = new ReluBackward();

    private ReluBackward() {}

    @Override
    public String name() {
        return "reluBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor g = in[0];
        Tensor y = in[1];
        ctx.save(y);
        // the place of dx in the padded gradient of a narrowed input, when the engine offers it
        Tensor into = ctx.offersOutput() && Tensors.rowsInPlace(g) && Tensors.rowsInPlace(y) ? ctx.claimOutput(g) : null;
        if (into != null) {
            return IntoView.mask(into, g, y);
        }
        int[] order = MemoryOrder.of(y);
        int[] shape = order == null ? g.shape() : MemoryOrder.permute(g.shape(), order);
        int[] gs = order == null ? g.strides() : MemoryOrder.permute(g.strides(), order);
        boolean gDense = order == null ? Dense.isDense(g) : MemoryOrder.sameLayout(g, y) && MemoryOrder.of(g) != null;
        int n = g.numel();
        if (g.dtype() == DType.FLOAT32) {
            float[] o = new float[n];
            float[] yv = order == null ? Dense.floats(y) : y.floatStorage();
            if (gDense) {
                float[] gv = g.floatStorage();
                Elementwise.forRange(n, (from, to) -> ElementwiseFloat.maskPositive(gv, yv, o, from, to));
            } else if (StridedCopyFloat.fuses(shape, gs)) {
                StridedCopyFloat.map(ViewOps.MASK, g.floatStorage(), g.storageOffset(), shape, gs, yv, 0, o);
            } else {
                StridedCopyFloat.copyBlocks(g.floatStorage(), g.storageOffset(), shape, gs, o,
                        (from, to) -> ElementwiseFloat.maskPositive(o, yv, o, from, to));
            }
            return order == null ? Tensor.wrapLike(g, o) : MemoryOrder.view(y, order, o);
        }
        double[] o = new double[n];
        double[] yv = order == null ? Dense.doubles(y) : y.doubleStorage();
        if (gDense) {
            double[] gv = g.doubleStorage();
            Elementwise.forRange(n, (from, to) -> ElementwiseDouble.maskPositive(gv, yv, o, from, to));
        } else if (StridedCopyDouble.fuses(shape, gs)) {
            StridedCopyDouble.map(ViewOps.MASK, g.doubleStorage(), g.storageOffset(), shape, gs, yv, 0, o);
        } else {
            StridedCopyDouble.copyBlocks(g.doubleStorage(), g.storageOffset(), shape, gs, o,
                    (from, to) -> ElementwiseDouble.maskPositive(o, yv, o, from, to));
        }
        return order == null ? Tensor.wrapLike(g, o) : MemoryOrder.view(y, order, o);
    }

    @Override
    protected Tensor[] vjp(Context ctx, Tensor gg) {
        Tensor[] grads = new Tensor[2];
        if (ctx.needsInputGrad(0)) {
            grads[0] = apply(gg, ctx.saved()[0]);
        }
        return grads;
    }
}
