package dev.tapegrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.nn.io.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Fashion-MNIST sample shipped with the examples. */
class FashionMnistSampleTest {

    @Test
    void shippedSampleHas4000TrainAnd1000TestImagesOfEveryClass() throws IOException {
        FashionMnist sample = FashionMnistSample.load();
        assertEquals(4000, sample.train().size());
        assertEquals(1000, sample.test().size());
        assertArrayEquals(new int[] {4000, 1, 28, 28}, sample.train().imageShape());
        assertEquals(1000 * 28 * 28, sample.test().images().length);
        for (FashionMnist.Split split : new FashionMnist.Split[] {sample.train(), sample.test()}) {
            int[] counts = new int[FashionMnist.CLASSES];
            for (int label : split.labels()) {
                counts[label]++;
            }
            for (int c = 0; c < FashionMnist.CLASSES; c++) {
                assertTrue(counts[c] > split.size() / 20, "class " + c + " has only " + counts[c] + " images");
            }
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float p : split.images()) {
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
            assertEquals(0f, min);
            assertEquals(1f, max);
        }
        // The official training set starts with an ankle boot (9), then a T-shirt (0).
        assertEquals(9, sample.train().labels()[0]);
        assertEquals(0, sample.train().labels()[1]);
    }

    @Test
    void fullOfficialSetLoadsWhenInstalled() throws IOException {
        Path official = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isDirectory(official), "Debian's dataset-fashion-mnist is not installed");
        FashionMnist full = FashionMnist.load(official);
        assertEquals(60000, full.train().size());
        assertEquals(10000, full.test().size());
        FashionMnist sample = FashionMnistSample.load();
        assertArrayEquals(sample.test().labels(), java.util.Arrays.copyOf(full.test().labels(), 1000));
    }

}
