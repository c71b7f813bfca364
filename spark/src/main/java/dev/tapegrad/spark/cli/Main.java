package dev.tapegrad.spark.cli;

import java.io.IOException;
import java.util.Arrays;

/** Entry point of {@code tapegrad-spark.jar}: {@code lenet [flags]} (also under {@code spark-submit}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || !args[0].equals("lenet")) {
            System.err.println("usage: java --add-modules jdk.incubator.vector -jar tapegrad-spark.jar lenet [flags]"
                    + " (lenet --help lists the flags)");
            System.exit(2);
            return;
        }
        LeNetOnSpark.main(Arrays.copyOfRange(args, 1, args.length));
    }
}
