/**
 * Tensors, the tape and reverse mode: {@code Tensor}, {@code DType}, {@code Op}/{@code Context},
 * {@code GradMode}, {@code Autograd}, {@code GradCheck}. Knows no particular op.
 */
module dev.tapegrad.autograd {
    exports dev.tapegrad.autograd;
    // A faster copy of views, provided by the ops module (its kernels) when present.
    exports dev.tapegrad.autograd.spi to dev.tapegrad.ops;
    uses dev.tapegrad.autograd.spi.StridedCopier;

    // Anomaly detection's finite scan uses the Vector API when the module is present (optional at run time).
    requires static jdk.incubator.vector;
}
