package dev.tapegrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapegrad.nn.io.SafeTensors.ElementType;
import dev.tapegrad.nn.io.SafeTensors.Entry;
import dev.tapegrad.nn.io.SafeTensors.Loaded;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-written cases: the PyTorch fixture, every kind of corrupt header, atomic writes. */
class SafeTensorsTest {

    @TempDir
    Path dir;

    @Test
    void readsPyTorchReferenceFile() throws Exception {
        Path file = Path.of(SafeTensorsTest.class.getResource("reference.safetensors").toURI());
        Loaded loaded = SafeTensors.read(file);
        assertEquals(Map.of("format", "pt", "note", "quote \" backslash \\ newline \n end"), loaded.metadata());
        assertEquals(List.of("bn.num_batches_tracked", "steps", "bn.running_var", "conv.bias", "conv.weight",
                "empty", "naïve.权重"), loaded.entries().stream().map(Entry::name).toList());

        Entry tracked = loaded.get("bn.num_batches_tracked");
        assertEquals(ElementType.I64, tracked.elementType());
        assertArrayEquals(new int[0], tracked.shape());
        assertArrayEquals(new long[] {7}, (long[]) tracked.data());
        assertArrayEquals(new long[] {-(1L << 62), (1L << 40) + 3}, (long[]) loaded.get("steps").data());
        assertArrayEquals(new double[] {Math.PI, 1e-300, -2.5}, (double[]) loaded.get("bn.running_var").data());
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f},
                (float[]) loaded.get("conv.bias").data());
        Entry weight = loaded.get("conv.weight");
        assertArrayEquals(new int[] {2, 1, 2, 2}, weight.shape());
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f, 2f, 2.5f}, (float[]) weight.data());
        assertArrayEquals(new int[] {0, 3}, loaded.get("empty").shape());
        assertEquals(0, ((float[]) loaded.get("empty").data()).length);
        assertArrayEquals(new float[] {1.5f, -2.25f}, (float[]) loaded.get("naïve.权重").data());
    }

    @Test
    void writtenFileHasPaddedHeaderAndPackedData() throws Exception {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, List.of(new Entry("a", new int[] {2}, new float[] {1, 2}),
                new Entry("b", new int[] {}, new long[] {3})), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 8 + 8, bytes.length);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}", header.stripTrailing());
    }

    // ---------------------------------------------------------------- corrupt files

    private static final String F32_2 = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":";

    @Test
    void rejectsHeaderLengthBeyondFile() throws IOException {
        Path file = dir.resolve("long.safetensors");
        Files.write(file, ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        assertRejected(file, "header length 1000 is beyond the file size", "only 12 bytes");
        Files.write(file, new byte[5]);
        assertRejected(file, "too short");
        Files.write(file, ByteBuffer.allocate(8).putLong(-1).array());
        assertRejected(file, "header length 18446744073709551615");
    }

    @Test
    void rejectsInvalidJsonAndNonUtf8() throws IOException {
        assertRejected(raw("{\"a\":" + F32_2 + "[0,8]", new byte[8]), "invalid JSON header");
        assertRejected(raw("[1]", new byte[0]), "header must be a JSON object");
        assertRejected(raw("{\"a\":" + F32_2 + "[0,8.0]}}", new byte[8]), "invalid JSON header", "integers");
        Path file = dir.resolve("utf.safetensors");
        byte[] header = {'{', '"', (byte) 0xC3, '"', ':', '1', '}'};
        Files.write(file, concat(lengthOf(header.length), header));
        assertRejected(file, "not valid UTF-8");
    }

    @Test
    void rejectsUnknownOrUnsupportedDtype() throws IOException {
        assertRejected(raw("{\"w\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]),
                "tensor \"w\"", "unknown dtype \"Q7\"");
        assertRejected(raw("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor \"w\"", "unsupported dtype \"F16\"");
    }

    @Test
    void rejectsMalformedTensorEntries() throws IOException {
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", new byte[8]),
                "tensor \"w\"", "missing field \"data_offsets\"");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":[]}}",
                new byte[8]), "tensor \"w\"", "unexpected field \"x\"");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8]),
                "tensor \"w\"", "shape entry 0 is -2");
        assertRejected(raw("{\"w\":" + F32_2 + "[0]}}", new byte[8]), "tensor \"w\"", "two integers");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536],\"data_offsets\":[0,8]}}",
                new byte[8]), "tensor \"w\"", "too large");
        assertRejected(raw("{\"__metadata__\":{\"k\":1}}", new byte[0]), "metadata value for \"k\"");
        assertRejected(raw("{\"w\":[]}", new byte[0]), "tensor \"w\"", "must be an object");
    }

    @Test
    void rejectsShapeNotMatchingOffsets() throws IOException {
        assertRejected(raw("{\"w\":" + F32_2 + "[0,12]}}", new byte[12]),
                "tensor \"w\"", "needs 8 bytes", "span 12");
    }

    @Test
    void rejectsBadOffsets() throws IOException {
        assertRejected(raw("{\"w\":" + F32_2 + "[8,0]}}", new byte[8]), "tensor \"w\"", "out of order");
        assertRejected(raw("{\"a\":" + F32_2 + "[0,8]},\"b\":" + F32_2 + "[4,12]}}", new byte[12]),
                "tensor \"b\"", "overlap tensor \"a\"");
        assertRejected(raw("{\"a\":" + F32_2 + "[0,8]},\"b\":" + F32_2 + "[12,20]}}", new byte[20]),
                "tensor \"b\"", "gap of 4 bytes");
        assertRejected(raw("{\"a\":" + F32_2 + "[4,12]}}", new byte[12]), "tensor \"a\"", "gap of 4 bytes");
        assertRejected(raw("{\"a\":" + F32_2 + "[0,8]}}", new byte[6]), "tensor \"a\"", "out of bounds",
                "only 6 bytes");
        assertRejected(raw("{\"a\":" + F32_2 + "[0,8]}}", new byte[11]), "3 trailing bytes");
    }

    @Test
    void rejectsDuplicateNames() throws IOException {
        assertRejected(raw("{\"a\":" + F32_2 + "[0,8]},\"a\":" + F32_2 + "[8,16]}}", new byte[16]),
                "duplicate key \"a\"");
    }

    // ---------------------------------------------------------------- writing

    @Test
    void entryRejectsDataNotMatchingShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Entry("w", new int[] {2, 3}, new float[5]));
        assertTrue(e.getMessage().contains("tensor \"w\"") && e.getMessage().contains("6 F32 elements")
                && e.getMessage().contains("data has 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Entry("w", new int[] {1}, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> new Entry("__metadata__", new int[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> new Entry("\uD800", new int[] {1}, new float[1]));
    }

    @Test
    void failedWriteLeavesOldFileIntactAndNoTempFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        List<Entry> good = List.of(new Entry("w", new int[] {3}, new double[] {1, 2, 3}));
        SafeTensors.write(file, good, null);
        byte[] before = Files.readAllBytes(file);

        List<Entry> duplicate = List.of(good.get(0), new Entry("w", new int[] {1}, new float[1]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, duplicate, Map.of()));
        assertTrue(e.getMessage().contains("duplicate tensor name \"w\""), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));

        // A failure half-way through the data: the body throws after writing some bytes.
        assertThrows(IOException.class, () -> AtomicWrite.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full (simulated)");
        }));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertThrows(IllegalStateException.class, () -> AtomicWrite.write(file, out -> {
            out.write(1);
            throw new IllegalStateException("bug (simulated)");
        }));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "temporary files left behind");
        }
        assertArrayEquals(new double[] {1, 2, 3}, (double[]) SafeTensors.read(file).get("w").data());
    }

    @Test
    void writeReplacesExistingFileAndFailsInMissingDirectory() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, List.of(new Entry("a", new int[] {1}, new float[] {1})), null);
        SafeTensors.write(file, List.of(new Entry("b", new int[] {1}, new float[] {2})), null);
        assertNotNull(SafeTensors.read(file).get("b"));
        assertEquals(1, SafeTensors.read(file).entries().size());
        assertThrows(IOException.class, () -> SafeTensors.write(dir.resolve("no/such/dir/m.safetensors"),
                List.of(), null));
    }

    // ---------------------------------------------------------------- helpers

    private Path raw(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("bad-" + Integer.toHexString(header.hashCode()) + ".safetensors");
        Files.write(file, concat(concat(lengthOf(h.length), h), data));
        return file;
    }

    static byte[] lengthOf(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Reading {@code file} fails with a message naming the file and containing every fragment. */
    static void assertRejected(Path file, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file.toString() + ": "), "message does not name the file: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected \"" + fragment + "\" in: " + message);
        }
    }
}
