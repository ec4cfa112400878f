package io.kcsink.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One child process (a Kafka or Cassandra JVM) run under a bash watchdog that kills it as soon as this JVM is gone,
 * however this JVM ends.
 */
final class ChildProcess {

    /**
     * The watchdog keeps its stdin as a pipe from this JVM. The kernel closes that pipe whenever this JVM dies, even on
     * {@code kill -9} when no shutdown hook runs, so {@code read} returns and the child is killed. The child's pid goes
     * to stdout so this JVM can signal the child itself; the child's output goes to the log file.
     */
    private static final String WATCHDOG = """
            exec 3<&0
            "$@" 3<&- </dev/null >>"$CHILD_LOG" 2>&1 &
            child=$!
            echo "$child"
            ( read -r _ <&3; kill -KILL "$child" 2>/dev/null ) &
            watcher=$!
            exec 3<&-
            trap 'kill -TERM "$child" 2>/dev/null' TERM
            while kill -0 "$child" 2>/dev/null; do wait "$child"; done
            kill "$watcher" 2>/dev/null
            """;

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Process watchdog;
    private final ProcessHandle child;
    private final Path logFile;
    private final Path pidFile;

    private ChildProcess(String name, Process watchdog, ProcessHandle child, Path logFile, Path pidFile) {
        this.name = name;
        this.watchdog = watchdog;
        this.child = child;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /** Starts {@code command} under the watchdog, appending its output to {@code logFile}. */
    static ChildProcess start(String name, List<String> command, Path logFile, Path pidFile) {
        try {
            Files.createDirectories(logFile.getParent());
            List<String> argv = new ArrayList<>(List.of("bash", "-c", WATCHDOG, name + "-watchdog"));
            argv.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(argv).redirectError(Redirect.appendTo(logFile.toFile()));
            builder.environment().put("CHILD_LOG", logFile.toString());
            Process watchdog = builder.start();
            String pidLine = new BufferedReader(
                            new InputStreamReader(watchdog.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (pidLine == null) {
                throw new IllegalStateException(
                        name + " watchdog exited before starting the process; log " + logFile + ":\n" + tail(logFile));
            }
            long pid = Long.parseLong(pidLine.trim());
            // Recorded so that a later JVM can kill it if both this JVM and the watchdog were somehow lost.
            Files.writeString(pidFile, pid + "\n");
            ProcessHandle child = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException(
                            name + " exited immediately; log " + logFile + ":\n" + tail(logFile)));
            return new ChildProcess(name, watchdog, child, logFile, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** A command line that runs {@code mainClass} on this JVM's own {@code java}, marked with the run directory. */
    static List<String> java(String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
        return java(Path.of(System.getProperty("java.home")), classpath, jvmOptions, mainClass, args);
    }

    /** A command line that runs {@code mainClass} on the {@code java} of {@code javaHome}. */
    static List<String> java(
            Path javaHome, String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        // The marker lets a later JVM recognise this process as ours before killing a stale pid.
        command.add("-D" + LocalRun.MARKER_PROPERTY + "=" + LocalRun.runDir());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Runs a short-lived command to completion (such as formatting storage), appending its output to the log. */
    static void runToCompletion(String name, List<String> command, Path logFile, Duration timeout) {
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout + "; log " + logFile);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed with exit code " + process.exitValue() + "; log "
                        + logFile + ":\n" + tail(logFile));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + name, e);
        }
    }

    boolean isAlive() {
        return child.isAlive();
    }

    ProcessHandle handle() {
        return child;
    }

    /**
     * Polls {@code probe} until it reports ready, failing early with the log's tail when the process dies and late
     * when the deadline passes.
     */
    void awaitReady(Duration timeout, Probe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException(
                        name + " exited during start-up; log " + logFile + ":\n" + tail(logFile));
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(250); // polling interval, not synchronisation: readiness has no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(
                name + " not ready within " + timeout + "; log " + logFile + ":\n" + tail(logFile), last);
    }

    /** SIGTERM, then SIGKILL if the process is still alive after {@code grace}. */
    void stop(Duration grace) {
        child.destroy();
        if (!awaitExit(grace)) {
            kill();
            return;
        }
        release();
    }

    /** SIGKILL, as a crash would. */
    void kill() {
        child.destroyForcibly();
        if (!awaitExit(KILL_TIMEOUT)) {
            throw new IllegalStateException(name + " (pid " + child.pid() + ") survived SIGKILL");
        }
        release();
    }

    private boolean awaitExit(Duration timeout) {
        try {
            child.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping " + name, e);
        }
    }

    /** Lets the watchdog go: closing its stdin ends its reader, and it exits once the child is gone. */
    private void release() {
        try {
            watchdog.getOutputStream().close();
            watchdog.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of a log, for exception messages: enough to see why a process did not come up. */
    static String tail(Path logFile) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(0, file.length() - 8192);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A readiness check; throwing counts as not ready yet. */
    @FunctionalInterface
    interface Probe {
        boolean ready() throws Exception;
    }
}
