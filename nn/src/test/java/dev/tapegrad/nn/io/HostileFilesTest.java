package dev.tapegrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Checkpoint;
import dev.tapegrad.nn.Parameter;
import dev.tapegrad.nn.init.Init;
import dev.tapegrad.nn.layers.Linear;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import org.junit.jupiter.api.Assertions;

/**
 * Hostile files for the two readers: mutated bytes (bit flips anywhere, truncations, insertions, header
 * lengths and dimension sizes replaced by huge or negative numbers, offsets out of range) and crafted
 * headers (deep or odd JSON, shapes claiming billions of elements). A read either succeeds or throws an
 * IOException with a message; any other exception, an OutOfMemoryError from a length taken on trust, a
 * stack overflow or a hang (each read runs under a timeout) fails the property. A checkpoint load that
 * fails leaves the model as it was.
 */
class HostileFilesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;

    HostileFilesTest() throws IOException {
        dir = Files.createTempDirectory("hostile-files");
    }

    @AfterProperty
    void cleanUp() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** Runs a read under the timeout: success, or an IOException with a message; nothing else. */
    private static void readsOrFailsCleanly(ThrowingRead read) {
        Assertions.assertTimeoutPreemptively(TIMEOUT, () -> {
            try {
                read.run();
            } catch (IOException e) {
                assertNotNull(e.getMessage(), "IOException without a message: " + e);
                assertFalse(e.getMessage().isBlank(), "IOException with a blank message");
            } catch (Throwable t) {
                fail("expected success or an IOException, got " + t, t);
            }
        });
    }

    interface ThrowingRead {
        void run() throws IOException;
    }

    // ------------------------------------------------------------------ safetensors

    private static byte[] validSafetensors(Path file) throws IOException {
        List<SafeTensors.Entry> entries = List.of(
                new SafeTensors.Entry("conv.weight", new int[] {2, 1, 3, 3}, new float[18]),
                new SafeTensors.Entry("conv.bias", new int[] {2}, new double[] {1, -2}),
                new SafeTensors.Entry("bn.num_batches_tracked", new int[] {}, new long[] {7}));
        SafeTensors.write(file, entries, Map.of("format", "pt"));
        return Files.readAllBytes(file);
    }

    /** One random mutation of a file's bytes. */
    private static byte[] mutate(byte[] bytes, Random r, int headerEnd) {
        byte[] b = bytes.clone();
        switch (r.nextInt(7)) {
            case 0 -> {                                         // flip one bit anywhere
                int at = r.nextInt(b.length);
                b[at] ^= (byte) (1 << r.nextInt(8));
            }
            case 1 -> {                                         // flip several bits in the header
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    int at = r.nextInt(Math.min(headerEnd, b.length));
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));   // truncate
            case 3 -> {                                         // insert or delete a run of bytes
                int at = r.nextInt(b.length);
                int n = 1 + r.nextInt(16);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(b, 0, at);
                if (r.nextBoolean()) {
                    for (int k = 0; k < n; k++) {
                        out.write(r.nextInt(256));
                    }
                    out.write(b, at, b.length - at);
                } else {
                    out.write(b, Math.min(b.length, at + n), Math.max(0, b.length - at - n));
                }
                b = out.toByteArray();
            }
            case 4 -> b = replaceLeadingLength(b, hostileLong(r), r);   // the 8-byte header length
            case 5 -> b = replaceANumber(b, headerEnd, hostileNumber(r), r);   // a shape or offset in the JSON
            default -> {                                        // extend the file with garbage
                byte[] tail = new byte[1 + r.nextInt(64)];
                r.nextBytes(tail);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(b);
                out.writeBytes(tail);
                b = out.toByteArray();
            }
        }
        return b;
    }

    private static byte[] replaceLeadingLength(byte[] b, long value, Random r) {
        if (b.length < 8) {
            return b;
        }
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        return c;
    }

    /** Replaces one run of digits between bytes 8 and headerEnd with {@code number} (the header length is kept). */
    private static byte[] replaceANumber(byte[] b, int headerEnd, String number, Random r) {
        String header = new String(b, 8, Math.min(headerEnd, b.length) - 8, StandardCharsets.ISO_8859_1);
        List<int[]> runs = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9]+").matcher(header);
        while (m.find()) {
            runs.add(new int[] {m.start(), m.end()});
        }
        if (runs.isEmpty()) {
            return b;
        }
        int[] run = runs.get(r.nextInt(runs.size()));
        String mutated = header.substring(0, run[0]) + number + header.substring(run[1]);
        byte[] head = mutated.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(8 + head.length + b.length - headerEnd).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(head.length).put(head).put(b, headerEnd, b.length - headerEnd);
        return out.array();
    }

    private static long hostileLong(Random r) {
        long[] picks = {-1, Long.MIN_VALUE, Long.MAX_VALUE, 0, 1, 7, Integer.MAX_VALUE, 1L << 32, 1L << 40,
            Integer.MAX_VALUE - 8L, Integer.MAX_VALUE + 1L};
        return r.nextInt(4) == 0 ? r.nextLong() : picks[r.nextInt(picks.length)];
    }

    private static String hostileNumber(Random r) {
        String[] picks = {"-1", "0", "2147483647", "2147483648", "4294967295", "9223372036854775807",
            "9223372036854775808", "99999999999999999999999", "-9223372036854775808", "1e3", "1.5", "-0", "00",
            "2147483639", "46341", "65536"};
        return picks[r.nextInt(picks.length)];
    }

    private static int headerEnd(byte[] valid) {
        return (int) (8 + ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
    }

    @Property(tries = 300)
    void mutatedSafetensorsReadOrFailWithAnIOException(@ForAll Random random) throws IOException {
        Path file = dir.resolve("mutated.safetensors");
        byte[] valid = validSafetensors(file);
        byte[] bytes = mutate(valid, random, headerEnd(valid));
        Files.write(file, bytes);
        readsOrFailsCleanly(() -> SafeTensors.read(file));
    }

    @Provide
    Arbitrary<String> hostileHeaders() {
        Arbitrary<String> deep = Arbitraries.integers().between(1, 200_000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "{\"t\":{\"dtype\":\"F32\",\"shape\":" + "[".repeat(depth) + "]".repeat(depth)
                        + ",\"data_offsets\":[0,0]}}",
                "[".repeat(depth)));
        Arbitrary<String> dims = Arbitraries.of("-1", "0", "1", "2147483647", "2147483648", "46341", "65536",
                "1e9", "1.0", "\"3\"", "null", "true", "99999999999999999999");
        Arbitrary<String> offsets = Arbitraries.of("0", "4", "-4", "9223372036854775807", "9223372036854775808",
                "18446744073709551615", "8589934592", "1.5", "\"0\"");
        Arbitrary<String> dtypes = Arbitraries.of("F32", "F64", "I64", "F16", "BF16", "U8", "", "f32", "F32\\u0000",
                "\\ud800", "é");
        Arbitrary<String> tensor = net.jqwik.api.Combinators.combine(dtypes, dims.list().ofMaxSize(4),
                offsets, offsets).as((t, s, a, b) -> "{\"dtype\":\"" + t + "\",\"shape\":[" + String.join(",", s)
                + "],\"data_offsets\":[" + a + "," + b + "]}");
        Arbitrary<String> odd = Arbitraries.of(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                        + "\"data_offsets\":[0,4]}}",
                "{\"__metadata__\":{\"k\":1}}", "{\"__metadata__\":[]}", "{\"__metadata__\":{\"k\":\"\\ud800\"}}",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}",
                "{\"a\":[]}", "{\"a\":\"x\"}", "{}", "[]", "\"\"", "1", "-", "{\"a\"", "{\"a\":}", "{,}", "{\"\\u",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} trailing", "\u0000", "NaN",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647],\"data_offsets\":[0,4]}}",
                "{\"a\":{\"dtype\":\"F64\",\"shape\":[268435455],\"data_offsets\":[0,2147483640]}}",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[536870909],\"data_offsets\":[0,2147483636]}}");
        Arbitrary<String> crafted = tensor.list().ofMinSize(1).ofMaxSize(3).map(ts -> {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < ts.size(); i++) {
                b.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":").append(ts.get(i));
            }
            return b.append("}").toString();
        });
        return Arbitraries.oneOf(deep, odd, crafted);
    }

    @Property(tries = 300)
    void craftedHeadersReadOrFailWithAnIOException(@ForAll("hostileHeaders") String header,
                                                  @ForAll @IntRange(min = 0, max = 64) int dataBytes)
            throws IOException {
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + head.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(head.length).put(head);
        Path file = dir.resolve("crafted.safetensors");
        Files.write(file, b.array());
        readsOrFailsCleanly(() -> SafeTensors.read(file));
    }

    @Property(tries = 100)
    void aFailedCheckpointLoadLeavesTheModelUntouched(@ForAll Random random) throws IOException {
        Init.manualSeed(1);
        Linear source = new Linear(3, 2);
        Path file = dir.resolve("model.safetensors");
        Checkpoint.saveModel(file, source);
        byte[] valid = Files.readAllBytes(file);
        Files.write(file, mutate(valid, random, headerEnd(valid)));

        Init.manualSeed(2);
        Linear target = new Linear(3, 2);
        Map<String, double[]> before = values(target);
        Assertions.assertTimeoutPreemptively(TIMEOUT, () -> {
            try {
                Checkpoint.loadModel(file, target);
            } catch (IOException e) {
                assertNotNull(e.getMessage());
                Map<String, double[]> after = values(target);
                for (Map.Entry<String, double[]> entry : before.entrySet()) {
                    assertArrayEquals(entry.getValue(), after.get(entry.getKey()), 0,
                            entry.getKey() + " changed by a failed load: " + e.getMessage());
                }
            } catch (Throwable t) {
                fail("expected success or an IOException, got " + t, t);
            }
        });
    }

    private static Map<String, double[]> values(Linear model) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Tensor t = e.getValue().tensor();
            m.put(e.getKey(), t.toDoubleArray());
        }
        return m;
    }

    // ------------------------------------------------------------------ IDX

    private static byte[] validIdx(Random r) {
        Idx.Type type = Idx.Type.values()[r.nextInt(Idx.Type.values().length)];
        int[] shape = {1 + r.nextInt(3), 1 + r.nextInt(4), r.nextInt(3)};
        int n = shape[0] * shape[1] * shape[2];
        byte[] data = new byte[n * type.byteSize()];
        r.nextBytes(data);
        return Idx.encode(new Idx.IdxArray(type, shape, data));
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }

    /** One random mutation of an IDX encoding: bits, truncation, dims or the rank replaced by hostile values. */
    private static byte[] mutateIdx(byte[] bytes, Random r) {
        byte[] b = bytes.clone();
        switch (r.nextInt(5)) {
            case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> {                                         // a dimension size replaced
                int ndim = b[3] & 0xff;
                if (ndim > 0) {
                    int[] picks = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 65536, 46341, 0, 1 << 30};
                    int d = r.nextInt(ndim);
                    ByteBuffer.wrap(b).putInt(4 + 4 * d, r.nextBoolean() ? r.nextInt() : picks[r.nextInt(picks.length)]);
                }
            }
            case 3 -> b[3] = (byte) r.nextInt(256);            // the rank byte
            default -> b[2] = (byte) r.nextInt(256);           // the type byte
        }
        return b;
    }

    @Property(tries = 300)
    void mutatedIdxReadsOrFailsWithAnIOException(@ForAll Random random, @ForAll boolean gzipped) throws IOException {
        byte[] raw = validIdx(random);
        byte[] bytes = gzipped ? (random.nextBoolean() ? mutateIdx(gzip(raw), random) : gzip(mutateIdx(raw, random)))
                : mutateIdx(raw, random);
        readsOrFailsCleanly(() -> Idx.read(new ByteArrayInputStream(bytes), "hostile.idx"));
    }

    @Property(tries = 50)
    void idxHeadersClaimingHugeArraysDoNotAllocateThem(@ForAll @IntRange(min = 1, max = 4) int ndim,
                                                        @ForAll Random random) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * ndim + 16);
        b.put((byte) 0).put((byte) 0).put((byte) 0x0E).put((byte) ndim);   // doubles
        for (int d = 0; d < ndim; d++) {
            b.putInt(d == 0 ? Integer.MAX_VALUE / 8 - random.nextInt(16) : 1);
        }
        byte[] bytes = b.array();
        readsOrFailsCleanly(() -> Idx.read(new ByteArrayInputStream(bytes), "huge.idx"));
        assertTrue(bytes.length < 64);
    }
}
