package dev.tapegrad.nn.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST: two zero bytes, a type byte, a dimension count byte, one
 * big-endian 32-bit size per dimension, then the big-endian elements in row-major order and nothing
 * after them. Files may be gzipped; that is detected from the gzip magic bytes, not the file name.
 *
 * <p>Malformed input (bad magic, unknown type, negative or overflowing sizes, truncated data, trailing
 * bytes, broken gzip) raises an {@link IOException} whose message starts with the source name.
 */
public final class Idx {

    /** Element types of the format, with their type byte and size in bytes. */
    public enum Type {
        UBYTE(0x08, 1),
        BYTE(0x09, 1),
        SHORT(0x0B, 2),
        INT(0x0C, 4),
        FLOAT(0x0D, 4),
        DOUBLE(0x0E, 8);

        private final int code;
        private final int byteSize;

        Type(int code, int byteSize) {
            this.code = code;
            this.byteSize = byteSize;
        }

        public int code() {
            return code;
        }

        public int byteSize() {
            return byteSize;
        }

        static Type ofCode(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * An IDX array: its element type, shape and the raw big-endian element bytes, row-major
     * ({@code data.length == product(shape) * type.byteSize()}). Arrays are shared, not copied.
     */
    public record IdxArray(Type type, int[] shape, byte[] data) {
        public IdxArray {
            Objects.requireNonNull(type, "type");
            long count = count(shape);
            if (count * type.byteSize() != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + type + " needs "
                        + count * type.byteSize() + " bytes but data has " + data.length);
            }
        }

        /** An unsigned-byte array (type 0x08), the type of all MNIST files. */
        public static IdxArray ofUnsignedBytes(byte[] data, int... shape) {
            return new IdxArray(Type.UBYTE, shape, data);
        }

        /** Number of elements: the product of the shape. */
        public int count() {
            return (int) count(shape);
        }

        /** Element {@code i} (row-major) as a double, decoded according to the type. */
        public double get(int i) {
            ByteBuffer b = ByteBuffer.wrap(data); // big-endian
            return switch (type) {
                case UBYTE -> Byte.toUnsignedInt(data[i]);
                case BYTE -> data[i];
                case SHORT -> b.getShort(i * 2);
                case INT -> b.getInt(i * 4);
                case FLOAT -> b.getFloat(i * 4);
                case DOUBLE -> b.getDouble(i * 8);
            };
        }

        @Override
        public String toString() {
            return "IdxArray[" + type + Arrays.toString(shape) + "]";
        }

        private static long count(int[] shape) {
            long count = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                count *= d;
                if (count > MAX_BYTES) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
                }
            }
            return count;
        }
    }

    /** Largest data section accepted: what fits in one Java byte array. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private Idx() {}

    /** Reads an IDX file, gzipped or not. */
    public static IdxArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads one IDX array from {@code in} (gzipped or not) up to its end; {@code source} names it in
     * error messages. Does not close the stream.
     */
    public static IdxArray read(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return readRaw(new GZIPInputStream(buffered, 1 << 16), source + " (gzip)");
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new IOException(source + ": corrupt or truncated gzip data: " + e.getMessage(), e);
            }
        }
        return readRaw(buffered, source);
    }

    private static IdxArray readRaw(InputStream in, String source) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw fail(source, "file is " + head.length + " bytes, too short for the 4-byte IDX magic number");
        }
        if (head[0] != 0 || head[1] != 0) {
            throw fail(source, String.format(
                    "bad magic number: expected the first two bytes 00 00, found %02x %02x (not an IDX file)",
                    head[0] & 0xff, head[1] & 0xff));
        }
        Type type = Type.ofCode(head[2] & 0xff);
        if (type == null) {
            throw fail(source, String.format("unsupported element type byte 0x%02x (expected one of "
                    + "0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)", head[2] & 0xff));
        }
        int ndim = head[3] & 0xff;
        byte[] dimBytes = in.readNBytes(4 * ndim);
        if (dimBytes.length < 4 * ndim) {
            throw fail(source, "truncated header: expected " + ndim + " dimension sizes (" + 4 * ndim
                    + " bytes) but found " + dimBytes.length + " bytes");
        }
        ByteBuffer dims = ByteBuffer.wrap(dimBytes);
        int[] shape = new int[ndim];
        long count = 1;
        for (int i = 0; i < ndim; i++) {
            shape[i] = dims.getInt();
            if (shape[i] < 0) {
                throw fail(source, "dimension " + i + " has size " + Integer.toUnsignedString(shape[i])
                        + ", more than 2^31-1");
            }
            count *= shape[i];
            if (count > MAX_BYTES / type.byteSize()) {
                throw fail(source, "shape " + Arrays.toString(Arrays.copyOf(shape, i + 1))
                        + (i + 1 < ndim ? "..." : "") + " of " + type + " needs more than " + MAX_BYTES
                        + " bytes, more than one array can hold");
            }
        }
        int expected = (int) (count * type.byteSize());
        byte[] data = in.readNBytes(expected);
        if (data.length < expected) {
            throw fail(source, "truncated data: shape " + Arrays.toString(shape) + " of " + type + " needs "
                    + expected + " data bytes after the " + (4 + 4 * ndim) + "-byte header, found " + data.length);
        }
        long trailing = in.transferTo(OutputStream.nullOutputStream());
        if (trailing > 0) {
            throw fail(source, "trailing bytes: expected the file to end after " + expected + " data bytes (shape "
                    + Arrays.toString(shape) + " of " + type + "), found " + trailing + " more");
        }
        return new IdxArray(type, shape, data);
    }

    /** The complete IDX encoding of {@code array}, uncompressed. */
    public static byte[] encode(IdxArray array) {
        int[] shape = array.shape();
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + 4 * shape.length + array.data().length);
        ByteBuffer head = ByteBuffer.allocate(4 + 4 * shape.length);
        head.put((byte) 0).put((byte) 0).put((byte) array.type().code()).put((byte) shape.length);
        for (int d : shape) {
            head.putInt(d);
        }
        out.writeBytes(head.array());
        out.writeBytes(array.data());
        return out.toByteArray();
    }

    /** Writes {@code array} to {@code file} atomically, gzipped at the best compression if {@code gzip}. */
    public static void write(Path file, IdxArray array, boolean gzip) throws IOException {
        if (array.shape().length > 255) {
            throw new IllegalArgumentException("IDX allows at most 255 dimensions, got " + array.shape().length);
        }
        byte[] bytes = encode(array);
        AtomicWrite.write(file, out -> {
            if (!gzip) {
                out.write(bytes);
                return;
            }
            GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            };
            z.write(bytes);
            z.finish();
        });
    }

    private static IOException fail(String source, String problem) {
        return new IOException(source + ": " + problem);
    }
}
