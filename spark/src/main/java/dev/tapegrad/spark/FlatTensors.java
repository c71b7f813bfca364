package dev.tapegrad.spark;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named tensors packed into two flat arrays, one {@code float[]} for the FLOAT32 entries and one
 * {@code double[]} for the FLOAT64 entries, so that parameters, gradients and optimizer state cross the
 * network at 4 (or 8) bytes a value with a few bytes of header per tensor. Sums and scales run in place
 * over the flat arrays, in a fixed order, so the same inputs always give the same bits.
 */
public final class FlatTensors implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final DType[] dtypes;
    private final int[][] shapes;
    /** Start of entry i in floats (FLOAT32) or doubles (FLOAT64). */
    private final int[] offsets;
    private final float[] floats;
    private final double[] doubles;

    private FlatTensors(String[] names, DType[] dtypes, int[][] shapes, int[] offsets, float[] floats,
            double[] doubles) {
        this.names = names;
        this.dtypes = dtypes;
        this.shapes = shapes;
        this.offsets = offsets;
        this.floats = floats;
        this.doubles = doubles;
    }

    /** A copy of the values of {@code tensors}, in the map's order. */
    public static FlatTensors of(Map<String, Tensor> tensors) {
        int n = tensors.size();
        String[] names = new String[n];
        DType[] dtypes = new DType[n];
        int[][] shapes = new int[n][];
        int[] offsets = new int[n];
        int nf = 0;
        int nd = 0;
        int i = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            names[i] = e.getKey();
            dtypes[i] = t.dtype();
            shapes[i] = t.shape();
            if (t.dtype() == DType.FLOAT32) {
                offsets[i] = nf;
                nf += t.numel();
            } else {
                offsets[i] = nd;
                nd += t.numel();
            }
            i++;
        }
        float[] floats = new float[nf];
        double[] doubles = new double[nd];
        i = 0;
        for (Tensor t : tensors.values()) {
            if (dtypes[i] == DType.FLOAT32) {
                float[] v = t.toFloatArray();
                System.arraycopy(v, 0, floats, offsets[i], v.length);
            } else {
                double[] v = t.toDoubleArray();
                System.arraycopy(v, 0, doubles, offsets[i], v.length);
            }
            i++;
        }
        return new FlatTensors(names, dtypes, shapes, offsets, floats, doubles);
    }

    /** Number of named tensors. */
    public int size() {
        return names.length;
    }

    /** Names in order. */
    public List<String> names() {
        return List.of(names);
    }

    /** Number of values (all entries, both dtypes). */
    public long numel() {
        return (long) floats.length + doubles.length;
    }

    /** Bytes of the values themselves: 4 per FLOAT32 value, 8 per FLOAT64 value. */
    public long payloadBytes() {
        return 4L * floats.length + 8L * doubles.length;
    }

    /** Fresh tensors (copies) by name, in order. */
    public Map<String, Tensor> toTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], tensor(i));
        }
        return out;
    }

    /** Entry i as a fresh tensor. */
    private Tensor tensor(int i) {
        int n = numel(shapes[i]);
        if (dtypes[i] == DType.FLOAT32) {
            return Tensor.wrap(Arrays.copyOfRange(floats, offsets[i], offsets[i] + n), shapes[i]);
        }
        return Tensor.wrap(Arrays.copyOfRange(doubles, offsets[i], offsets[i] + n), shapes[i]);
    }

    /**
     * Copies every entry into the tensor of the same name in {@code targets} in place (bypassing the
     * tape); throws naming the entry when a name is missing or a shape or dtype differs.
     */
    public void copyInto(Map<String, Tensor> targets) {
        for (int i = 0; i < names.length; i++) {
            Tensor t = targets.get(names[i]);
            requireMatch(i, t);
            t.copyFrom(tensor(i));
        }
    }

    /** Adds {@code other}, which must hold the same names, dtypes and shapes, into this in place. */
    public void addInPlace(FlatTensors other) {
        requireSameLayout(other);
        for (int i = 0; i < floats.length; i++) {
            floats[i] += other.floats[i];
        }
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] += other.doubles[i];
        }
    }

    /** Multiplies every value by {@code s} in place (FLOAT32 values are rounded back to float). */
    public void scaleInPlace(double s) {
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) (floats[i] * s);
        }
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] *= s;
        }
    }

    /** True when both hold the same names, dtypes and shapes in the same order. */
    public boolean sameLayout(FlatTensors other) {
        return Arrays.equals(names, other.names) && Arrays.equals(dtypes, other.dtypes)
                && Arrays.deepEquals(shapes, other.shapes);
    }

    private void requireSameLayout(FlatTensors other) {
        if (!sameLayout(other)) {
            throw new IllegalArgumentException("FlatTensors: cannot combine " + describe() + " with "
                    + other.describe());
        }
    }

    private void requireMatch(int i, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException("FlatTensors: no tensor named \"" + names[i] + "\" to copy into");
        }
        if (t.dtype() != dtypes[i] || !Arrays.equals(t.shape(), shapes[i])) {
            throw new IllegalArgumentException("FlatTensors: \"" + names[i] + "\" is " + dtypes[i]
                    + Arrays.toString(shapes[i]) + " but the target is " + t.dtype() + Arrays.toString(t.shape()));
        }
    }

    private String describe() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(names[i]).append(' ').append(dtypes[i])
                    .append(Arrays.toString(shapes[i]));
        }
        return sb.append('}').toString();
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }
}
