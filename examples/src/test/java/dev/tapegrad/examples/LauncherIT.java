package dev.tapegrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code ./tapegrad} launcher, run as a user runs it. Runs in the integration-test phase,
 * after the jars are packaged (so the launcher finds them fresh and builds nothing), with a PATH whose first
 * {@code java} is whatever the machine has: the launcher must pick a JDK 25 by itself.
 */
class LauncherIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Output and exit code of {@code bash ./tapegrad args...} run from the repository root. */
    record Run(int exitCode, String output) {}

    /** Skips the calling test when bash is not installed. */
    static void assumeBash() {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "bash is not installed");
    }

    static Run launch(String... args) throws IOException, InterruptedException {
        assumeBash();
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("tapegrad").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void helpListsTheExamplesOfMain() throws Exception {
        Run r = launch("help");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("usage: ./tapegrad NAME [flags]"), r.output());
        for (String name : List.of("lenet", "vit", "custom-layer", "hvp", "fit", "resnet", "bench", "test")) {
            assertTrue(r.output().lines().anyMatch(l -> l.matches("  " + name + " +\\S.*")),
                    name + " missing, or listed without a description, in:\n" + r.output());
        }
        assertTrue(!r.output().contains("building the jars"), "the jars were fresh:\n" + r.output());
    }

    @Test
    void fitRunsToItsGradcheckReport() throws Exception {
        Run r = launch("fit");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("gradgradcheck passed."), r.output());
    }

    @Test
    void everyTrainingExampleAnswersHelpWithItsUsage() throws Exception {
        for (String name : List.of("lenet", "vit", "resnet", "fit")) {
            Run r = launch(name, "--help");
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("usage: " + name), r.output());
        }
    }

    @Test
    void aBadFlagIsAUsageMessageNotAStackTrace() throws Exception {
        Run r = launch("resnet", "--steps", "many");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("resnet: --steps expects a whole number, got \"many\"")
                && r.output().contains("usage: resnet"), r.output());
        assertTrue(!r.output().contains("Exception"), r.output());
    }

    @Test
    void anUnknownNameFailsAndListsTheNames() throws Exception {
        Run r = launch("lenett");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("unknown example \"lenett\"") && r.output().contains("  lenet "), r.output());
    }
}
