package dev.tapegrad.ops.primitive;

import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Checks shared by the convolution and pooling primitives: {h, w} argument pairs, NCHW ranks, dtypes,
 * and output sizes, each failure an IllegalArgumentException naming the op and the shapes (output sizes
 * show the formula with the actual numbers).
 */
final class SpatialArgs {
    private SpatialArgs() {}

    private static final String[] AXIS = {"height", "width"};

    /** A copy of an {h, w} pair whose entries are at least {@code min}. */
    static int[] pair(String op, String name, int[] v, int min) {
        if (v == null || v.length != 2) {
            throw new IllegalArgumentException(op + ": " + name + " must be an {height, width} pair, got "
                    + Arrays.toString(v));
        }
        for (int i = 0; i < 2; i++) {
            if (v[i] < min) {
                throw new IllegalArgumentException(op + ": " + name + " must be " + (min == 0 ? "non-negative" : "positive")
                        + ", got " + Arrays.toString(v));
            }
        }
        return v.clone();
    }

    static void rank4(String op, String name, Tensor t, String layout) {
        if (t.rank() != 4) {
            throw new IllegalArgumentException(op + ": " + name + " must have rank 4 " + layout + ", got shape "
                    + Shapes.str(t.shape()));
        }
    }

    static void sameDType(String op, Tensor a, String aName, Tensor b, String bName) {
        if (b != null && a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": " + aName + " " + a.dtype() + Shapes.str(a.shape()) + " and "
                    + bName + " " + b.dtype() + Shapes.str(b.shape()) + " have different dtypes; convert one with "
                    + "Ops.cast (no silent promotion)");
        }
    }

    /** A bias of shape [channels] or null. */
    static void bias(String op, Tensor bias, int channels, String shapes) {
        if (bias != null && (bias.rank() != 1 || bias.size(0) != channels)) {
            throw new IllegalArgumentException(op + ": bias must have shape [" + channels + "] (one per output channel), got "
                    + Shapes.str(bias.shape()) + " for " + shapes);
        }
    }

    /** floor((in + 2p - d(k-1) - 1)/s) + 1, at least 1. */
    static int convOut(String op, int axis, int in, int k, int s, int p, int d, String shapes) {
        int out = Math.floorDiv(in + 2 * p - d * (k - 1) - 1, s) + 1;
        if (out < 1) {
            throw new IllegalArgumentException(String.format("%s: output %s (%s + 2p - d(k-1) - 1)/s + 1 = (%d + %d - %d*(%d-1) - 1)/%d + 1 = %d < 1 for %s",
                    op, AXIS[axis], axis == 0 ? "H" : "W", in, 2 * p, d, k, s, out, shapes));
        }
        return out;
    }

    /** (in - 1)s - 2p + d(k-1) + outputPadding + 1, at least 1. */
    static int transposedOut(String op, int axis, int in, int k, int s, int p, int d, int outPad, String shapes) {
        int out = (in - 1) * s - 2 * p + d * (k - 1) + outPad + 1;
        if (out < 1) {
            throw new IllegalArgumentException(String.format("%s: output %s (%s - 1)s - 2p + d(k-1) + outputPadding + 1 = (%d - 1)*%d - %d + %d*(%d-1) + %d + 1 = %d < 1 for %s",
                    op, AXIS[axis], axis == 0 ? "H" : "W", in, s, 2 * p, d, k, outPad, out, shapes));
        }
        return out;
    }

    /**
     * Pooling output size as PyTorch: floor (or ceil) of (in + 2p - d(k-1) - 1)/s, plus 1; in ceil mode
     * the last window must start inside the input or its left padding, else it is dropped.
     */
    static int poolOut(String op, int axis, int in, int k, int s, int p, int d, boolean ceil, String shapes) {
        if (p > k / 2) {
            throw new IllegalArgumentException(op + ": padding " + AXIS[axis] + " " + p + " must be at most half the kernel "
                    + k + " (" + k / 2 + ") for " + shapes);
        }
        int num = in + 2 * p - d * (k - 1) - 1;
        int out = Math.floorDiv(num + (ceil ? s - 1 : 0), s) + 1;
        if (ceil && (out - 1) * s >= in + p) {
            out--;
        }
        if (out < 1) {
            throw new IllegalArgumentException(String.format("%s: output %s %s((%s + 2p - d(k-1) - 1)/s) + 1 = %s((%d + %d - %d*(%d-1) - 1)/%d) + 1 = %d < 1 for %s",
                    op, AXIS[axis], ceil ? "ceil" : "floor", axis == 0 ? "H" : "W", ceil ? "ceil" : "floor",
                    in, 2 * p, d, k, s, out, shapes));
        }
        return out;
    }

    /** outputPadding that makes a transposed convolution produce exactly {@code in} from {@code out}. */
    static int outputPadding(int in, int out, int k, int s, int p, int d) {
        int pad = in - ((out - 1) * s - 2 * p + d * (k - 1) + 1);
        if (pad < 0) {
            throw new IllegalStateException("no output padding maps size " + out + " back to " + in);
        }
        return pad;
    }

    static String shapes(String aName, Tensor a, String bName, Tensor b) {
        return aName + " " + Shapes.str(a.shape()) + " and " + bName + " " + Shapes.str(b.shape());
    }
}
