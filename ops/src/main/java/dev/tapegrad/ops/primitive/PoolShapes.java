package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.ops.kernels.PoolGeometry;

/**
 * What a pooling keeps in its {@code Context} for the vjp besides tensors: the geometry of that call, the
 * input's shape (sizes only, no values) and whether the input was stored channels-last (its gradient then is too). The backward ops are built from it in the vjp, so that every op
 * instance holds options alone and may be applied again at its recorded inputs (as {@code GradCheck.localize}
 * does).
 */
record PoolShapes(PoolGeometry geometry, int[] inputShape, boolean channelsLast) {
    PoolShapes {
        inputShape = inputShape.clone();
    }

    /**
     * A stand-in with the input's shape and the given dtype (one zero repeated, nothing allocated), to ask for
     * the place of the input's gradient ({@code Context.claimOutput}).
     */
    Tensor like(DType dtype) {
        return Tensor.scalar(0, dtype).asStrided(inputShape, new int[inputShape.length], 0);
    }

    /** The shapes of pooling an NCHW input. */
    PoolShapes(PoolGeometry geometry, int[] inputShape) {
        this(geometry, inputShape, false);
    }
}
