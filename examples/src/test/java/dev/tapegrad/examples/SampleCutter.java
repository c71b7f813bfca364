package dev.tapegrad.examples;

import dev.tapegrad.nn.io.FashionMnist;
import dev.tapegrad.nn.io.Idx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The tool that produced the shipped Fashion-MNIST sample (not run by the test suite). Run from the
 * repository root after {@code mvn -pl examples -am test-compile}:
 *
 * <pre>
 * java -cp nn/target/classes:examples/target/test-classes dev.tapegrad.examples.SampleCutter \
 *     /usr/share/datasets/fashion-mnist examples/src/main/resources/dev/tapegrad/examples/fashion-mnist-sample
 * </pre>
 *
 * It keeps the first {@value #TRAIN} training and the first {@value #TEST} test images with their
 * labels (the official order is already close to class-balanced: it prints the counts), and writes
 * them gzipped under the official names with the licence file. The output is deterministic.
 */
public final class SampleCutter {

    static final int TRAIN = 4000;
    static final int TEST = 1000;

    private SampleCutter() {}

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        Path target = Path.of(args.length > 1 ? args[1]
                : "examples/src/main/resources/dev/tapegrad/examples/fashion-mnist-sample");
        Files.createDirectories(target);
        cut(source, target, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, TRAIN);
        cut(source, target, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, TEST);
        Files.writeString(target.resolve("LICENSE-fashion-mnist.txt"), licence(), StandardCharsets.UTF_8);
        FashionMnist check = FashionMnist.load(target);
        System.out.println("wrote " + target + ": " + check.train() + " train, " + check.test() + " test");
    }

    private static void cut(Path source, Path target, String imagesName, String labelsName, int n)
            throws IOException {
        Idx.IdxArray images = Idx.read(source.resolve(imagesName + ".gz"));
        Idx.IdxArray labels = Idx.read(source.resolve(labelsName + ".gz"));
        int pixels = images.shape()[1] * images.shape()[2];
        byte[] keptImages = Arrays.copyOf(images.data(), n * pixels);
        byte[] keptLabels = Arrays.copyOf(labels.data(), n);
        Idx.write(target.resolve(imagesName + ".gz"),
                Idx.IdxArray.ofUnsignedBytes(keptImages, n, images.shape()[1], images.shape()[2]), true);
        Idx.write(target.resolve(labelsName + ".gz"), Idx.IdxArray.ofUnsignedBytes(keptLabels, n), true);
        int[] counts = new int[FashionMnist.CLASSES];
        for (byte b : keptLabels) {
            counts[b]++;
        }
        System.out.println(labelsName + ": first " + n + " of " + labels.shape()[0] + ", per class "
                + Arrays.toString(counts));
    }

    static String licence() {
        return """
                This directory holds a cut of Fashion-MNIST (https://github.com/zalandoresearch/fashion-mnist),
                made by dev.tapegrad.examples.SampleCutter (examples/src/test/java) from the official files:
                  train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz: training examples 0..3999 (the first 4000 of 60000)
                  t10k-images-idx3-ubyte.gz,  t10k-labels-idx1-ubyte.gz:  test examples 0..999 (the first 1000 of 10000)
                The images and labels are unchanged; only the counts in the IDX headers differ from the official files.

                The MIT License (MIT) Copyright © [2017] Zalando SE, https://tech.zalando.com

                Permission is hereby granted, free of charge, to any person obtaining a copy of this software and \
                associated documentation files (the "Software"), to deal in the Software without restriction, \
                including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, \
                and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, \
                subject to the following conditions:

                The above copyright notice and this permission notice shall be included in all copies or substantial \
                portions of the Software.

                THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT \
                LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. \
                IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, \
                WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE \
                SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
                """;
    }
}
