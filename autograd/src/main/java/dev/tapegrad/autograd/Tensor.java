package dev.tapegrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional array of FLOAT32 or FLOAT64 values with a place on the autograd tape.
 *
 * <p>Storage is a flat array viewed through a shape, strides and an offset, so transposes, permutes and
 * broadcasting expands are views. A tensor is either a leaf (made by a factory; it may require grad and
 * then accumulates {@link #grad()}) or the output of a recorded {@link Op}. Arithmetic lives in
 * {@code dev.tapegrad.ops.Ops}.
 */
public final class Tensor {
    private final DType dtype;
    private final float[] floats;
    private final double[] doubles;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final int numel;
    private final boolean contiguous;
    /** The storage's version counter, shared by every view and detached alias of this storage. */
    private final Version version;

    private Node gradFn;
    private boolean requiresGrad;
    private boolean retainsGrad;
    private Tensor grad;
    private List<UnaryOperator<Tensor>> hooks;
    /** The storage array was made for this tensor object by a factory (views made later share it). */
    private boolean allocated;

    private Tensor(DType dtype, float[] floats, double[] doubles, int[] shape, int[] strides, int offset,
                   Version version) {
        this(dtype, floats, doubles, shape, strides, offset, Shapes.numel(shape), contiguous(shape, strides), version);
    }

    /** For shapes and strides already checked: numel and contiguity known. */
    private Tensor(DType dtype, float[] floats, double[] doubles, int[] shape, int[] strides, int offset, int numel,
                   boolean contiguous, Version version) {
        this.dtype = dtype;
        this.floats = floats;
        this.doubles = doubles;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = numel;
        this.contiguous = contiguous;
        this.version = version;
    }

    /** How many in-place writes a storage has seen (PyTorch's version counter). */
    private static final class Version {
        int value;
    }

    private static boolean contiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    // ---------------------------------------------------------------- factories

    /** FLOAT64 tensor holding a copy of {@code data}; shape () is a scalar. */
    public static Tensor of(double[] data, int... shape) {
        checkLength(data.length, shape);
        return wrap(data.clone(), shape);
    }

    /** FLOAT32 tensor holding a copy of {@code data}. */
    public static Tensor of(float[] data, int... shape) {
        checkLength(data.length, shape);
        return wrap(data.clone(), shape);
    }

    /** FLOAT64 scalar (shape ()). As an op argument it takes the other input's dtype. */
    public static Tensor scalar(double value) {
        return wrap(new double[] {value});
    }

    /** Scalar of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /**
     * FLOAT32 tensor over {@code data} without copying: later writes to the array show through. The tensor
     * starts a new version counter, so a caller that writes into {@code data} after a recorded op saved the
     * tensor must call {@link #markModified()} on it; wrapping one array twice gives two counters.
     */
    public static Tensor wrap(float[] data, int... shape) {
        checkLength(data.length, shape);
        int[] s = shape.clone();
        return new Tensor(DType.FLOAT32, data, null, s, Shapes.contiguousStrides(s), 0, new Version());
    }

    /** FLOAT64 tensor over {@code data} without copying; see {@link #wrap(float[], int...)}. */
    public static Tensor wrap(double[] data, int... shape) {
        checkLength(data.length, shape);
        int[] s = shape.clone();
        return new Tensor(DType.FLOAT64, null, data, s, Shapes.contiguousStrides(s), 0, new Version());
    }

    public static Tensor zeros(DType dtype, int... shape) {
        int n = Shapes.numel(shape);
        return (dtype == DType.FLOAT32 ? wrap(new float[n], shape) : wrap(new double[n], shape)).ownStorage();
    }

    /** Marks the storage as this tensor's own (made by a factory here, or adopted by {@link #wrapLike}). */
    private Tensor ownStorage() {
        allocated = true;
        return this;
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    public static Tensor full(double value, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (dtype == DType.FLOAT32) {
            Arrays.fill(t.floats, (float) value);
        } else {
            Arrays.fill(t.doubles, value);
        }
        return t;
    }

    /**
     * A contiguous FLOAT32 tensor with {@code like}'s shape over {@code data} (not copied): the cheap way
     * for an op to wrap the output of a same-shape kernel. The tensor adopts the array: pass a fresh one
     * that the caller does not keep or share (use {@link #wrap} for an array that stays in use).
     */
    public static Tensor wrapLike(Tensor like, float[] data) {
        if (data.length != like.numel) {
            throw new IllegalArgumentException("Tensor.wrapLike: " + data.length + " values do not fill shape "
                    + Shapes.str(like.shape) + " (" + like.numel + " elements)");
        }
        return new Tensor(DType.FLOAT32, data, null, like.shape, like.denseStrides(), 0, like.numel, true,
                new Version()).ownStorage();
    }

    /** FLOAT64 counterpart of {@link #wrapLike(Tensor, float[])}. */
    public static Tensor wrapLike(Tensor like, double[] data) {
        if (data.length != like.numel) {
            throw new IllegalArgumentException("Tensor.wrapLike: " + data.length + " values do not fill shape "
                    + Shapes.str(like.shape) + " (" + like.numel + " elements)");
        }
        return new Tensor(DType.FLOAT64, null, data, like.shape, like.denseStrides(), 0, like.numel, true,
                new Version()).ownStorage();
    }

    /**
     * A FLOAT32 tensor over {@code data} (not copied) seen with the given shape and strides from offset 0, where
     * the strides lay the elements out densely over the whole array in some order of the dims (PyTorch's
     * "non-overlapping and dense": a transpose or permute of a contiguous array, such as channels-last storage
     * seen as NCHW). Like {@link #wrapLike}, the tensor adopts the array: pass a fresh one the caller does not
     * keep or share. The way for an op to give its output the memory order of its input.
     */
    public static Tensor adoptStrided(float[] data, int[] shape, int[] strides) {
        checkDense("adoptStrided", data.length, shape, strides);
        return new Tensor(DType.FLOAT32, data, null, shape.clone(), strides.clone(), 0, new Version()).ownStorage();
    }

    /** FLOAT64 counterpart of {@link #adoptStrided(float[], int[], int[])}. */
    public static Tensor adoptStrided(double[] data, int[] shape, int[] strides) {
        checkDense("adoptStrided", data.length, shape, strides);
        return new Tensor(DType.FLOAT64, null, data, shape.clone(), strides.clone(), 0, new Version()).ownStorage();
    }

    private static void checkDense(String what, int length, int[] shape, int[] strides) {
        if (shape.length != strides.length || !Shapes.denseOver(length, shape, strides)) {
            throw new IllegalArgumentException("Tensor." + what + ": shape " + Shapes.str(shape) + " with strides "
                    + Arrays.toString(strides) + " does not lay its elements densely over " + length + " values");
        }
    }

    /**
     * True when this tensor's elements fill its storage array exactly, from offset 0, each once (contiguous or
     * in another order of the dims): an in-place write to every element then touches the whole array once.
     */
    boolean isDenseView() {
        int length = floats != null ? floats.length : doubles.length;
        return offset == 0 && Shapes.denseOver(length, shape, strides);
    }

    /** Row-major strides of this shape, shared with this tensor when it already has them. */
    private int[] denseStrides() {
        if (contiguous) {
            int expected = 1;
            boolean same = true;
            for (int d = shape.length - 1; d >= 0 && same; d--) {
                same = strides[d] == expected;
                expected *= Math.max(shape[d], 1);
            }
            if (same) {
                return strides;
            }
        }
        return Shapes.contiguousStrides(shape);
    }

    /** Zeros with the shape and dtype of {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return like.dtype == DType.FLOAT32 ? wrapLike(like, new float[like.numel])
                : wrapLike(like, new double[like.numel]);
    }

    /** Ones with the shape and dtype of {@code like}. */
    public static Tensor onesLike(Tensor like) {
        return full(1.0, like.dtype, like.shape);
    }

    /** 1-D tensor start, start+step, ... below end (above end for a negative step), like torch.arange. */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: need finite start/end and a non-zero step, got start="
                    + start + " end=" + end + " step=" + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = zeros(dtype, n);
        for (int i = 0; i < n; i++) {
            t.setFlat(i, start + i * step);
        }
        return t;
    }

    /** 0, 1, ..., n-1 as FLOAT32. */
    public static Tensor arange(int n) {
        return arange(0, n, 1, DType.FLOAT32);
    }

    /** Uniform values in [0, 1) drawn from {@code rng}. */
    public static Tensor rand(RandomGenerator rng, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < t.numel; i++) {
            t.setFlat(i, rng.nextDouble());
        }
        return t;
    }

    /** Standard normal values drawn from {@code rng}. */
    public static Tensor randn(RandomGenerator rng, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < t.numel; i++) {
            t.setFlat(i, rng.nextGaussian());
        }
        return t;
    }

    /** Uniform [0, 1) from a generator seeded with {@code seed}: the same seed gives the same values. */
    public static Tensor rand(long seed, DType dtype, int... shape) {
        return rand(new SplittableRandom(seed), dtype, shape);
    }

    /** Standard normal from a generator seeded with {@code seed}. */
    public static Tensor randn(long seed, DType dtype, int... shape) {
        return randn(new SplittableRandom(seed), dtype, shape);
    }

    private static void checkLength(int length, int[] shape) {
        int n = Shapes.numel(shape);
        if (length != n) {
            throw new IllegalArgumentException("Tensor.of: " + length + " values do not fill shape "
                    + Shapes.str(shape) + " (" + n + " elements)");
        }
    }

    // ---------------------------------------------------------------- metadata and values

    /** The shape, as a copy. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dim {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape[Shapes.dim("size", d, shape.length)];
    }

    public int rank() {
        return shape.length;
    }

    /** True when {@code other} has the same shape (dtype and strides aside); no copies. */
    public boolean sameShape(Tensor other) {
        return shape == other.shape || Arrays.equals(shape, other.shape);
    }

    /** True when this tensor has exactly {@code shape}; no copies. */
    public boolean hasShape(int... shape) {
        return Arrays.equals(this.shape, shape);
    }

    public int numel() {
        return numel;
    }

    public DType dtype() {
        return dtype;
    }

    /** Strides in elements, as a copy. */
    public int[] strides() {
        return strides.clone();
    }

    /** Offset of the first element in the storage array. */
    public int storageOffset() {
        return offset;
    }

    /** True when the elements lie in row-major order from the offset with no gaps. */
    public boolean isContiguous() {
        return contiguous;
    }

    /** Values in row-major order as a new double array, whatever the dtype and strides. */
    public double[] toDoubleArray() {
        double[] out = new double[numel];
        if (floats != null) {
            StridedCopy.gather(floats, shape, strides, offset, out);
        } else {
            StridedCopy.gather(doubles, shape, strides, offset, out);
        }
        return out;
    }

    /** Values in row-major order as a new float array (FLOAT64 values rounded). */
    public float[] toFloatArray() {
        float[] out = new float[numel];
        if (floats != null) {
            StridedCopy.gather(floats, shape, strides, offset, out);
        } else {
            StridedCopy.gather(doubles, shape, strides, offset, out);
        }
        return out;
    }

    /**
     * Row-major FLOAT32 values for a kernel to read: the storage itself when contiguous from offset 0
     * with no slack, else a fresh copy. Never write into it. Throws for FLOAT64.
     */
    public float[] floatData() {
        requireDType(DType.FLOAT32);
        if (offset == 0 && floats.length == numel && isContiguous()) {
            return floats;
        }
        return toFloatArray();
    }

    /** Row-major FLOAT64 values for a kernel to read; see {@link #floatData()}. */
    public double[] doubleData() {
        requireDType(DType.FLOAT64);
        if (offset == 0 && doubles.length == numel && isContiguous()) {
            return doubles;
        }
        return toDoubleArray();
    }

    /**
     * The FLOAT32 storage array itself, for fast kernels. What a caller may do with it:
     * <ul>
     *   <li>read this tensor's elements at {@code storageOffset() + Σ index[d]·strides()[d]} (other parts
     *       of the array may belong to other views, or be slack);</li>
     *   <li>write the output of an op into a tensor it just made itself ({@link #zeros}, {@link #wrapLike})
     *       and has not handed out yet;</li>
     *   <li>write in place into any other tensor only when followed by {@link #markModified()}, so that a
     *       backward relying on the old values throws instead of silently computing with the new ones.</li>
     * </ul>
     * Never keep the array past the call: it is the live storage of the tensor and of all its views.
     */
    public float[] floatStorage() {
        requireDType(DType.FLOAT32);
        return floats;
    }

    /** The FLOAT64 storage array itself; the rules of {@link #floatStorage()} apply. */
    public double[] doubleStorage() {
        requireDType(DType.FLOAT64);
        return doubles;
    }

    private void requireDType(DType expected) {
        if (dtype != expected) {
            throw new IllegalStateException("tensor of shape " + Shapes.str(shape) + " is " + dtype
                    + ", expected " + expected);
        }
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel != 1) {
            throw new IllegalStateException("item: tensor of shape " + Shapes.str(shape) + " has " + numel
                    + " elements, expected exactly 1");
        }
        return getFlat(0);
    }

    /** The element at a multi-index (one index per dim; negative indices count from the end). */
    public double get(int... index) {
        return at(storagePosition(index));
    }

    /**
     * Writes one element in place and bumps the storage's version. Not recorded on the tape: if a recorded
     * op saved this storage for backward (through this tensor, a view or a detached alias), that backward
     * throws instead of computing with the new value.
     */
    public Tensor set(double value, int... index) {
        put(storagePosition(index), value);
        version.value++;
        return this;
    }

    /**
     * Records an in-place write to this tensor's storage: call it after writing through
     * {@link #floatStorage()} or {@link #doubleStorage()} into storage that may already hold values in use
     * (an optimizer step, a loaded checkpoint, an in-place op). A backward that needs what a recorded op
     * saved from this storage then throws instead of using the new values. Writing into a tensor made
     * fresh for an op's output needs no call. Returns this.
     */
    public Tensor markModified() {
        version.value++;
        return this;
    }

    /** The storage's version: the number of in-place writes it has seen (shared by views and aliases). */
    public int version() {
        return version.value;
    }

    private int storagePosition(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " entries for a tensor of shape " + Shapes.str(shape));
        }
        int pos = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is out of bounds for shape "
                        + Shapes.str(shape) + " (dim " + d + ")");
            }
            pos += i * strides[d];
        }
        return pos;
    }

    private double getFlat(int flat) {
        return at(isContiguous() ? offset + flat : storagePosition(Shapes.unravel(flat, shape)));
    }

    private void setFlat(int flat, double v) {
        put(isContiguous() ? offset + flat : storagePosition(Shapes.unravel(flat, shape)), v);
    }

    private double at(int pos) {
        return floats != null ? floats[pos] : doubles[pos];
    }

    private void put(int pos, double v) {
        if (floats != null) {
            floats[pos] = (float) v;
        } else {
            doubles[pos] = v;
        }
    }

    // ---------------------------------------------------------------- raw views and copies (not recorded)

    /**
     * A view of the same storage with another shape, strides and offset, sharing its version counter.
     * Not recorded on the tape: ops use it inside {@code forward}; users want {@code Ops.transpose},
     * {@code Ops.expand} and friends. Only the bounds are checked: the view may overlap itself (stride 0,
     * or strides that alias), and writing through such a view is the caller's responsibility.
     */
    public Tensor asStrided(int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("asStrided: shape " + Shapes.str(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in rank");
        }
        int n = Shapes.numel(shape);
        if (n > 0) {
            long lo = offset;
            long hi = offset;
            for (int d = 0; d < shape.length; d++) {
                long span = (long) (shape[d] - 1) * strides[d];
                if (span < 0) {
                    lo += span;
                } else {
                    hi += span;
                }
            }
            int length = floats != null ? floats.length : doubles.length;
            if (lo < 0 || hi >= length) {
                throw new IllegalArgumentException("asStrided: view " + Shapes.str(shape) + " strides "
                        + Arrays.toString(strides) + " offset " + offset + " reaches outside a storage of "
                        + length + " elements");
            }
        }
        return new Tensor(dtype, floats, doubles, shape.clone(), strides.clone(), offset, version);
    }

    /** This tensor if contiguous, else a contiguous copy. Not recorded on the tape. */
    public Tensor contiguous() {
        if (isContiguous()) {
            return this;
        }
        return copy();
    }

    /** A contiguous copy of the values with no tape history. */
    public Tensor copy() {
        return (dtype == DType.FLOAT32 ? wrap(toFloatArray(), shape) : wrap(toDoubleArray(), shape)).ownStorage();
    }

    /** The same storage and values, cut off from the tape: never requires grad. */
    public Tensor detach() {
        return new Tensor(dtype, floats, doubles, shape, strides, offset, numel, contiguous, version);
    }

    /** A new tensor object over the same storage, used when an op's forward returns one of its inputs. */
    Tensor alias() {
        return new Tensor(dtype, floats, doubles, shape, strides, offset, numel, contiguous, version);
    }

    /**
     * Copies {@code src}'s values into this tensor in place (shapes must match; dtypes may differ) and bumps
     * the storage's version. Bypasses the tape, like PyTorch's {@code with torch.no_grad(): p.copy_(src)}.
     */
    public void copyFrom(Tensor src) {
        if (!Arrays.equals(shape, src.shape)) {
            throw new IllegalArgumentException("copyFrom: source shape " + Shapes.str(src.shape)
                    + " differs from destination shape " + Shapes.str(shape));
        }
        if (floats != null) {
            StridedCopy.scatter(src.toFloatArray(), floats, shape, strides, offset);
        } else {
            StridedCopy.scatter(src.toDoubleArray(), doubles, shape, strides, offset);
        }
        version.value++;
    }

    // ---------------------------------------------------------------- autograd

    /** Marks a leaf as requiring (or not) a gradient; returns this. Throws on a non-leaf. */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: tensor of shape " + Shapes.str(shape)
                    + " is the output of " + gradFn.op.name() + ", not a leaf; only leaves can change "
                    + "requiresGrad (use detach() to make a new leaf)");
        }
        requiresGrad = on;
        return this;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for tensors not produced by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Name of the op that produced this tensor on the tape, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.op.name();
    }

    /** Gradient accumulated by {@link #backward()} into a leaf (or a non-leaf that called {@link #retainGrad()}), or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the accumulated gradient (null clears it, as zeroing does in PyTorch with set_to_none). */
    public void setGrad(Tensor g) {
        if (g != null && (!sameShape(g) || g.dtype != dtype)) {
            throw new IllegalArgumentException("setGrad: gradient " + g.dtype + Shapes.str(g.shape)
                    + " does not match tensor " + dtype + Shapes.str(shape));
        }
        grad = g;
    }

    /** Makes backward keep this non-leaf tensor's gradient in {@link #grad()}. */
    public Tensor retainGrad() {
        retainsGrad = true;
        return this;
    }

    boolean retainsGrad() {
        return retainsGrad || gradFn == null;
    }

    /**
     * Registers a function called with this tensor's gradient when backward computes it; it may return a
     * replacement (same shape and dtype) or null to keep it. Returns a handle that removes the hook.
     */
    public Runnable registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) {
            throw new IllegalStateException("registerHook: tensor of shape " + Shapes.str(shape)
                    + " does not require grad, so no gradient will ever reach the hook");
        }
        if (hooks == null) {
            hooks = new ArrayList<>(1);
        }
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /** True when the storage array was allocated for this tensor object alone (see {@link #ownStorage}). */
    boolean ownsStorage() {
        return allocated;
    }

    /** The storage array, for identity comparisons. */
    Object storage() {
        return floats != null ? floats : doubles;
    }

    List<UnaryOperator<Tensor>> hooks() {
        return hooks;
    }

    Node gradFn() {
        return gradFn;
    }

    void attach(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    /** Backward from a one-element output: accumulates d(this)/d(leaf) into every leaf's {@link #grad()}. */
    public void backward() {
        backward(null, false);
    }

    /** Backward with an explicit gradient of this tensor's shape (a vector-Jacobian product). */
    public void backward(Tensor gradOutput) {
        backward(gradOutput, false);
    }

    /** As {@link #backward(Tensor)}; with {@code retainGraph} the saved tensors survive for another backward. */
    public void backward(Tensor gradOutput, boolean retainGraph) {
        Engine.backward(this, gradOutput, retainGraph);
    }

    @Override
    public String toString() {
        return TensorFormat.format(this, requiresGrad, gradFn == null ? null : gradFn.op.name());
    }
}
