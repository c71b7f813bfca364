package dev.tapegrad.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Spark standalone cluster on this machine for tests: Spark's own Master and Workers, each a separate
 * JVM started from this JVM's class path, bound to 127.0.0.1 only. Executors are the Workers' children.
 * {@link #close()} (and a shutdown hook, should the test JVM end first) kills every process it started.
 */
final class LocalCluster implements AutoCloseable {
    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final Thread reaper = new Thread(this::killAll, "local-cluster-reaper");
    final String masterUrl;
    final String classPath;

    LocalCluster(int workerCount, Duration timeout) throws IOException {
        home = Files.createTempDirectory("tapegrad-spark-home");
        Files.createDirectories(home.resolve("jars"));
        classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Runtime.getRuntime().addShutdownHook(reaper);
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        processes.add(start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()))));
        awaitPort(port, timeout);
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(home.resolve("work-" + i));
            Process w = start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()),
                    "--cores", "1", "--memory", "1g", "--work-dir", work.toString(), masterUrl));
            processes.add(w);
            workers.add(w);
        }
    }

    private Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOG_DIR", home.toString());
        return pb.start();
    }

    /** The executor JVM a worker runs, if it runs one now (a Worker's only child processes are executors). */
    Optional<ProcessHandle> executorOf(int worker) {
        return workers.get(worker).toHandle().children().filter(ProcessHandle::isAlive).findFirst();
    }

    /** Logs of the cluster's processes, for a failure message. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.walk(home)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".log") || f.endsWith("stderr")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                sb.append("== ").append(home.relativize(p)).append(" (last 30 lines)\n");
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream()
                        .map(l -> l.length() > 300 ? l.substring(0, 300) + " ..." : l)
                        .forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        deleteTree(home.toFile());
    }

    private void killAll() {
        for (Process p : processes) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the Spark master did not open port " + port + " within " + timeout + "\n"
                            + logs(), e);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
