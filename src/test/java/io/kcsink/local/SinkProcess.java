package io.kcsink.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The service's fat jar run as a process of its own ({@code java -jar target/kafka-cassandra-sink-*.jar}), so that a
 * fault test can SIGTERM it or {@code kill -9} it and start it again. It runs under the same watchdog as the local Kafka
 * and Cassandra, so it dies with this JVM however this JVM ends; a shutdown hook kills it on a normal exit too. Its
 * output goes to {@code target/faults/<name>.log}, appended across restarts.
 */
public final class SinkProcess implements AutoCloseable {

    private static final Set<SinkProcess> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(SinkProcess::kill), "sink-process-kill"));
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String STARTED = "Started SinkApplication";

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private @Nullable ChildProcess process;

    private SinkProcess(String name, List<String> command, Path logFile) {
        this.name = name;
        this.command = command;
        this.logFile = logFile;
    }

    /** The JVM options of the fault tests' sink: a 256 MiB heap that exits on an OutOfMemoryError, as the image's. */
    public static final List<String> JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    /**
     * A process of the service with a 256 MiB heap, configured by {@code properties} passed as command-line arguments;
     * not started yet.
     */
    public static SinkProcess of(String name, Map<String, String> properties) {
        return of(name, properties, JVM_OPTIONS);
    }

    /** A process of the service with the given JVM options, configured by {@code properties}; not started yet. */
    public static SinkProcess of(String name, Map<String, String> properties, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The marker lets a later JVM recognise the process as ours if it is ever left behind.
        command.add("-D" + LocalRun.MARKER_PROPERTY + "=" + LocalRun.runDir());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path logFile =
                LocalRun.projectRoot().resolve("target").resolve("faults").resolve(name + ".log");
        return new SinkProcess(name, List.copyOf(command), logFile);
    }

    /** The fat jar that {@code package} built, which Failsafe's integration-test phase always comes after. */
    static Path jar() {
        Path target = LocalRun.projectRoot().resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                        String file = p.getFileName().toString();
                        return file.startsWith("kafka-cassandra-sink-") && file.endsWith(".jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "No service jar in " + target + ": run 'package' first (./mvnw verify does)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the process and returns once the application reports it has started (its listener is running). */
    public synchronized SinkProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        long logStart = logSize();
        ChildProcess child = ChildProcess.start(
                "sink " + name, command, logFile, LocalRun.runDir().resolve(name + ".pid"));
        process = child;
        ALIVE.add(this);
        child.awaitReady(START_TIMEOUT, () -> logContainsSince(logStart, STARTED));
        return this;
    }

    /** {@code kill -9}, as a crash or an OOM-killer would: no shutdown hook, no commit, nothing flushed. */
    public synchronized void kill() {
        ChildProcess current = process;
        if (current != null) {
            current.kill();
            process = null;
        }
        ALIVE.remove(this);
    }

    /**
     * SIGTERM, as Kubernetes sends, and waits up to {@code timeout} for the process to exit.
     *
     * @return how long it took to exit, or {@code null} if it was still running at the timeout (then it is killed)
     */
    public synchronized @Nullable Duration terminate(Duration timeout) {
        ChildProcess current = process;
        if (current == null) {
            return Duration.ZERO;
        }
        long started = System.nanoTime();
        current.handle().destroy();
        Duration took;
        try {
            current.handle().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            took = Duration.ofNanos(System.nanoTime() - started);
        } catch (TimeoutException e) {
            took = null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping " + name, e);
        }
        // Exited: lets the watchdog go at once. Still running: kills it.
        current.stop(Duration.ZERO);
        process = null;
        ALIVE.remove(this);
        return took;
    }

    public boolean isAlive() {
        ChildProcess current = process;
        return current != null && current.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The log's lines since the process was first started that contain {@code text}. */
    public List<String> logLines(String text) {
        try (Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private boolean logContainsSince(long offset, String text) throws IOException {
        if (!Files.exists(logFile)) {
            return false;
        }
        byte[] all = Files.readAllBytes(logFile);
        if (all.length <= offset) {
            return false;
        }
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8).contains(text);
    }
}
