package dev.tapegrad.examples;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Shapes;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.nn.ModuleList;
import dev.tapegrad.nn.Parameter;
import dev.tapegrad.nn.Sequential;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.layers.GELU;
import dev.tapegrad.nn.layers.LayerNorm;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.MultiheadAttention;
import dev.tapegrad.ops.Ops;

/**
 * A tiny Vision Transformer for 28×28 grey images, as {@code ViT} of examples/python/vit.py (same
 * state-dict names): 7×7 patches → 16 tokens (Linear 49 → 64) plus a class token, a learned positional
 * embedding, 2 pre-norm {@link Block}s (4 heads, MLP 128 with GELU), a final LayerNorm and a linear head on
 * the class token. The class token and positional embedding start N(0, 0.02²); every layer has PyTorch's
 * default initialisation.
 */
public final class TinyViT extends Module {
    static final int IMAGE = 28;
    static final int PATCH = 7;
    static final int WIDTH = 64;
    static final int HEADS = 4;
    static final int MLP = 128;
    static final int DEPTH = 2;

    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final Linear patchEmbed;
    private final ModuleList blocks = new ModuleList();
    private final LayerNorm norm;
    private final Linear head;

    public TinyViT(int classes) {
        int tokens = (IMAGE / PATCH) * (IMAGE / PATCH);
        clsToken = registerParameter("cls_token", Init.normal(Tensor.zeros(DType.FLOAT32, 1, 1, WIDTH), 0, 0.02,
                Init.generator()));
        posEmbed = registerParameter("pos_embed", Init.normal(Tensor.zeros(DType.FLOAT32, 1, tokens + 1, WIDTH), 0,
                0.02, Init.generator()));
        patchEmbed = registerModule("patch_embed", new Linear(PATCH * PATCH, WIDTH));
        registerModule("blocks", blocks);
        for (int i = 0; i < DEPTH; i++) {
            blocks.add(new Block(WIDTH, HEADS, MLP));
        }
        norm = registerModule("norm", new LayerNorm(WIDTH));
        head = registerModule("head", new Linear(WIDTH, classes));
    }

    /** Logits [N, classes] for images [N, 1, 28, 28]. */
    @Override
    public Tensor forward(Tensor x) {
        if (!x.hasShape(x.size(0), 1, IMAGE, IMAGE) || x.rank() != 4) {
            throw new IllegalArgumentException("TinyViT: expected images [N, 1, 28, 28], got " + Shapes.str(x.shape()));
        }
        int n = x.size(0);
        int g = IMAGE / PATCH;
        // [N, 1, 28, 28] -> [N, 4, 7, 4, 7] -> [N, 4, 4, 7, 7] -> [N, 16, 49]: patches in row-major order
        Tensor patches = Ops.reshape(Ops.permute(Ops.reshape(x, n, g, PATCH, g, PATCH), 0, 1, 3, 2, 4),
                n, g * g, PATCH * PATCH);
        Tensor cls = Ops.expand(clsToken.tensor(), n, 1, WIDTH);
        Tensor t = Ops.add(Ops.cat(new Tensor[] {cls, patchEmbed.forward(patches)}, 1), posEmbed.tensor());
        for (Module block : blocks) {
            t = block.forward(t);
        }
        // LayerNorm acts on each token alone, so normalizing the class token only is the same as norm(t)[:, 0]
        return head.forward(norm.forward(Ops.select(t, 1, 0)));
    }

    /** Pre-norm transformer block: x + attn(norm1(x)), then x + mlp(norm2(x)); names as vit.py's Block. */
    public static final class Block extends Module {
        private final LayerNorm norm1;
        private final MultiheadAttention attn;
        private final LayerNorm norm2;
        private final Sequential mlp;

        public Block(int width, int heads, int mlp) {
            norm1 = registerModule("norm1", new LayerNorm(width));
            attn = registerModule("attn", new MultiheadAttention(width, heads));
            norm2 = registerModule("norm2", new LayerNorm(width));
            this.mlp = registerModule("mlp", new Sequential(new Linear(width, mlp), new GELU(), new Linear(mlp, width)));
        }

        @Override
        public Tensor forward(Tensor x) {
            x = Ops.add(x, attn.forward(norm1.forward(x)));
            return Ops.add(x, mlp.forward(norm2.forward(x)));
        }
    }
}
