package dev.tapegrad.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code tapegrad-examples.jar}:
 * {@code java --add-modules jdk.incubator.vector -jar examples/target/tapegrad-examples.jar NAME [flags]}.
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
        m.put("custom-layer", CustomLayer::main);
        m.put("hvp", Hvp::main);
        m.put("fit", Fit::main);
        m.put("resnet", ResNetSteps::main);
        m.put("bench", org.openjdk.jmh.Main::main);
        return m;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Example> examples = examples();
        if (args.length == 0 || !examples.containsKey(args[0])) {
            System.err.println("usage: java --add-modules jdk.incubator.vector -jar tapegrad-examples.jar NAME [flags]");
            System.err.println("examples: " + String.join(", ", examples.keySet()));
            System.exit(args.length == 0 ? 0 : 2);
        }
        examples.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
    }
}
