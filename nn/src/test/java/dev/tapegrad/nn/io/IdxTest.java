package dev.tapegrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.nn.io.Idx.IdxArray;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    @Property(tries = 60)
    void encodeThenReadIsIdentity(@ForAll Idx.Type type, @ForAll("shapes") int[] shape,
            @ForAll boolean gzip, @ForAll long seed) throws IOException {
        int count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        byte[] data = new byte[count * type.byteSize()];
        new Random(seed).nextBytes(data);
        IdxArray array = new IdxArray(type, shape, data);
        byte[] bytes = Idx.encode(array);
        IdxArray back = Idx.read(new ByteArrayInputStream(gzip ? gzip(bytes) : bytes), "drawn");
        assertEquals(type, back.type());
        assertArrayEquals(shape, back.shape());
        assertArrayEquals(data, back.data());
    }

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(0, 5).array(int[].class).ofMaxSize(4);
    }

    @Test
    void gzipIsDetectedFromContentNotName() throws IOException {
        IdxArray array = IdxArray.ofUnsignedBytes(new byte[] {0, 1, (byte) 255, 7, 8, 9}, 2, 3);
        Path gzNamedPlain = dir.resolve("labels.idx");
        Idx.write(gzNamedPlain, array, true);
        Path plainNamedGz = dir.resolve("labels.gz");
        Idx.write(plainNamedGz, array, false);
        assertEquals(0x1f, Files.readAllBytes(gzNamedPlain)[0] & 0xff);
        assertEquals(0, Files.readAllBytes(plainNamedGz)[0]);
        for (Path p : new Path[] {gzNamedPlain, plainNamedGz}) {
            IdxArray back = Idx.read(p);
            assertArrayEquals(new int[] {2, 3}, back.shape());
            assertArrayEquals(array.data(), back.data());
            assertEquals(255.0, back.get(2));
        }
    }

    @Test
    void decodesEveryElementType() {
        assertEquals(200.0, decodeOne(Idx.Type.UBYTE, new byte[] {(byte) 200}));
        assertEquals(-56.0, decodeOne(Idx.Type.BYTE, new byte[] {(byte) 200}));
        assertEquals(-2.0, decodeOne(Idx.Type.SHORT, ByteBuffer.allocate(2).putShort((short) -2).array()));
        assertEquals(-70000.0, decodeOne(Idx.Type.INT, ByteBuffer.allocate(4).putInt(-70000).array()));
        assertEquals(1.5, decodeOne(Idx.Type.FLOAT, ByteBuffer.allocate(4).putFloat(1.5f).array()));
        assertEquals(Math.PI, decodeOne(Idx.Type.DOUBLE, ByteBuffer.allocate(8).putDouble(Math.PI).array()));
    }

    private static double decodeOne(Idx.Type type, byte[] bigEndian) {
        return new IdxArray(type, new int[] {1}, bigEndian).get(0);
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        assertRejected(new byte[] {}, "0 bytes, too short");
        assertRejected(new byte[] {1, 0, 8, 1, 0, 0, 0, 0}, "bad magic number", "found 01 00");
        assertRejected(new byte[] {0, 0, 0x0A, 1, 0, 0, 0, 0}, "unsupported element type byte 0x0a");
        assertRejected(new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0}, "truncated header", "12 bytes", "found 6");
        assertRejected(new byte[] {0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3},
                "truncated data", "needs 6 data bytes", "found 3");
        assertRejected(new byte[] {0, 0, 0x0C, 1, 0, 0, 0, 1, 1, 2, 3}, "truncated data", "needs 4", "found 3");
        assertRejected(new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3, 4}, "trailing bytes", "after 2 data bytes",
                "found 2 more");
        assertRejected(new byte[] {0, 0, 8, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                "dimension 0 has size 4294967295");
        assertRejected(new byte[] {0, 0, 0x0E, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0}, "more than one array can hold");
    }

    @Test
    void rejectsCorruptGzip() throws IOException {
        byte[] whole = gzip(Idx.encode(IdxArray.ofUnsignedBytes(new byte[1000], 10, 100)));
        Path file = dir.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        IOException e = assertThrows(IOException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("gzip"), e.getMessage());
    }

    private void assertRejected(byte[] content, String... fragments) throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path file = dir.resolve("bad-idx3-ubyte" + (gzip ? ".gz" : ""));
            Files.write(file, gzip ? gzip(content) : content);
            IOException e = assertThrows(IOException.class, () -> Idx.read(file));
            assertTrue(e.getMessage().startsWith(file.toString()), "message does not name the file: " + e.getMessage());
            for (String f : fragments) {
                assertTrue(e.getMessage().contains(f), "expected \"" + f + "\" in: " + e.getMessage());
            }
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
