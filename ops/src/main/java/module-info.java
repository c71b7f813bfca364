/**
 * The differentiable operations, through the {@code dev.tapegrad.ops.Ops} facade. The primitive op classes
 * and the numeric kernels are internal ({@code primitive} is shared with {@code dev.tapegrad.nn} only).
 * The Vector API is optional: without {@code --add-modules jdk.incubator.vector} the scalar kernels run.
 */
module dev.tapegrad.ops {
    requires transitive dev.tapegrad.autograd;
    requires static jdk.incubator.vector;

    exports dev.tapegrad.ops;
    exports dev.tapegrad.ops.primitive to dev.tapegrad.nn;

    provides dev.tapegrad.autograd.spi.StridedCopier with dev.tapegrad.ops.kernels.ViewCopier;
}
