package dev.tapegrad.nn.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST (Zalando, MIT licence): 28x28 grey images of clothing in 10 classes. {@link #load}
 * reads the four official IDX files from a directory, {@link #fromResources} the same files (gzipped) from
 * the class path, e.g. the 4000-image sample that the examples ship.
 *
 * @param train the training split
 * @param test the test split
 */
public record FashionMnist(Split train, Split test) {

    public static final int HEIGHT = 28;
    public static final int WIDTH = 28;
    public static final int CLASSES = 10;

    /** Class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /**
     * One split: {@code images} holds {@code size()} images as N x 1 x 28 x 28 row-major floats in
     * [0, 1] (pixel / 255), {@code labels} the class of each, in [0, 10).
     */
    public record Split(float[] images, int[] labels) {
        public Split {
            if (images.length != labels.length * HEIGHT * WIDTH) {
                throw new IllegalArgumentException(images.length + " pixels do not make " + labels.length
                        + " images of " + HEIGHT + "x" + WIDTH);
            }
        }

        /** Number of images. */
        public int size() {
            return labels.length;
        }

        /** Shape of {@link #images()}: {N, 1, 28, 28}. */
        public int[] imageShape() {
            return new int[] {labels.length, 1, HEIGHT, WIDTH};
        }

        @Override
        public String toString() {
            return "Split[" + size() + " images]";
        }
    }

    /**
     * Reads the four files from {@code dir}, each as {@code NAME} or {@code NAME.gz} (the uncompressed
     * one wins when both exist).
     *
     * @throws IOException naming the directory and the missing file, or the malformed file and its problem
     */
    public static FashionMnist load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Fashion-MNIST directory " + dir + " does not exist or is not a directory");
        }
        Path trainImages = find(dir, TRAIN_IMAGES);
        Path trainLabels = find(dir, TRAIN_LABELS);
        Path testImages = find(dir, TEST_IMAGES);
        Path testLabels = find(dir, TEST_LABELS);
        return new FashionMnist(
                split(Idx.read(trainImages), trainImages.toString(), Idx.read(trainLabels), trainLabels.toString()),
                split(Idx.read(testImages), testImages.toString(), Idx.read(testLabels), testLabels.toString()));
    }

    /**
     * Reads the four files, gzipped ({@code NAME.gz}), as class-path resources of {@code anchor}'s module or
     * class loader under {@code folder} (an absolute resource path ending in {@code /}).
     *
     * @throws IOException naming the missing or malformed resource
     */
    public static FashionMnist fromResources(Class<?> anchor, String folder) throws IOException {
        if (!folder.startsWith("/") || !folder.endsWith("/")) {
            throw new IllegalArgumentException("FashionMnist.fromResources: folder must start and end with /, got \""
                    + folder + "\"");
        }
        return new FashionMnist(
                split(resource(anchor, folder + TRAIN_IMAGES), folder + TRAIN_IMAGES + ".gz",
                        resource(anchor, folder + TRAIN_LABELS), folder + TRAIN_LABELS + ".gz"),
                split(resource(anchor, folder + TEST_IMAGES), folder + TEST_IMAGES + ".gz",
                        resource(anchor, folder + TEST_LABELS), folder + TEST_LABELS + ".gz"));
    }

    private static Idx.IdxArray resource(Class<?> anchor, String name) throws IOException {
        String path = name + ".gz";
        try (InputStream in = anchor.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("class-path resource " + path + " not found next to " + anchor.getName());
            }
            return Idx.read(in, "classpath:" + path);
        }
    }

    private static Path find(Path dir, String name) throws IOException {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new IOException("Fashion-MNIST file " + name + " (or " + name + ".gz) not found in directory " + dir);
    }

    /** Checks that the two arrays are matching MNIST-style images and labels, and converts them. */
    static Split split(Idx.IdxArray images, String imagesName, Idx.IdxArray labels, String labelsName)
            throws IOException {
        int[] is = images.shape();
        if (images.type() != Idx.Type.UBYTE || is.length != 3 || is[1] != HEIGHT || is[2] != WIDTH) {
            throw new IOException(imagesName + ": expected unsigned-byte images of shape [N, " + HEIGHT + ", "
                    + WIDTH + "], found " + images.type() + Arrays.toString(is));
        }
        int[] ls = labels.shape();
        if (labels.type() != Idx.Type.UBYTE || ls.length != 1) {
            throw new IOException(labelsName + ": expected unsigned-byte labels of shape [N], found "
                    + labels.type() + Arrays.toString(ls));
        }
        if (is[0] != ls[0]) {
            throw new IOException(imagesName + " has " + is[0] + " images but " + labelsName + " has "
                    + ls[0] + " labels");
        }
        byte[] pixels = images.data();
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            scaled[i] = Byte.toUnsignedInt(pixels[i]) / 255f;
        }
        byte[] raw = labels.data();
        int[] classes = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            classes[i] = Byte.toUnsignedInt(raw[i]);
            if (classes[i] >= CLASSES) {
                throw new IOException(labelsName + ": label " + i + " is " + classes[i]
                        + ", outside [0, " + CLASSES + ")");
            }
        }
        return new Split(scaled, classes);
    }
}
