package io.kcsink.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this JVM's local infrastructure lives: the project's {@code target/local-infra} and a run directory of its own,
 * so a test run and a benchmark never share ports or data.
 */
final class LocalRun {

    /** System property on every child JVM naming the run directory that owns it. */
    static final String MARKER_PROPERTY = "kcsink.local.run";

    private static final Logger log = LoggerFactory.getLogger(LocalRun.class);
    private static final String OWNER_FILE = "owner";
    private static final Set<Integer> handedOutPorts = new HashSet<>();
    private static @Nullable Path runDir;

    private LocalRun() {}

    /** {@code target/local-infra}, as passed by Failsafe or found from the project root. */
    static Path infraDir() {
        String configured = System.getProperty("local.infra.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return projectRoot().resolve("target").resolve("local-infra");
    }

    /** The directory holding {@code mvnw}, searched upwards from the infra dir or the working directory. */
    static Path projectRoot() {
        String configured = System.getProperty("local.infra.dir");
        Path start = Path.of(configured != null ? configured : System.getProperty("user.dir"))
                .toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No mvnw found in " + start + " or above; run from the project directory");
    }

    /** {@code target/local-infra/run-<pid>}, created on first use after removing the leftovers of dead JVMs. */
    static synchronized Path runDir() {
        if (runDir == null) {
            try {
                Path infra = infraDir();
                Files.createDirectories(infra);
                removeStaleRuns(infra);
                Path dir = infra.resolve("run-" + ProcessHandle.current().pid());
                deleteRecursively(dir); // a previous JVM that had our pid is dead by definition
                Files.createDirectories(dir);
                // Written aside and moved, so another JVM never reads half an owner and takes us for dead.
                Path owner = Files.writeString(dir.resolve(OWNER_FILE + ".tmp"), ownerId(ProcessHandle.current()));
                Files.move(owner, dir.resolve(OWNER_FILE), StandardCopyOption.ATOMIC_MOVE);
                runDir = dir;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the local infrastructure directory", e);
            }
        }
        return runDir;
    }

    /** A port free right now on the loopback interface, never the same twice in this JVM. */
    static synchronized int freePort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (handedOutPorts.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot find a free port", e);
            }
        }
        throw new IllegalStateException("No new free port after 20 attempts");
    }

    /** Whether something listens on the loopback port: cheap enough to poll before opening a real client. */
    static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Kills the children recorded by JVMs that died without cleaning up, and deletes their directories. The watchdog
     * normally kills them already; this covers what it cannot, such as a machine whose bash was killed too.
     */
    private static void removeStaleRuns(Path infra) throws IOException {
        List<Path> runs;
        try (Stream<Path> list = Files.list(infra)) {
            runs = list.filter(p -> p.getFileName().toString().startsWith("run-"))
                    .toList();
        }
        for (Path run : runs) {
            if (ownerAlive(run)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(run, 2)) { // run-<pid>/<product>/<product>.pid
                for (Path pidFile :
                        files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                    killIfOurs(pidFile, run);
                }
            }
            log.info("Removing stale local infrastructure run={}", run);
            deleteRecursively(run);
        }
    }

    private static boolean ownerAlive(Path run) throws IOException {
        Path owner = run.resolve(OWNER_FILE);
        String id = Files.exists(owner) ? Files.readString(owner).trim() : "";
        OptionalLong pid = parsePid(id.split(" ")[0]);
        if (pid.isEmpty()) {
            // Another JVM may have just created its directory and not yet written the owner: trust the name.
            OptionalLong fromName = parsePid(run.getFileName().toString().substring("run-".length()));
            return fromName.isPresent()
                    && ProcessHandle.of(fromName.getAsLong()).isPresent();
        }
        return ProcessHandle.of(pid.getAsLong()).map(h -> ownerId(h).equals(id)).orElse(false);
    }

    /** Leftover files may be empty or cut short by a crash; those name no process. */
    private static OptionalLong parsePid(String text) {
        String digits = text.trim();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    /** Pid plus start time, because pids are reused. */
    private static String ownerId(ProcessHandle process) {
        return process.pid() + " "
                + process.info().startInstant().map(Object::toString).orElse("?");
    }

    private static void killIfOurs(Path pidFile, Path run) throws IOException {
        OptionalLong pid = parsePid(Files.readString(pidFile));
        Optional<ProcessHandle> process = pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
        String marker = "-D" + MARKER_PROPERTY + "=" + run;
        if (process.isPresent() && process.get().info().commandLine().orElse("").contains(marker)) {
            log.warn("Killing stale local infrastructure process pid={} run={}", pid.getAsLong(), run);
            process.get().destroyForcibly();
            process.get().onExit().join();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
