package dev.tapegrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.nn.io.Idx.IdxArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path dir;

    @Test
    void missingResourceIsNamedWithItsAnchor() {
        IOException e = assertThrows(IOException.class,
                () -> FashionMnist.fromResources(FashionMnistTest.class, "/no/such/folder/"));
        assertTrue(e.getMessage().contains("/no/such/folder/" + FashionMnist.TRAIN_IMAGES + ".gz")
                && e.getMessage().contains(FashionMnistTest.class.getName()), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.fromResources(FashionMnistTest.class, "relative"));
        assertTrue(bad.getMessage().contains("\"relative\""), bad.getMessage());
    }

    @Test
    void loadsPlainAndGzippedFilesAndScalesPixels() throws IOException {
        write(FashionMnist.TRAIN_IMAGES, images(2, (byte) 255), false);
        write(FashionMnist.TRAIN_LABELS, IdxArray.ofUnsignedBytes(new byte[] {3, 9}, 2), true);
        write(FashionMnist.TEST_IMAGES, images(1, (byte) 51), true);
        write(FashionMnist.TEST_LABELS, IdxArray.ofUnsignedBytes(new byte[] {0}, 1), false);
        FashionMnist data = FashionMnist.load(dir);
        assertArrayEquals(new int[] {3, 9}, data.train().labels());
        assertEquals(1f, data.train().images()[0]);
        assertEquals(0.2f, data.test().images()[28 * 28 - 1]);
    }

    @Test
    void missingFileIsNamedWithItsDirectory() throws IOException {
        write(FashionMnist.TRAIN_IMAGES, images(1, (byte) 0), true);
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(FashionMnist.TRAIN_LABELS) && e.getMessage().contains(dir.toString()),
                e.getMessage());
        IOException none = assertThrows(IOException.class, () -> FashionMnist.load(dir.resolve("absent")));
        assertTrue(none.getMessage().contains("absent") && none.getMessage().contains("does not exist"),
                none.getMessage());
    }

    @Test
    void countMismatchAndBadLabelsAreRejected() throws IOException {
        write(FashionMnist.TRAIN_IMAGES, images(2, (byte) 0), true);
        write(FashionMnist.TRAIN_LABELS, IdxArray.ofUnsignedBytes(new byte[] {1, 2, 3}, 3), true);
        write(FashionMnist.TEST_IMAGES, images(1, (byte) 0), true);
        write(FashionMnist.TEST_LABELS, IdxArray.ofUnsignedBytes(new byte[] {10}, 1), true);
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("2 images") && e.getMessage().contains("3 labels")
                && e.getMessage().contains(FashionMnist.TRAIN_LABELS), e.getMessage());

        write(FashionMnist.TRAIN_LABELS, IdxArray.ofUnsignedBytes(new byte[] {1, 2}, 2), true);
        IOException bad = assertThrows(IOException.class, () -> FashionMnist.load(dir));
        assertTrue(bad.getMessage().contains(FashionMnist.TEST_LABELS) && bad.getMessage().contains("label 0 is 10"),
                bad.getMessage());

        write(FashionMnist.TEST_IMAGES, IdxArray.ofUnsignedBytes(new byte[16], 1, 4, 4), true);
        IOException shape = assertThrows(IOException.class, () -> FashionMnist.load(dir));
        assertTrue(shape.getMessage().contains("[N, 28, 28]") && shape.getMessage().contains("[1, 4, 4]"),
                shape.getMessage());
    }

    private static IdxArray images(int n, byte value) {
        byte[] pixels = new byte[n * 28 * 28];
        java.util.Arrays.fill(pixels, value);
        return IdxArray.ofUnsignedBytes(pixels, n, 28, 28);
    }

    private void write(String name, IdxArray array, boolean gzip) throws IOException {
        Idx.write(dir.resolve(gzip ? name + ".gz" : name), array, gzip);
    }
}
