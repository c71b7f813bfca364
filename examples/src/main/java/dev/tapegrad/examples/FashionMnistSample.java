package dev.tapegrad.examples;

import dev.tapegrad.nn.io.FashionMnist;
import java.io.IOException;

/**
 * The Fashion-MNIST sample shipped with the examples (not with the library): the first 4000 training and
 * first 1000 test images of the official set, gzipped IDX files with the official names, MIT licence alongside.
 * {@code SampleCutter} (in the tests) made it.
 */
public final class FashionMnistSample {
    /** Class-path folder of the sample. */
    public static final String RESOURCE_DIR = "/dev/tapegrad/examples/fashion-mnist-sample/";

    private FashionMnistSample() {}

    /** The sample: 4000 training and 1000 test images. */
    public static FashionMnist load() throws IOException {
        return FashionMnist.fromResources(FashionMnistSample.class, RESOURCE_DIR);
    }
}
