package dev.tapegrad.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code tapegrad-examples.jar}, run by the repository's launcher as {@code ./tapegrad NAME [flags]}
 * (or by hand: {@code java --add-modules jdk.incubator.vector -jar examples/target/tapegrad-examples.jar NAME
 * [flags]}). {@code help} lists the names; the launcher reads that list from here.
 */
public final class Main {
    private Main() {}

    /** One runnable example. */
    interface Example {
        void run(String[] args) throws Exception;
    }

    private static Map<String, Example> examples() {
        Map<String, Example> m = new LinkedHashMap<>();
        m.put("lenet", LeNet::main);
        m.put("vit", Vit::main);
        m.put("custom-layer", CustomLayer::main);
        m.put("hvp", Hvp::main);
        m.put("fit", Fit::main);
        m.put("resnet", ResNetSteps::main);
        m.put("bench", org.openjdk.jmh.Main::main);
        return m;
    }

    /** One line per example for {@code help}; an example missing here is listed by name alone. */
    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("lenet", "LeNet-5 on Fashion-MNIST (the shipped sample; --data DIR for the full set; --help)");
        d.put("vit", "a tiny Vision Transformer on Fashion-MNIST (AdamW; --data DIR for the full set; --help)");
        d.put("resnet", "a small ResNet's training steps on one batch, timed from JVM start (--steps N; --help)");
        d.put("custom-layer", "a layer from scratch: an Op with its own vjp, gradchecked, trained");
        d.put("hvp", "a Hessian-vector product and a gradient penalty through a small conv net");
        d.put("fit", "the smallest program: fit a tiny model, print a gradcheck report");
        d.put("bench", "the JMH benchmarks; arguments go to JMH (e.g. ConvBenchmark -f 1 -wi 2 -i 3)");
        return d;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Example> examples = examples();
        if (args.length == 0 || !examples.containsKey(args[0])) {
            boolean asked = args.length == 0 || args[0].equals("help");
            if (!asked) {
                System.err.println("unknown example \"" + args[0] + "\"; the examples are:");
            }
            Map<String, String> descriptions = descriptions();
            for (String name : examples.keySet()) {
                (asked ? System.out : System.err).printf("  %-14s %s%n", name, descriptions.getOrDefault(name, ""));
            }
            if (!asked) {
                System.exit(2);
            }
            return;
        }
        examples.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
    }
}
