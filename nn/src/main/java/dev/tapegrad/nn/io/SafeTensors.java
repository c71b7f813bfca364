package dev.tapegrad.nn.io;

import dev.tapegrad.autograd.DType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The safetensors format (as written by Hugging Face's {@code safetensors} library and PyTorch users):
 * an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype","shape","data_offsets":[begin,end]}} (offsets relative to the first byte after the
 * header) plus an optional {@code "__metadata__"} object of strings, then the raw little-endian tensor
 * data packed with no gaps. This class reads and writes F32, F64 and I64 tensors over plain arrays.
 *
 * <p>{@link #read} validates the whole file and fails with an {@link IOException} naming the file, the
 * tensor and the problem. {@link #write} is atomic (see {@link AtomicWrite}).
 */
public final class SafeTensors {

    /** Key of the string-to-string metadata object in the header. */
    public static final String METADATA_KEY = "__metadata__";

    /** The element types this class handles, named as in the file format. */
    public enum ElementType {
        F32(4),
        F64(8),
        I64(8);

        private final int byteSize;

        ElementType(int byteSize) {
            this.byteSize = byteSize;
        }

        public int byteSize() {
            return byteSize;
        }

        /** The matching tensor dtype; I64 has none. */
        public DType toDType() {
            return switch (this) {
                case F32 -> DType.FLOAT32;
                case F64 -> DType.FLOAT64;
                case I64 -> throw new IllegalStateException("I64 has no Tensor dtype");
            };
        }

        static ElementType of(Object data) {
            return switch (data) {
                case float[] a -> F32;
                case double[] a -> F64;
                case long[] a -> I64;
                case null -> throw new IllegalArgumentException("data is null");
                default -> throw new IllegalArgumentException(
                        "data must be float[], double[] or long[], not " + data.getClass().getSimpleName());
            };
        }
    }

    /**
     * One named tensor: a row-major {@code float[]} (F32), {@code double[]} (F64) or {@code long[]} (I64)
     * whose length is the product of {@code shape} (1 for the 0-d shape {@code []}). Validated on
     * construction. The arrays are shared, not copied.
     */
    public record Entry(String name, int[] shape, Object data) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(shape, "shape of " + name);
            ElementType type = ElementType.of(data);
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("tensor name \"" + METADATA_KEY + "\" is reserved");
            }
            if (!StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
                throw new IllegalArgumentException("tensor name \"" + name + "\" is not valid Unicode");
            }
            long count = elementCount(shape, name);
            if (count != java.lang.reflect.Array.getLength(data)) {
                throw new IllegalArgumentException("tensor \"" + name + "\": shape " + Arrays.toString(shape)
                        + " needs " + count + " " + type + " elements but data has "
                        + java.lang.reflect.Array.getLength(data));
            }
        }

        public ElementType elementType() {
            return ElementType.of(data);
        }

        @Override
        public String toString() {
            return "Entry[" + name + ", " + elementType() + Arrays.toString(shape) + "]";
        }
    }

    /** What {@link #read} returns: the tensors in file (data offset) order and the metadata. */
    public record Loaded(List<Entry> entries, Map<String, String> metadata) {
        public Loaded {
            entries = List.copyOf(entries);
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The tensor with this name, or null. */
        public Entry get(String name) {
            for (Entry e : entries) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
            return null;
        }
    }

    private SafeTensors() {}

    // ---------------------------------------------------------------- writing

    /**
     * Writes the entries, in list order, and the metadata (may be null or empty), its keys sorted, to
     * {@code file}, atomically: on any failure the previous file is untouched. The bytes depend only on the
     * list and the metadata's contents, never on a map's iteration order, so equal inputs give identical
     * files. (Python's writer orders tensors by element size for alignment; readers, including Python's,
     * do not require that.)
     *
     * @throws IllegalArgumentException for duplicate names, before anything is written
     */
    public static void write(Path file, List<Entry> entries, Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(file, "file");
        List<Entry> list = List.copyOf(entries);
        byte[] header = header(list, metadata == null ? Map.of() : metadata);
        AtomicWrite.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            for (Entry e : list) {
                writeData(e.data(), out);
            }
        });
    }

    private static byte[] header(List<Entry> entries, Map<String, String> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, Object> meta = new TreeMap<>();
            metadata.forEach((k, v) -> meta.put(Objects.requireNonNull(k, "metadata key"),
                    Objects.requireNonNull(v, "metadata value for " + k)));
            json.put(METADATA_KEY, meta);
        }
        long offset = 0;
        for (Entry e : entries) {
            Objects.requireNonNull(e, "entry");
            if (json.containsKey(e.name())) {
                throw new IllegalArgumentException("duplicate tensor name \"" + e.name() + "\"");
            }
            long bytes = java.lang.reflect.Array.getLength(e.data()) * (long) e.elementType().byteSize();
            List<Object> shape = new ArrayList<>();
            for (int d : e.shape()) {
                shape.add((long) d);
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.elementType().name());
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + bytes));
            json.put(e.name(), info);
            offset += bytes;
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(text, padded);
        Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    private static void writeData(Object data, OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        switch (data) {
            case float[] a -> {
                for (int i = 0; i < a.length; i += buf.capacity() / 4) {
                    int n = Math.min(buf.capacity() / 4, a.length - i);
                    buf.asFloatBuffer().put(a, i, n);
                    out.write(buf.array(), 0, n * 4);
                }
            }
            case double[] a -> {
                for (int i = 0; i < a.length; i += buf.capacity() / 8) {
                    int n = Math.min(buf.capacity() / 8, a.length - i);
                    buf.asDoubleBuffer().put(a, i, n);
                    out.write(buf.array(), 0, n * 8);
                }
            }
            case long[] a -> {
                for (int i = 0; i < a.length; i += buf.capacity() / 8) {
                    int n = Math.min(buf.capacity() / 8, a.length - i);
                    buf.asLongBuffer().put(a, i, n);
                    out.write(buf.array(), 0, n * 8);
                }
            }
            default -> throw new IllegalArgumentException("unsupported data " + data.getClass());
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads and validates a safetensors file. Entries come back ordered by data offset.
     *
     * @throws IOException naming the file (and tensor) if anything is malformed: header length beyond
     *     the file, invalid UTF-8 or JSON, unknown or unsupported dtype, shape not matching the byte span,
     *     offsets reversed, overlapping, leaving gaps, past the end or not reaching it, duplicate names
     */
    public static Loaded read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw fail(file, "file is " + size + " bytes, too short for the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 0 || headerLen > size - 8) {
                throw fail(file, "header length " + Long.toUnsignedString(headerLen) + " is beyond the file size: only "
                        + (size - 8) + " bytes follow the 8-byte length (truncated or not a safetensors file?)");
            }
            if (headerLen > Integer.MAX_VALUE - 8) {
                throw fail(file, "header length " + headerLen + " is too large");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8, file);
            SafeTensorsHeader header = SafeTensorsHeader.parse(decodeUtf8(headerBuf, file), file);
            long dataStart = 8 + headerLen;
            header.checkLayout(size - dataStart);
            List<Entry> entries = new ArrayList<>(header.tensors().size());
            for (SafeTensorsHeader.Info info : header.tensors()) {
                Object data = readData(ch, dataStart + info.begin(), info, file);
                try {
                    entries.add(new Entry(info.name(), info.shape(), data));
                } catch (IllegalArgumentException e) {
                    throw fail(file, e.getMessage());
                }
            }
            return new Loaded(entries, header.metadata());
        }
    }

    /** Reads one tensor's little-endian elements in chunks, so no byte buffer exceeds 1 MiB. */
    private static Object readData(FileChannel ch, long position, SafeTensorsHeader.Info info, Path file)
            throws IOException {
        int n = (int) info.count();
        int size = info.type().byteSize();
        Object data = switch (info.type()) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I64 -> new long[n];
        };
        ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buf.capacity() / size;
        for (int i = 0; i < n; i += perChunk) {
            int m = Math.min(perChunk, n - i);
            buf.clear().limit(m * size);
            readFully(ch, buf, position + (long) i * size, file);
            buf.flip();
            switch (data) {
                case float[] a -> buf.asFloatBuffer().get(a, i, m);
                case double[] a -> buf.asDoubleBuffer().get(a, i, m);
                case long[] a -> buf.asLongBuffer().get(a, i, m);
                default -> throw new AssertionError(data);
            }
        }
        return data;
    }

    private static String decodeUtf8(ByteBuffer buf, Path file) throws IOException {
        buf.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buf)
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail(file, "header is not valid UTF-8 (" + e + ")");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw fail(file, "unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    static long elementCount(int[] shape, String name) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor \"" + name + "\": negative dimension in shape "
                        + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, (long) d);
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor \"" + name + "\": shape " + Arrays.toString(shape)
                        + " has more elements than a Java array can hold");
            }
        }
        return count;
    }

    static IOException fail(Path file, String problem) {
        return new IOException(file + ": " + problem);
    }
}
