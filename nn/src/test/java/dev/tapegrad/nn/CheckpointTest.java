package dev.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.autograd.DType;
import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.io.SafeTensors;
import dev.tapegrad.nn.loss.Losses;
import dev.tapegrad.nn.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Map<String, double[]> snapshot(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    private static void assertUnchanged(Map<String, double[]> before, Module m) {
        snapshot(m).forEach((k, v) -> assertArrayEquals(before.get(k), v, k));
    }

    private static void trainStep(StateDictTest.Net net, Adam opt) {
        Tensor x = Tensor.randn(1, DType.FLOAT32, 4, 2, 2, 2);
        Tensor loss = Losses.crossEntropy(net.forward(x), new int[] {0, 1, 2, 1});
        opt.zeroGrad();
        loss.backward();
        opt.step();
    }

    @Test
    void modelAndOptimizerRoundTrip() throws IOException {
        StateDictTest.Net a = new StateDictTest.Net(1);
        Adam optA = new Adam(a.namedParameters(), 0.01);
        trainStep(a, optA);
        Checkpoint.saveModel(dir.resolve("m.safetensors"), a);
        Checkpoint.saveOptimizer(dir.resolve("o.safetensors"), optA);

        SafeTensors.Loaded raw = SafeTensors.read(dir.resolve("m.safetensors"));
        assertEquals(SafeTensors.ElementType.I64, raw.get("features.0.num_batches_tracked").elementType());
        assertEquals(SafeTensors.ElementType.F32, raw.get("classifier.1.weight").elementType());

        StateDictTest.Net b = new StateDictTest.Net(2);
        Adam optB = new Adam(b.namedParameters(), 0.01);
        Checkpoint.loadModel(dir.resolve("m.safetensors"), b);
        Checkpoint.loadOptimizer(dir.resolve("o.safetensors"), optB);
        assertUnchanged(snapshot(a), b);
        trainStep(a, optA);
        trainStep(b, optB);
        assertUnchanged(snapshot(a), b);
        assertEquals(2, optB.stateDict().get("classifier.1.weight.step").item());
    }

    @Test
    void truncatedCorruptedAndMismatchedFilesLeaveTheModelAlone() throws IOException {
        StateDictTest.Net a = new StateDictTest.Net(1);
        Path good = dir.resolve("good.safetensors");
        Checkpoint.saveModel(good, a);
        byte[] bytes = Files.readAllBytes(good);
        StateDictTest.Net b = new StateDictTest.Net(2);
        Map<String, double[]> before = snapshot(b);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 7));
        var e = assertThrows(IOException.class, () -> Checkpoint.loadModel(truncated, b));
        assertTrue(e.getMessage().contains("truncated.safetensors"), e.getMessage());
        assertUnchanged(before, b);

        Path corrupted = dir.resolve("corrupted.safetensors");
        byte[] bad = bytes.clone();
        bad[12] = (byte) '#';
        Files.write(corrupted, bad);
        e = assertThrows(IOException.class, () -> Checkpoint.loadModel(corrupted, b));
        assertTrue(e.getMessage().contains("corrupted.safetensors"), e.getMessage());
        assertUnchanged(before, b);

        Path other = dir.resolve("other.safetensors");
        SafeTensors.write(other, List.of(new SafeTensors.Entry("classifier.1.weight", new int[] {3, 7}, new float[21])), null);
        e = assertThrows(IOException.class, () -> Checkpoint.loadModel(other, b));
        assertTrue(e.getMessage().contains("other.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("\"classifier.1.weight\" has shape [3, 7], expected [3, 8]"), e.getMessage());
        assertUnchanged(before, b);
    }
}
