package dev.tapegrad.examples;

/** Entry point of {@code tapegrad-examples.jar}: {@code java -jar tapegrad-examples.jar NAME [flags]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("usage: java --add-modules jdk.incubator.vector -jar tapegrad-examples.jar NAME [flags]");
    }
}
