package dev.tapegrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.GradCheck;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Checkpoint;
import dev.tapegrad.nn.data.DataLoader;
import dev.tapegrad.nn.io.FashionMnist;
import dev.tapegrad.ops.Ops;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vit example: PyTorch's state-dict layout, gradients through a block, flags, and a short run. */
class VitTest {
    @Test
    void stateDictMatchesThePyTorchTwin() {
        // printed by examples/python/vit.py's ViT().state_dict() under torch 1.13
        List<String> torch = List.of(
            "cls_token[1, 1, 64]", "pos_embed[1, 17, 64]", "patch_embed.weight[64, 49]",
            "patch_embed.bias[64]", "blocks.0.norm1.weight[64]", "blocks.0.norm1.bias[64]",
            "blocks.0.attn.in_proj_weight[192, 64]", "blocks.0.attn.in_proj_bias[192]",
            "blocks.0.attn.out_proj.weight[64, 64]", "blocks.0.attn.out_proj.bias[64]",
            "blocks.0.norm2.weight[64]", "blocks.0.norm2.bias[64]", "blocks.0.mlp.0.weight[128, 64]",
            "blocks.0.mlp.0.bias[128]", "blocks.0.mlp.2.weight[64, 128]", "blocks.0.mlp.2.bias[64]",
            "blocks.1.norm1.weight[64]", "blocks.1.norm1.bias[64]", "blocks.1.attn.in_proj_weight[192, 64]",
            "blocks.1.attn.in_proj_bias[192]", "blocks.1.attn.out_proj.weight[64, 64]",
            "blocks.1.attn.out_proj.bias[64]", "blocks.1.norm2.weight[64]", "blocks.1.norm2.bias[64]",
            "blocks.1.mlp.0.weight[128, 64]", "blocks.1.mlp.0.bias[128]", "blocks.1.mlp.2.weight[64, 128]",
            "blocks.1.mlp.2.bias[64]", "norm.weight[64]", "norm.bias[64]", "head.weight[10, 64]",
            "head.bias[10]");
        TinyViT model = new TinyViT(10);
        List<String> ours = new ArrayList<>();
        model.stateDict().forEach((k, v) -> ours.add(k + Arrays.toString(v.shape())));
        assertEquals(torch, ours);
        assertEquals(72074, model.numParameters());
    }

    @Test
    void gradientsFlowThroughABlock() {
        TinyViT.Block block = new TinyViT.Block(8, 2, 16);
        block.to(DType.FLOAT64);
        Tensor x = Tensor.randn(1, DType.FLOAT64, 2, 3, 8);
        Tensor r = Tensor.randn(2, DType.FLOAT64, 2, 3, 8);
        var result = GradCheck.gradcheck(a -> Ops.sum(Ops.mul(block.forward(a[0]), r)), x);
        assertTrue(result.passed(), result.report());
    }

    @Test
    void defaultsFollowTheRecipe() {
        Vit.Config c = Vit.Config.parse(new String[0]);
        assertEquals(null, c.data());
        assertEquals(2, c.epochs());
        assertEquals(64, c.batchSize());
        assertEquals(0.001, c.lr());
        assertEquals("adamw", c.optimizer());
        assertEquals(Path.of("vit-out"), c.out());
        assertEquals(LeNet.DEBIAN_DATA, Vit.Config.parse(new String[] {"--data", "--epochs", "1"}).data());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Vit.Config.parse(new String[] {"--optimizer", "lion"})).getMessage().contains("lion"));
    }

    @Test
    void trainsOnTheSampleAndSavesACheckpointThatReloads(@TempDir Path out) throws Exception {
        Vit.Config cfg = new Vit.Config(null, 1, 64, 0.001, "adamw", 2, 0, out);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        double accuracy = Vit.train(cfg, new PrintStream(log, true, StandardCharsets.UTF_8));
        // 1 epoch on 4000 images: well above chance (0.1); measured 0.70 with seed 0
        assertTrue(accuracy > 0.5, "test accuracy " + accuracy + "\n" + log);
        for (String name : new String[] {"vit.safetensors", "vit-optimizer.safetensors", "vit-training.png"}) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        TinyViT reloaded = new TinyViT(FashionMnist.CLASSES);
        Checkpoint.loadModel(out.resolve("vit.safetensors"), reloaded);
        DataLoader test = new DataLoader(TrainingLoop.dataset(FashionMnistSample.load().test()), 1000, false, 0, false);
        assertEquals(accuracy, TrainingLoop.evaluate(reloaded, test));
    }
}
