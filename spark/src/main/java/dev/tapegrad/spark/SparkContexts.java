package dev.tapegrad.spark;

import dev.tapegrad.autograd.Tensor;
import dev.tapegrad.nn.Module;
import dev.tapegrad.ops.Ops;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Opens a Spark context for training and fails fast and clearly when the cluster is not there: a
 * {@code spark://host:port} master is first probed with a TCP connection, and after start-up the context
 * must see at least one executor within the timeout (a standalone master that accepts the application but
 * has no worker to give it would otherwise leave every job waiting forever).
 */
public final class SparkContexts {
    private SparkContexts() {}

    /**
     * A context on {@code master} ({@code local[N]}, {@code spark://host:port}, or null/blank to take
     * {@code spark.master} from {@code spark-submit}), with Spark's UI off and Tapegrad's executors started
     * with the Vector API module.
     */
    public static JavaSparkContext open(String master, String appName, Duration timeout) {
        SparkConf conf = new SparkConf(true).setAppName(appName);
        if (master != null && !master.isBlank()) {
            conf.setMaster(master);
        }
        return open(conf, timeout);
    }

    /** As {@link #open(String, String, Duration)} with a configuration of the caller's. */
    public static JavaSparkContext open(SparkConf conf, Duration timeout) {
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[2]");
        }
        String master = conf.get("spark.master");
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (master.startsWith("spark://")) {
            probe(master, timeout);
        }
        if (!master.startsWith("local")) {
            conf.set("spark.jars", withTapegradJars(conf.get("spark.jars", "")));
        }
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        if (!master.startsWith("local")) {
            awaitExecutor(sc, master, timeout);
        }
        return sc;
    }

    /**
     * {@code jars} (Spark's comma-separated list) plus the jars holding Tapegrad's classes (this module, nn,
     * ops, autograd), so executors on other machines can load them: under {@code java -jar} nothing else
     * ships them, and under {@code spark-submit} only the application jar travels (its manifest's relative
     * {@code Class-Path} does not resolve on the executors). Class directories (tests, IDEs) are left out.
     */
    static String withTapegradJars(String jars) {
        Set<String> all = new LinkedHashSet<>();
        for (String j : jars.split(",")) {
            if (!j.isBlank()) {
                all.add(j.trim());
            }
        }
        for (Class<?> c : List.of(SparkContexts.class, Module.class, Ops.class, Tensor.class)) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null) {
                continue;
            }
            try {
                Path p = Path.of(source.getLocation().toURI());
                if (p.toString().endsWith(".jar") && all.stream().noneMatch(j -> j.endsWith("/" + p.getFileName()))) {
                    all.add(p.toUri().toString());
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a local file: leave it to the user's spark.jars
            }
        }
        return String.join(",", all);
    }

    /** Throws IllegalStateException naming each master of {@code spark://h1:p1,h2:p2} that does not answer. */
    static void probe(String master, Duration timeout) {
        StringBuilder failures = new StringBuilder();
        String[] hosts = master.substring("spark://".length()).split(",");
        for (String hostPort : hosts) {
            URI uri = URI.create("spark://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("Spark master \"" + master + "\": expected spark://host:port");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()),
                        (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                return;
            } catch (IOException e) {
                failures.append(failures.isEmpty() ? "" : "; ").append(hostPort).append(": ").append(e.getMessage());
            }
        }
        throw new IllegalStateException("cannot reach the Spark master " + master + " within " + timeout.toSeconds()
                + " s (" + failures + "); is it running, and is the address the one in its log?");
    }

    private static void awaitExecutor(JavaSparkContext sc, String master, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sc.sc().statusTracker().getExecutorInfos().length < 2) {
            if (System.nanoTime() > deadline || sc.sc().isStopped()) {
                sc.stop();
                throw new IllegalStateException("the Spark master " + master + " gave no executor within "
                        + timeout.toSeconds() + " s: are workers registered, with enough free cores and memory?");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sc.stop();
                throw new IllegalStateException("interrupted while waiting for executors of " + master, e);
            }
        }
    }
}
