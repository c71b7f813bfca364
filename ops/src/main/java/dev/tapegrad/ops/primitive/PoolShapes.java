package dev.tapegrad.ops.primitive;

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

    /** The shapes of pooling an NCHW input. */
    PoolShapes(PoolGeometry geometry, int[] inputShape) {
        this(geometry, inputShape, false);
    }
}
