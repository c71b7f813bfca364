package dev.tapegrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tapegrad.nn.io.SafeTensors.Entry;
import dev.tapegrad.nn.io.SafeTensors.Loaded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/** Round trips over drawn tensors, and fuzzing by truncation and byte flips. */
class SafeTensorsPropertyTest {

    private final Path dir;

    SafeTensorsPropertyTest() throws IOException {
        dir = Files.createTempDirectory("safetensors-test");
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

    @Property(tries = 60)
    void roundTrip(@ForAll("entries") List<Entry> entries, @ForAll("metadata") Map<String, String> metadata)
            throws IOException {
        Path file = dir.resolve("round-trip.safetensors");
        SafeTensors.write(file, entries, metadata);
        Loaded loaded = SafeTensors.read(file);
        assertEquals(metadata, loaded.metadata());
        assertEquals(entries.size(), loaded.entries().size());
        for (int i = 0; i < entries.size(); i++) {
            Entry want = entries.get(i);
            Entry got = loaded.entries().get(i);
            assertEquals(want.name(), got.name());
            assertEquals(want.elementType(), got.elementType());
            assertArrayEquals(want.shape(), got.shape());
            switch (want.data()) {
                case float[] a -> assertArrayEquals(a, (float[]) got.data());
                case double[] a -> assertArrayEquals(a, (double[]) got.data());
                case long[] a -> assertArrayEquals(a, (long[]) got.data());
                default -> fail();
            }
        }
    }

    /** Any truncation of a file with data loses something, and must be reported, naming the file. */
    @Property(tries = 40)
    void everyTruncationIsRejected(@ForAll("entries") List<Entry> entries, @ForAll Random random) throws IOException {
        Path file = dir.resolve("whole.safetensors");
        SafeTensors.write(file, entries, Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(file);
        int cut = random.nextInt(bytes.length);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, cut));
        SafeTensorsTest.assertRejected(truncated);
    }

    /** A corrupted header byte either still parses or raises an IOException naming the file: never anything else. */
    @Property(tries = 200)
    void flippedHeaderBytesFailCleanly(@ForAll("entries") List<Entry> entries, @ForAll Random random)
            throws IOException {
        Path file = dir.resolve("flip.safetensors");
        SafeTensors.write(file, entries, Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(file);
        long headerLen = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        int at = random.nextInt((int) (8 + headerLen));
        bytes[at] = (byte) random.nextInt(256);
        Files.write(file, bytes);
        try {
            SafeTensors.read(file);
        } catch (IOException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        }
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        return entry().list().ofMinSize(1).ofMaxSize(5).uniqueElements(Entry::name);
    }

    private Arbitrary<Entry> entry() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("a", "b", ".", "\"", "\\", "/", "_", " ", "\n", "\t", "\u0001", "ü", "权", "😀")
                        .list().ofMaxSize(6).map(parts -> String.join("", parts)),
                Arbitraries.of("conv.weight", "bn.num_batches_tracked", "naïve.权重", ""));
        Arbitrary<int[]> shapes = Arbitraries.integers().between(0, 4).array(int[].class).ofMaxSize(4);
        Arbitrary<Integer> kinds = Arbitraries.integers().between(0, 2);
        return Combinators.combine(names, shapes, kinds, Arbitraries.longs()).as((name, shape, kind, seed) -> {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            Random r = new Random(seed);
            Object data = switch (kind) {
                case 0 -> {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = i % 7 == 3 ? Float.NaN : (float) r.nextGaussian();
                    }
                    yield a;
                }
                case 1 -> {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = i % 5 == 4 ? Double.NEGATIVE_INFINITY : r.nextGaussian() * 1e10;
                    }
                    yield a;
                }
                default -> r.longs(n).toArray();
            };
            return new Entry(name, shape, data);
        });
    }

    @Provide
    Arbitrary<Map<String, String>> metadata() {
        Arbitrary<String> text = Arbitraries.strings().withChars("kv\"\\\u0001é ").ofMaxLength(4);
        return Arbitraries.maps(text, text).ofMaxSize(3).map(LinkedHashMap::new);
    }
}
