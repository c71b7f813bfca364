package dev.tapegrad.autograd;

/** Element type of a {@link Tensor}: IEEE-754 single or double precision. */
public enum DType {
    FLOAT32(4),
    FLOAT64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element: 4 or 8. */
    public int byteSize() {
        return byteSize;
    }
}
