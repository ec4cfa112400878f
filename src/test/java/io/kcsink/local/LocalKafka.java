package io.kcsink.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.lifecycle.Startable;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) run as a child JVM, and a Testcontainers
 * {@link Startable} like a container is. Its ports and data stay the same across {@link #stop()}/{@link #kill()} and
 * {@link #start()}, so fault tests can restart it mid-stream.
 */
public final class LocalKafka implements Startable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private final @Nullable Listeners extraListeners;
    // Volatile so the shutdown hook can read it without the lock that a start in progress holds.
    private volatile @Nullable ChildProcess process;

    private LocalKafka(Path dir, int brokerPort, int controllerPort, @Nullable Listeners extraListeners) {
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.extraListeners = extraListeners;
    }

    /** A broker in this JVM's run directory on two free ports, not started yet. */
    static LocalKafka create() {
        return new LocalKafka(LocalRun.runDir().resolve("kafka"), LocalRun.freePort(), LocalRun.freePort(), null);
    }

    /**
     * A broker in {@code dir} with listeners beyond PLAINTEXT (whose principal, {@code ANONYMOUS}, the extra
     * configuration may make a super user for the tests' own clients): secured listeners, an authorizer, SCRAM users.
     */
    static LocalKafka create(Path dir, Listeners extraListeners) {
        return new LocalKafka(dir, LocalRun.freePort(), LocalRun.freePort(), extraListeners);
    }

    /**
     * Listeners added to the PLAINTEXT and CONTROLLER ones, with the configuration they need and the arguments given to
     * the storage format (SCRAM credentials are created there, before the broker first starts).
     *
     * @param listeners {@code NAME://127.0.0.1:port} entries, listed and advertised
     * @param protocols {@code NAME:PROTOCOL} entries of the security protocol map
     * @param config further broker properties, one per line
     * @param formatArguments extra arguments of {@code kafka-storage format}
     */
    record Listeners(List<String> listeners, List<String> protocols, String config, List<String> formatArguments) {}

    /** Starts the broker, formatting its storage on first start, and returns once it serves clients. */
    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        long started = System.nanoTime();
        String classpath = LocalClasspath.of("kafka");
        Path config = writeConfig();
        List<String> jvmOptions = List.of(
                "-Xms256m",
                "-Xmx1g",
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.xml").toUri());
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            // KRaft refuses to start on unformatted storage; formatting once keeps data across restarts.
            ChildProcess.runToCompletion(
                    "Kafka storage format",
                    ChildProcess.java(classpath, jvmOptions, "kafka.tools.StorageTool", formatArguments(config)),
                    logFile(),
                    Duration.ofSeconds(60));
        }
        ChildProcess child = ChildProcess.start(
                "Kafka",
                ChildProcess.java(classpath, jvmOptions, "kafka.Kafka", List.of(config.toString())),
                logFile(),
                dir.resolve("kafka.pid"));
        process = child;
        try {
            // The port first: an admin client polling a closed port logs a warning on every attempt.
            child.awaitReady(START_TIMEOUT, () -> LocalRun.acceptsConnections(brokerPort));
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250))) {
                child.awaitReady(
                        START_TIMEOUT,
                        () -> !admin.describeCluster()
                                .nodes()
                                .get(3, TimeUnit.SECONDS)
                                .isEmpty());
            }
        } catch (RuntimeException e) {
            child.kill();
            process = null;
            throw e;
        }
        log.info(
                "Local Kafka started bootstrapServers={} millis={} log={}",
                bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000,
                logFile());
    }

    /** Stops the broker gracefully (SIGTERM), killing it if it takes longer than 30 s. */
    @Override
    public synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }

    /** Kills the broker with SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /**
     * Stops the broker for the JVM shutdown hook without taking the lock: a start in progress holds it for up to two
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

    /** {@code 127.0.0.1:port} of the PLAINTEXT listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The broker's log, where its stdout and Log4j output go. */
    public Path logFile() {
        return dir.resolve("kafka.log");
    }

    /** The broker process while it runs, for tests that check nothing is left behind and for the benchmark's CPU figures. */
    public Optional<ProcessHandle> processHandle() {
        return Optional.ofNullable(process).map(ChildProcess::handle);
    }

    private List<String> formatArguments(Path config) {
        List<String> arguments = new java.util.ArrayList<>(
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        if (extraListeners != null) {
            arguments.addAll(extraListeners.formatArguments());
        }
        return arguments;
    }

    private Path writeConfig() {
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%2$d
                    listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d%4$s
                    advertised.listeners=PLAINTEXT://127.0.0.1:%1$d%4$s
                    controller.listener.names=CONTROLLER
                    inter.broker.listener.name=PLAINTEXT
                    listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT%5$s
                    log.dirs=%3$s
                    num.partitions=1
                    auto.create.topics.enable=true
                    group.initial.rebalance.delay.ms=0
                    offsets.topic.replication.factor=1
                    # Fewer than the default 50 partitions: the first consumer group then joins in a moment.
                    offsets.topic.num.partitions=5
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    num.network.threads=2
                    num.io.threads=4
                    %6$s
                    """.formatted(
                            brokerPort,
                            controllerPort,
                            dir.resolve("data"),
                            extraListeners == null ? "" : "," + String.join(",", extraListeners.listeners()),
                            extraListeners == null ? "" : "," + String.join(",", extraListeners.protocols()),
                            extraListeners == null ? "" : extraListeners.config()));
            // Console output, which the watchdog appends to kafka.log: one file also holds JVM errors printed before
            // Log4j starts.
            Files.writeString(dir.resolve("log4j2.xml"), """
                    <Configuration status="WARN">
                      <Appenders>
                        <Console name="out" target="SYSTEM_OUT">
                          <PatternLayout pattern="[%d] %p %m (%c)%n"/>
                        </Console>
                      </Appenders>
                      <Loggers>
                        <Logger name="kafka.log" level="WARN"/>
                        <Logger name="org.apache.kafka.storage" level="WARN"/>
                        <Logger name="state.change.logger" level="WARN"/>
                        <Root level="INFO"><AppenderRef ref="out"/></Root>
                      </Loggers>
                    </Configuration>
                    """);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Kafka configuration in " + dir, e);
        }
    }
}
