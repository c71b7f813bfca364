package dev.tapegrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every snippet of the README's "Using Tapegrad from your own code", read from README.md itself and run as a
 * user runs it, against the packaged jars (integration-test phase): the Maven coordinates, the single-file
 * program on the class path and on the module path, and the jshell session. Also compiles
 * {@code class Block extends Module} under the tour's imports.
 */
class ReadmeOwnCodeIT {
    static final Path ROOT = LauncherIT.ROOT;

    @TempDir
    Path dir;

    /** The fenced blocks of the section, in order: xml, MyLayer.java, its commands, jshell command, jshell input. */
    static List<String> blocks(String heading) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "README has no section " + heading);
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("\n```[a-z]*\n(.*?)\n```\n", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1) + "\n");
        }
        return blocks;
    }

    static List<String> ownCode() throws IOException {
        List<String> b = blocks("## Using Tapegrad from your own code");
        assertEquals(5, b.size(), "blocks of the README's own-code section");
        return b;
    }

    /** Runs {@code script} with bash from the repository root; stdin from {@code input} when not null. */
    static LauncherIT.Run bash(String script, String input) throws IOException, InterruptedException {
        LauncherIT.assumeBash();
        Process p = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new LauncherIT.Run(p.waitFor(), out);
    }

    @Test
    void mavenCoordinatesAreTheNnModules() throws IOException {
        String xml = ownCode().get(0);
        String nnPom = Files.readString(ROOT.resolve("nn/pom.xml"));
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        assertTrue(nnPom.contains("<artifactId>" + tag(xml, "artifactId") + "</artifactId>"), xml);
        assertTrue(rootPom.contains("<groupId>" + tag(xml, "groupId") + "</groupId>"), xml);
        assertTrue(rootPom.contains("<version>" + tag(xml, "version") + "</version>"), xml);
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        assertTrue(m.find(), name + " missing from " + xml);
        return m.group(1);
    }

    @Test
    void singleFileProgramRunsOnTheClassPathAndTheModulePath() throws Exception {
        List<String> b = ownCode();
        Path program = dir.resolve("MyLayer.java");
        Files.writeString(program, b.get(1));
        String commands = b.get(2).replace("MyLayer.java", "'" + program + "'");
        assertTrue(commands.contains("--class-path \"$TG\""), commands);
        LauncherIT.Run r = bash(commands, null);
        assertEquals(0, r.exitCode(), r.output());
        assertLossFell(r.output());

        String modulePath = commands.replace("--add-modules jdk.incubator.vector --class-path \"$TG\"",
                "--module-path \"$TG\" --add-modules dev.tapegrad.nn,jdk.incubator.vector");
        assertTrue(!modulePath.equals(commands), commands);
        r = bash(modulePath, null);
        assertEquals(0, r.exitCode(), r.output());
        assertLossFell(r.output());
    }

    private static void assertLossFell(String output) {
        Matcher m = Pattern.compile("MyLayer: loss ([0-9.]+) -> ([0-9.]+)").matcher(output);
        assertTrue(m.find(), output);
        assertTrue(Double.parseDouble(m.group(2)) < Double.parseDouble(m.group(1)), output);
    }

    @Test
    void kernelsAndPrimitivesAreHiddenOnTheModulePath() throws Exception {
        String tg = ownCode().get(2).lines().filter(l -> l.startsWith("TG=")).findFirst().orElseThrow();
        for (String internal : List.of("dev.tapegrad.ops.kernels.Parallel", "dev.tapegrad.ops.primitive.Conv2d")) {
            Path program = dir.resolve("Peek.java");
            Files.writeString(program, "public class Peek { public static void main(String[] a) { System.out.println("
                    + internal + ".class); } }\n");
            LauncherIT.Run r = bash(tg + "\n\"$JAVA_HOME\"/bin/java --module-path \"$TG\" --add-modules dev.tapegrad.nn '"
                    + program + "'\n", null);
            assertTrue(r.exitCode() != 0 && r.output().contains("does not export"), internal + ":\n" + r.output());
            r = bash(tg + "\n\"$JAVA_HOME\"/bin/java --class-path \"$TG\" '" + program + "'\n", null);
            assertEquals(0, r.exitCode(), "class-path users still see " + internal + ":\n" + r.output());
        }
    }

    @Test
    void jshellSessionShowsTheGradient() throws Exception {
        List<String> b = ownCode();
        String tg = b.get(2).lines().filter(l -> l.startsWith("TG=")).findFirst().orElseThrow();
        LauncherIT.Run r = bash(tg + "\n" + b.get(3), b.get(4) + "/exit\n");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("[2., 4., 6.]"), r.output());
        assertTrue(!r.output().contains("Error:"), r.output());
    }

    @Test
    void aModuleOfYourOwnCompilesUnderTheToursImports() throws Exception {
        List<String> tour = blocks("## A short tour");
        StringBuilder source = new StringBuilder();
        for (String block : tour) {
            block.lines().filter(l -> l.startsWith("import ")).forEach(l -> source.append(l).append('\n'));
        }
        assertTrue(source.toString().contains("import dev.tapegrad.nn.*;"), source.toString());
        source.append("""
                class Block extends Module {
                    private final Conv2d conv = registerModule("conv", new Conv2d(4, 4, 3,
                            Conv2d.Options.defaults().withPadding(1).withBias(false)));

                    @Override
                    public Tensor forward(Tensor x) {
                        return Ops.add(conv.forward(x), x);
                    }
                }
                """);
        Path file = dir.resolve("Block.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        boolean ok = javac.getTask(messages, null, null,
                List.of("-d", dir.resolve("classes").toString(), "-classpath", System.getProperty("java.class.path")),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call();
        assertTrue(ok, source + "\n" + messages);
    }
}
