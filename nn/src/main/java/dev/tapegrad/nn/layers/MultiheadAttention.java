package dev.tapegrad.nn.layers;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.Parameter;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.ops.Ops;
import java.util.random.RandomGenerator;

/**
 * Multi-head scaled dot-product attention, as torch.nn.MultiheadAttention with {@code batch_first=True}:
 * for query [B, L, E], key and value [B, S, E] (or [L, E], [S, E] without a batch),
 * q, k, v = query·Wqᵀ + bq, key·Wkᵀ + bk, value·Wvᵀ + bv, split into H heads of E/H;
 * per head softmax(q·kᵀ/√(E/H) + mask)·v; heads joined, then out_proj.
 *
 * <p>State-dict keys and init as PyTorch: {@code in_proj_weight} [3E, E] (Wq; Wk; Wv) xavier-uniform,
 * {@code in_proj_bias} [3E] zeros, {@code out_proj.weight} [E, E] Linear's default, {@code out_proj.bias}
 * zeros. No dropout (PyTorch's default 0). The mask is additive and float (0 keeps, −∞ hides), [L, S] or
 * broadcastable to [B, H, L, S]; PyTorch's boolean masks correspond to {@code where(mask, -inf, 0)}.
 * Attention weights are not returned (PyTorch's need_weights=False). FLOAT32.
 */
public final class MultiheadAttention extends Module {
    private final int embedDim;
    private final int numHeads;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;

    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, true, Init.generator());
    }

    public MultiheadAttention(int embedDim, int numHeads, boolean bias, RandomGenerator rng) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim must be a positive multiple of numHeads, got "
                    + embedDim + " and " + numHeads);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.inProjWeight = registerParameter("in_proj_weight",
                Init.xavierUniform(Tensor.zeros(DType.FLOAT32, 3 * embedDim, embedDim), rng));
        this.inProjBias = bias ? registerParameter("in_proj_bias", Tensor.zeros(DType.FLOAT32, 3 * embedDim)) : null;
        this.outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias, rng));
        if (bias) {
            Init.constant(outProj.bias().tensor(), 0);
        }
    }

    public Parameter inProjWeight() {
        return inProjWeight;
    }

    /** The input projections' bias, or null when made without biases. */
    public Parameter inProjBias() {
        return inProjBias;
    }

    public Linear outProj() {
        return outProj;
    }

    /** Self-attention: query, key and value are all {@code x}. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null);
    }

    /** Attention of query over key/value; {@code attnMask} (additive, may be null) as in the class comment. */
    public Tensor forward(Tensor query, Tensor key, Tensor value, Tensor attnMask) {
        boolean unbatched = query.rank() == 2;
        check(query, key, value, unbatched);
        requireDType(query, inProjWeight.dtype());
        if (unbatched) {
            Tensor q1 = Ops.reshape(query, 1, query.size(0), embedDim);
            Tensor k1 = key == query ? q1 : Ops.reshape(key, 1, key.size(0), embedDim);
            Tensor v1 = value == key ? k1 : Ops.reshape(value, 1, value.size(0), embedDim);
            Tensor y = forward(q1, k1, v1, attnMask);
            return Ops.reshape(y, query.size(0), embedDim);
        }
        int b = query.size(0);
        int l = query.size(1);
        int s = key.size(1);
        Tensor q;
        Tensor k;
        Tensor v;
        if (query == key && key == value) {
            Tensor qkv = project(query, 0, 3 * embedDim);
            q = Ops.narrow(qkv, 2, 0, embedDim);
            k = Ops.narrow(qkv, 2, embedDim, embedDim);
            v = Ops.narrow(qkv, 2, 2 * embedDim, embedDim);
        } else {
            q = project(query, 0, embedDim);
            k = project(key, embedDim, embedDim);
            v = project(value, 2 * embedDim, embedDim);
        }
        int d = embedDim / numHeads;
        q = Ops.mul(heads(q, b, l, d), Tensor.scalar(1 / Math.sqrt(d)));
        k = heads(k, b, s, d);
        v = heads(v, b, s, d);
        Tensor scores = Ops.matmul(q, Ops.transpose(k, -1, -2));
        if (attnMask != null) {
            scores = Ops.add(scores, attnMask);
        }
        Tensor out = Ops.matmul(Ops.softmax(scores, -1), v);
        return outProj.forward(Ops.reshape(Ops.transpose(out, 1, 2), b, l, embedDim));
    }

    /** x·W[from:from+rows]ᵀ + b[from:from+rows]. */
    private Tensor project(Tensor x, int from, int rows) {
        Tensor w = inProjWeight.tensor();
        if (from != 0 || rows != w.size(0)) {
            w = Ops.narrow(w, 0, from, rows);
        }
        Tensor y = Ops.matmul(x, Ops.transpose(w, 0, 1));
        if (inProjBias == null) {
            return y;
        }
        Tensor bias = inProjBias.tensor();
        return Ops.add(y, rows == bias.size(0) ? bias : Ops.narrow(bias, 0, from, rows));
    }

    /** [B, T, E] to [B, H, T, E/H]. */
    private Tensor heads(Tensor x, int b, int t, int d) {
        return Ops.transpose(Ops.reshape(x, b, t, numHeads, d), 1, 2);
    }

    private void check(Tensor query, Tensor key, Tensor value, boolean unbatched) {
        int rank = unbatched ? 2 : 3;
        String expected = unbatched ? "[L, " + embedDim + "], [S, " + embedDim + "], [S, " + embedDim + "]"
                : "[B, L, " + embedDim + "], [B, S, " + embedDim + "], [B, S, " + embedDim + "]";
        boolean ok = query.rank() == rank && key.rank() == rank && value.rank() == rank
                && query.size(-1) == embedDim && key.size(-1) == embedDim && value.size(-1) == embedDim
                && key.size(-2) == value.size(-2)
                && (unbatched || (key.size(0) == query.size(0) && value.size(0) == query.size(0)));
        if (!ok) {
            throw new IllegalArgumentException(this + ": expected query, key, value " + expected + ", got "
                    + Shapes.str(query.shape()) + ", " + Shapes.str(key.shape()) + ", " + Shapes.str(value.shape()));
        }
    }

    @Override
    public String toString() {
        return "MultiheadAttention(" + embedDim + ", heads " + numHeads + (inProjBias == null ? ", no bias" : "") + ")";
    }
}
