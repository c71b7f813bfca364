package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.ops.Ops;
import java.util.Arrays;

/** Merges dims startDim..endDim into one (defaults 1 and -1: [N, C, H, W] to [N, C·H·W]), a view when contiguous. */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length == 0) {
            return Ops.reshape(x, 1);
        }
        int a = Shapes.dim(toString(), startDim, s.length);
        int b = Shapes.dim(toString(), endDim, s.length);
        if (a > b) {
            throw new IllegalArgumentException(this + ": start dim comes after end dim for input " + Shapes.str(s));
        }
        int[] out = new int[s.length - (b - a)];
        System.arraycopy(s, 0, out, 0, a);
        int merged = 1;
        for (int d = a; d <= b; d++) {
            merged *= s[d];
        }
        out[a] = merged;
        System.arraycopy(s, b + 1, out, a + 1, s.length - b - 1);
        return Arrays.equals(out, s) ? x : Ops.reshape(x, out);
    }

    @Override
    public String toString() {
        return "Flatten(" + startDim + ", " + endDim + ")";
    }
}
