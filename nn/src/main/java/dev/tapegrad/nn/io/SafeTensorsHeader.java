package dev.tapegrad.nn.io;

import dev.tapegrad.nn.io.SafeTensors.ElementType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed and checked JSON header of a safetensors file: tensors sorted by data offset, and the
 * metadata. Every error is an {@link IOException} whose message starts with the file name.
 */
final class SafeTensorsHeader {

    /** dtype names of the format that this library recognises but does not load. */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of(
            "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2",
            "I16", "U16", "F16", "BF16", "I32", "U32", "U64", "C64");

    private static final Set<String> TENSOR_FIELDS = Set.of("dtype", "shape", "data_offsets");

    /** One tensor's header entry; {@code begin}/{@code end} are relative to the start of the data. */
    record Info(String name, ElementType type, int[] shape, long count, long begin, long end) {}

    private final Path file;
    private final List<Info> tensors;
    private final Map<String, String> metadata;

    private SafeTensorsHeader(Path file, List<Info> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Tensors in data order (by begin offset, then end). */
    List<Info> tensors() {
        return tensors;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    static SafeTensorsHeader parse(String text, Path file) throws IOException {
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.ParseException e) {
            throw SafeTensors.fail(file, "invalid JSON header: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw SafeTensors.fail(file, "header must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Info> tensors = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(SafeTensors.METADATA_KEY)) {
                readMetadata(e.getValue(), metadata, file);
            } else {
                tensors.add(info(name, e.getValue(), file));
            }
        }
        tensors.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
        return new SafeTensorsHeader(file, List.copyOf(tensors), metadata);
    }

    private static void readMetadata(Object value, Map<String, String> out, Path file) throws IOException {
        if (!(value instanceof Map<?, ?> meta)) {
            throw SafeTensors.fail(file, "\"" + SafeTensors.METADATA_KEY + "\" must be an object of strings");
        }
        for (Map.Entry<?, ?> m : meta.entrySet()) {
            if (!(m.getValue() instanceof String s)) {
                throw SafeTensors.fail(file, "metadata value for \"" + m.getKey() + "\" must be a string");
            }
            out.put((String) m.getKey(), s);
        }
    }

    private static Info info(String name, Object value, Path file) throws IOException {
        String where = "tensor \"" + name + "\": ";
        if (!(value instanceof Map<?, ?> fields)) {
            throw SafeTensors.fail(file, where + "header entry must be an object");
        }
        for (Object key : fields.keySet()) {
            if (!TENSOR_FIELDS.contains(key)) {
                throw SafeTensors.fail(file, where + "unexpected field \"" + key + "\"");
            }
        }
        for (String required : List.of("dtype", "shape", "data_offsets")) {
            if (!fields.containsKey(required)) {
                throw SafeTensors.fail(file, where + "missing field \"" + required + "\"");
            }
        }
        ElementType type = elementType(fields.get("dtype"), where, file);
        int[] shape = shape(fields.get("shape"), where, file);
        long[] offsets = offsets(fields.get("data_offsets"), where, file);
        long count;
        try {
            count = SafeTensors.elementCount(shape, name);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw SafeTensors.fail(file, where + "shape " + Arrays.toString(shape) + " is too large");
        }
        long expected = count * type.byteSize();
        long span = offsets[1] - offsets[0];
        if (span != expected) {
            throw SafeTensors.fail(file, where + "shape " + Arrays.toString(shape) + " of " + type + " needs "
                    + expected + " bytes but data_offsets [" + offsets[0] + ", " + offsets[1] + "] span " + span);
        }
        return new Info(name, type, shape, count, offsets[0], offsets[1]);
    }

    private static ElementType elementType(Object value, String where, Path file) throws IOException {
        if (!(value instanceof String dtype)) {
            throw SafeTensors.fail(file, where + "dtype must be a string");
        }
        for (ElementType t : ElementType.values()) {
            if (t.name().equals(dtype)) {
                return t;
            }
        }
        if (KNOWN_UNSUPPORTED.contains(dtype)) {
            throw SafeTensors.fail(file, where + "unsupported dtype \"" + dtype + "\" (this reader handles F32, F64, I64)");
        }
        throw SafeTensors.fail(file, where + "unknown dtype \"" + dtype + "\"");
    }

    private static int[] shape(Object value, String where, Path file) throws IOException {
        if (!(value instanceof List<?> list)) {
            throw SafeTensors.fail(file, where + "shape must be an array of integers");
        }
        int[] shape = new int[list.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(list.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw SafeTensors.fail(file, where + "shape entry " + i + " is " + list.get(i)
                        + ", not an integer in [0, " + Integer.MAX_VALUE + "]");
            }
            shape[i] = (int) (long) d;
        }
        return shape;
    }

    private static long[] offsets(Object value, String where, Path file) throws IOException {
        if (!(value instanceof List<?> list) || list.size() != 2
                || !(list.get(0) instanceof Long begin) || !(list.get(1) instanceof Long end)) {
            throw SafeTensors.fail(file, where + "data_offsets must be an array of two integers, found " + value);
        }
        if (begin < 0 || end < begin) {
            throw SafeTensors.fail(file, where + "data_offsets [" + begin + ", " + end + "] are out of order");
        }
        return new long[] {begin, end};
    }

    /**
     * Checks that the tensors tile the data region {@code [0, dataLength)} exactly, in order, with no
     * gap, overlap or unused tail, and that none reaches past the end of the file.
     */
    void checkLayout(long dataLength) throws IOException {
        long expected = 0;
        String previous = null;
        for (Info t : tensors) {
            String where = "tensor \"" + t.name() + "\": ";
            String after = previous == null ? "the start of the data" : "tensor \"" + previous + "\"";
            if (t.begin() < expected) {
                throw SafeTensors.fail(file, where + "data_offsets [" + t.begin() + ", " + t.end()
                        + "] overlap " + after + ", which ends at " + expected);
            }
            if (t.begin() > expected) {
                throw SafeTensors.fail(file, where + "data_offsets [" + t.begin() + ", " + t.end()
                        + "] leave a gap of " + (t.begin() - expected) + " bytes after " + after
                        + " (tensors must be packed with no gaps)");
            }
            if (t.end() > dataLength) {
                throw SafeTensors.fail(file, where + "data_offsets [" + t.begin() + ", " + t.end()
                        + "] are out of bounds: the data section has only " + dataLength
                        + " bytes (file truncated?)");
            }
            expected = t.end();
            previous = t.name();
        }
        if (expected != dataLength) {
            throw SafeTensors.fail(file, "the tensors cover " + expected + " bytes of data but the data section has "
                    + dataLength + " bytes (" + (dataLength - expected) + " trailing bytes not covered by any tensor)");
        }
    }
}
