package dev.tapegrad.nn.layers;

import java.util.Arrays;

/** Argument checks and descriptions shared by the convolution and pooling layers. */
final class ConvChecks {
    private ConvChecks() {}

    static void channels(String layer, int in, int out, int groups) {
        if (in <= 0 || out <= 0 || groups <= 0) {
            throw new IllegalArgumentException(layer + ": channels and groups must be positive, got " + in + " -> "
                    + out + ", groups " + groups);
        }
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(layer + ": " + in + " input and " + out
                    + " output channels must both be divisible by groups = " + groups);
        }
    }

    static int[] positive(String layer, String what, int[] v) {
        return check(layer, what, v, 1);
    }

    static int[] nonNegative(String layer, String what, int[] v) {
        return check(layer, what, v, 0);
    }

    private static int[] check(String layer, String what, int[] v, int min) {
        if (v == null || v.length != 2 || v[0] < min || v[1] < min) {
            throw new IllegalArgumentException(layer + ": " + what + " must be two values >= " + min + " (h, w), got "
                    + Arrays.toString(v));
        }
        return v.clone();
    }

    /** ", stride 2, padding 1" etc., only where not the default. */
    static String options(int[] stride, int[] padding, int[] dilation, int groups) {
        StringBuilder sb = new StringBuilder();
        if (stride[0] != 1 || stride[1] != 1) {
            sb.append(", stride ").append(hw(stride));
        }
        if (padding[0] != 0 || padding[1] != 0) {
            sb.append(", padding ").append(hw(padding));
        }
        if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) {
            sb.append(", dilation ").append(hw(dilation));
        }
        if (groups != 1) {
            sb.append(", groups ").append(groups);
        }
        return sb.toString();
    }

    static String hw(int[] v) {
        return v[0] == v[1] ? Integer.toString(v[0]) : v[0] + "x" + v[1];
    }
}
