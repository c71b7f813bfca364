package dev.tapegrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Checkpoint;
import dev.tapegrad.nn.Sequential;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.layers.BatchNorm2d;
import dev.tapegrad.nn.layers.Conv2d;
import dev.tapegrad.nn.layers.Flatten;
import dev.tapegrad.nn.layers.Linear;
import dev.tapegrad.nn.layers.ReLU;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.SGD;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Equal contents give identical files: metadata keys sorted, tensors in the caller's order. */
class SafeTensorsOrderTest {

    @TempDir
    Path dir;

    @Test
    void metadataKeysAreWrittenSortedWhateverTheMapOrder() throws IOException {
        Map<String, String> zyx = new LinkedHashMap<>();
        Map<String, String> xyz = new LinkedHashMap<>();
        for (String k : List.of("zeta", "format", "alpha", "content")) {
            zyx.put(k, "v-" + k);
        }
        for (String k : List.of("alpha", "content", "format", "zeta")) {
            xyz.put(k, "v-" + k);
        }
        List<SafeTensors.Entry> entries = List.of(new SafeTensors.Entry("w", new int[] {2}, new float[] {1, 2}));
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        SafeTensors.write(a, entries, zyx);
        SafeTensors.write(b, entries, xyz);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        String header = header(a);
        assertTrue(header.contains("{\"alpha\":\"v-alpha\",\"content\":\"v-content\",\"format\":\"v-format\","
                + "\"zeta\":\"v-zeta\"}"), header);
    }

    @Test
    void twoIdenticalModelsGiveByteIdenticalCheckpoints() throws IOException {
        Path first = dir.resolve("first.safetensors");
        Path second = dir.resolve("second.safetensors");
        Path firstOpt = dir.resolve("first-opt.safetensors");
        Path secondOpt = dir.resolve("second-opt.safetensors");
        trainAndSave(first, firstOpt);
        trainAndSave(second, secondOpt);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        assertArrayEquals(Files.readAllBytes(firstOpt), Files.readAllBytes(secondOpt));
        // The model's file: metadata first with its keys sorted, then the tensors in state-dict order.
        String header = header(first);
        assertTrue(header.startsWith("{\"__metadata__\":{\"content\":\"model\",\"format\":\"pt\"},\"0.weight\":"),
                header);
        assertTrue(header.indexOf("\"1.num_batches_tracked\"") < header.indexOf("\"4.weight\""), header);
    }

    private static void trainAndSave(Path model, Path optimizer) throws IOException {
        Init.manualSeed(3);
        Sequential net = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new ReLU(), new Flatten(),
                new Linear(2 * 4 * 4, 3));
        SGD opt = new SGD(net.namedParameters(), 0.1, 0.9);
        Tensor x = Tensor.randn(11, dev.tapegrad.autograd.DType.FLOAT32, 4, 1, 6, 6);
        for (int step = 0; step < 2; step++) {
            opt.zeroGrad();
            Losses.crossEntropy(net.forward(x), new int[] {0, 1, 2, 1}).backward();
            opt.step();
        }
        Checkpoint.saveModel(model, net);
        Checkpoint.saveOptimizer(optimizer, opt);
    }

    private static String header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        return new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip();
    }
}
