package io.kcsink.local;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.lifecycle.Startable;

/**
 * A single Cassandra 5 node run as a child JVM, and a Testcontainers {@link Startable} like a container is. Its ports
 * and data stay the same across {@link #stop()}/{@link #kill()} and {@link #start()}, so fault tests can restart it
 * mid-stream.
 */
public final class LocalCassandra implements Startable {

    /** The datacenter {@code SimpleSnitch} puts the node in. */
    static final String DATACENTER = "datacenter1";

    private static final Logger log = LoggerFactory.getLogger(LocalCassandra.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** The JPMS and Netty options of Cassandra's {@code conf/jvm17-server.options}, without which it fails on JDK 17. */
    private static final List<String> JDK17_OPTIONS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports=java.sql/java.sql=ALL-UNNAMED",
            "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    private final Path dir;
    private final int nativePort;
    private final int storagePort;
    private final @Nullable Security security;
    private final String extraConfig;
    // Volatile so the shutdown hook can read it without the lock that a start in progress holds.
    private volatile @Nullable ChildProcess process;

    private LocalCassandra(Path dir, int nativePort, int storagePort, @Nullable Security security) {
        this(dir, nativePort, storagePort, security, "");
    }

    private LocalCassandra(Path dir, int nativePort, int storagePort, @Nullable Security security, String extraConfig) {
        this.dir = dir;
        this.nativePort = nativePort;
        this.storagePort = storagePort;
        this.security = security;
        this.extraConfig = extraConfig;
    }

    /**
     * A node of its own, in a directory of this JVM's run directory, with extra {@code cassandra.yaml} settings (a
     * throttled node, say), not started yet.
     */
    public static LocalCassandra createWith(String name, String extraYaml) {
        return new LocalCassandra(
                LocalRun.runDir().resolve(name), LocalRun.freePort(), LocalRun.freePort(), null, extraYaml);
    }

    /** A node in this JVM's run directory on two free ports, not started yet. */
    static LocalCassandra create() {
        return new LocalCassandra(
                LocalRun.runDir().resolve("cassandra"), LocalRun.freePort(), LocalRun.freePort(), null);
    }

    /**
     * A node in {@code dir} that takes only TLS clients on its native port and authenticates and authorizes them with
     * roles ({@code PasswordAuthenticator}, {@code CassandraAuthorizer}, permissions not cached, so a revoked grant
     * takes effect at once). Its superuser is Cassandra's default {@code cassandra}/{@code cassandra}.
     */
    static LocalCassandra createSecured(Path dir, Security security) {
        return new LocalCassandra(dir, LocalRun.freePort(), LocalRun.freePort(), security);
    }

    /**
     * The server certificate (a PKCS#12 keystore and its password) of a secured node, and the SSL context clients of
     * the tests use to reach it.
     */
    record Security(Path keystore, String password, javax.net.ssl.SSLContext clientSsl) {}

    /** The superuser's name and password of a secured node: Cassandra's default role. */
    static final String SUPERUSER = "cassandra";

    /**
     * The JDK to run Cassandra on: Cassandra 5.0 runs on Java 11 and 17 only, so when this JVM is newer (a build on JDK
     * 25, say), a JDK 17 is looked for: {@code -Dlocal.cassandra.java-home}, {@code CASSANDRA_JAVA_HOME}, or one
     * under {@code /usr/lib/jvm}.
     */
    static Path javaHome() {
        String configured = System.getProperty("local.cassandra.java-home", System.getenv("CASSANDRA_JAVA_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path current = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() <= 17) {
            return current;
        }
        try (var jvms = java.nio.file.Files.list(Path.of("/usr/lib/jvm"))) {
            var jdk17 = java.util.regex.Pattern.compile("(?:^|\\D)17(?:\\D|$)");
            return jvms.filter(
                            jdk -> jdk17.matcher(jdk.getFileName().toString()).find())
                    .filter(jdk ->
                            java.nio.file.Files.isExecutable(jdk.resolve("bin").resolve("java")))
                    .sorted()
                    .findFirst()
                    .orElse(current);
        } catch (java.io.IOException | RuntimeException e) {
            return current;
        }
    }

    /** Starts the node and returns once it answers CQL queries. */
    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        long started = System.nanoTime();
        String classpath = LocalClasspath.of("cassandra");
        writeConfig();
        List<String> jvmOptions = new ArrayList<>(List.of(
                "-Xms512m",
                "-Xmx1g",
                "-XX:+UseG1GC",
                // Cassandra's own advice: a node out of memory may corrupt data if it keeps running.
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.net.preferIPv4Stack=true",
                "-Dcassandra-foreground=yes",
                "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
                "-Dcassandra.storagedir=" + dir,
                "-Dcassandra.logdir=" + dir.resolve("logs"),
                "-Dcassandra.triggers_dir=" + dir.resolve("triggers"),
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml").toUri(),
                // A single node has nobody to gossip with: skip the waits meant for joining a real ring.
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.ring_delay_ms=0",
                "-Dcassandra.load_ring_state=false",
                "-Dcassandra.superuser_setup_delay_ms=0"));
        jvmOptions.addAll(JDK17_OPTIONS);
        Path javaHome = javaHome();
        ChildProcess child = ChildProcess.start(
                "Cassandra",
                ChildProcess.java(
                        javaHome, classpath, jvmOptions, "org.apache.cassandra.service.CassandraDaemon", List.of()),
                logFile(),
                dir.resolve("cassandra.pid"));
        process = child;
        try {
            child.awaitReady(START_TIMEOUT, this::answersCql);
        } catch (RuntimeException e) {
            child.kill();
            process = null;
            throw e;
        }
        log.info(
                "Local Cassandra started contactPoint={} millis={} java={} log={}",
                contactPoint(),
                (System.nanoTime() - started) / 1_000_000,
                javaHome,
                logFile());
    }

    /** Stops the node gracefully (SIGTERM drains it), killing it if it takes longer than 30 s. */
    @Override
    public synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }

    /** Kills the node with SIGKILL, as a crash would; the next start replays the commit log. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /**
     * Stops the node for the JVM shutdown hook without taking the lock: a start in progress holds it for up to two
     * minutes, and then fails at once when its process dies.
     */
    void stopOnExit() {
        ChildProcess current = process;
        if (current != null) {
            current.stop(STOP_GRACE);
        }
    }

    /** Whether the process is alive; answers at once, even while a start or stop is in progress. */
    public boolean isRunning() {
        ChildProcess current = process;
        return current != null && current.isAlive();
    }

    /** {@code 127.0.0.1:port} of the native (CQL) transport. */
    public String contactPoint() {
        return "127.0.0.1:" + nativePort;
    }

    /** The node's log, where its stdout and Logback output go. */
    public Path logFile() {
        return dir.resolve("logs").resolve("system.log");
    }

    /** The node process while it runs, for tests that check nothing is left behind and for the benchmark's CPU figures. */
    public Optional<ProcessHandle> processHandle() {
        return Optional.ofNullable(process).map(ChildProcess::handle);
    }

    private boolean answersCql() {
        // A plain connect first: building a driver session against a closed port costs far more.
        if (!LocalRun.acceptsConnections(nativePort)) {
            return false;
        }
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", nativePort);
        // Schema and token metadata are what makes a session slow to open, and a probe needs neither.
        DriverConfigLoader probeConfig = DriverConfigLoader.programmaticBuilder()
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                .build();
        var builder = CqlSession.builder()
                .addContactPoint(address)
                .withLocalDatacenter(DATACENTER)
                .withConfigLoader(probeConfig);
        if (security != null) {
            // The default superuser appears a moment after the port opens: the probe waits for it too.
            builder.withSslContext(security.clientSsl()).withAuthCredentials(SUPERUSER, SUPERUSER);
        }
        try (CqlSession session = builder.build()) {
            return session.execute("SELECT release_version FROM system.local").one() != null;
        }
    }

    private String securityConfig() {
        if (security == null) {
            return """
                    authenticator: AllowAllAuthenticator
                    authorizer: AllowAllAuthorizer
                    """;
        }
        return """
                authenticator: PasswordAuthenticator
                authorizer: CassandraAuthorizer
                role_manager: CassandraRoleManager
                roles_validity: 0ms
                permissions_validity: 0ms
                credentials_validity: 0ms
                client_encryption_options:
                  enabled: true
                  optional: false
                  keystore: %s
                  keystore_password: %s
                  store_type: PKCS12
                  require_client_auth: false
                """.formatted(security.keystore(), security.password());
    }

    private void writeConfig() {
        try {
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("triggers")); // Cassandra warns every minute when it is missing
            Files.writeString(dir.resolve("cassandra.yaml"), """
                    cluster_name: kcsink-local
                    num_tokens: 1
                    partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                    endpoint_snitch: SimpleSnitch
                    seed_provider:
                      - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                        parameters:
                          - seeds: "127.0.0.1:%2$d"
                    listen_address: 127.0.0.1
                    rpc_address: 127.0.0.1
                    storage_port: %2$d
                    native_transport_port: %1$d
                    start_native_transport: true
                    auto_bootstrap: false
                    data_file_directories:
                      - %3$s/data
                    commitlog_directory: %3$s/commitlog
                    saved_caches_directory: %3$s/saved_caches
                    hints_directory: %3$s/hints
                    cdc_raw_directory: %3$s/cdc_raw
                    commitlog_sync: periodic
                    commitlog_sync_period: 10000ms
                    commitlog_segment_size: 8MiB
                    %4$s
                    """.formatted(
                            nativePort, storagePort, dir, securityConfig() + extraConfig));
            // Console output, which the watchdog appends to system.log: one file also holds JVM errors printed before
            // Logback starts, and the parent's stdout stays quiet.
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Cassandra configuration in " + dir, e);
        }
    }
}
