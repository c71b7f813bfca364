package dev.tapegrad.ops.primitive;

import dev.tapegrad.ops.kernels.PoolGeometry;

/**
 * What a pooling keeps in its {@code Context} for the vjp besides tensors: the geometry of that call and the
 * input's shape (sizes only, no values). The backward ops are built from it in the vjp, so that every op
 * instance holds options alone and may be applied again at its recorded inputs (as {@code GradCheck.localize}
 * does).
 */
record PoolShapes(PoolGeometry geometry, int[] inputShape) {
    PoolShapes {
        inputShape = inputShape.clone();
    }
}
