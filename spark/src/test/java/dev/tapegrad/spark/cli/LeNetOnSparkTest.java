package dev.tapegrad.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lenet program on a tiny Fashion-MNIST-shaped set written as IDX files, in local[2]. */
@Timeout(180)
class LeNetOnSparkTest {
    @TempDir
    Path dir;

    @Test
    void trainsAndPrintsTheExamplesLines() throws IOException {
        writeSet(dir, "train", 96, 1);
        writeSet(dir, "t10k", 40, 2);
        for (String mode : new String[] {"exact", "average"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            LeNetOnSpark.Config cfg = LeNetOnSpark.Config.parse(new String[] {"--data", dir.toString(), "--epochs", "1",
                    "--master", "local[2]", "--batch-size", "32", "--mode", mode, "--average-every", "2",
                    "--out", dir.resolve("out-" + mode).toString()});
            double accuracy = LeNetOnSpark.train(cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("Fashion-MNIST from " + dir + ": 96 training, 40 test images"), out);
            assertTrue(out.contains("Spark local[2]: 2 partitions, "
                    + (mode.equals("exact") ? "exact mode" : "averaging every 2 local steps of batch 16")), out);
            assertTrue(out.matches("(?s).*epoch 1/1: train loss \\d+\\.\\d{4}, train accuracy \\d\\.\\d{4}, "
                    + "test accuracy \\d\\.\\d{4}, \\d+ images/s \\(\\d+\\.\\d s\\)\\n.*"), out);
            assertTrue(out.contains((mode.equals("exact") ? 3 : 2) + " Spark jobs"), out);
            assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
            assertTrue(Files.size(dir.resolve("out-" + mode).resolve("lenet5.safetensors")) > 61_706 * 4);
        }
    }

    @Test
    void badFlagsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeNetOnSpark.Config.parse(new String[] {"--mode", "async"}));
        assertEquals("--mode must be exact or average, got \"async\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LeNetOnSpark.Config.parse(new String[] {"--average-every", "0"}));
        assertTrue(e.getMessage().contains("--average-every must be at least 1"), e.getMessage());
    }

    /** Random 28×28 images and labels in [0, 10) as gzipped IDX files PREFIX-images-idx3-ubyte.gz and labels. */
    private static void writeSet(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        try (DataOutputStream out = gz(dir.resolve(prefix + "-images-idx3-ubyte.gz"))) {
            out.writeInt(0x0803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < n * 28 * 28; i++) {
                out.writeByte(rng.nextInt(256));
            }
        }
        try (DataOutputStream out = gz(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
            out.writeInt(0x0801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(rng.nextInt(10));
            }
        }
    }

    private static DataOutputStream gz(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new GZIPOutputStream(raw));
    }
}
