package io.kcsink.local;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;

/**
 * The Kafka broker and Cassandra node shared by everything in this JVM: integration tests, the local run and
 * benchmarks. Started on first use, stopped when the JVM exits. When {@code KAFKA_BOOTSTRAP_SERVERS} or
 * {@code CASSANDRA_CONTACT_POINTS} is set, that existing cluster is used instead of a local process.
 *
 * <p>An integration test declares it as a Testcontainers {@code @Container} field (through
 * {@link TestInfrastructure#selected()}), and the extension starts it before the class; see {@link TestInfrastructure}
 * for why {@link #stop()} leaves it running.
 */
public final class LocalInfrastructure implements TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private static @Nullable LocalInfrastructure instance;

    private final @Nullable LocalKafka kafka;
    private final @Nullable LocalCassandra cassandra;
    private final String kafkaBootstrapServers;
    private final String cassandraContactPoint;
    private final String cassandraLocalDatacenter;
    private final StartOnce once = new StartOnce("local infrastructure", this::close);

    private LocalInfrastructure(
            @Nullable LocalKafka kafka,
            @Nullable LocalCassandra cassandra,
            String kafkaBootstrapServers,
            String cassandraContactPoint,
            String cassandraLocalDatacenter) {
        this.kafka = kafka;
        this.cassandra = cassandra;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.cassandraContactPoint = cassandraContactPoint;
        this.cassandraLocalDatacenter = cassandraLocalDatacenter;
    }

    /** The JVM-wide instance, started: both products start in parallel on the first call, then it is reused. */
    public static LocalInfrastructure shared() {
        LocalInfrastructure infrastructure = instance();
        infrastructure.start();
        return infrastructure;
    }

    /** The JVM-wide instance, created on the first call with its ports chosen, and not started. */
    static synchronized LocalInfrastructure instance() {
        if (instance == null) {
            instance = fromEnvironment();
        }
        return instance;
    }

    private static LocalInfrastructure fromEnvironment() {
        String externalKafka = env("KAFKA_BOOTSTRAP_SERVERS");
        String externalCassandra = env("CASSANDRA_CONTACT_POINTS");
        String externalDatacenter = env("CASSANDRA_LOCAL_DATACENTER");
        LocalKafka kafka = externalKafka == null ? LocalKafka.create() : null;
        LocalCassandra cassandra = externalCassandra == null ? LocalCassandra.create() : null;
        return new LocalInfrastructure(
                kafka,
                cassandra,
                kafka != null ? kafka.bootstrapServers() : externalKafka,
                cassandra != null ? cassandra.contactPoint() : externalCassandra,
                cassandra == null && externalDatacenter != null ? externalDatacenter : LocalCassandra.DATACENTER);
    }

    /**
     * Starts the local broker and node in parallel on the first call; later calls return at once, even when a test has
     * stopped one of them on purpose.
     */
    @Override
    public void start() {
        once.start(this::startBoth);
    }

    private void startBoth() {
        long started = System.nanoTime();
        List<Startable> local = Stream.of(kafka, cassandra)
                .filter(Objects::nonNull)
                .map(Startable.class::cast)
                .toList();
        try {
            // Each on a thread of its own (Testcontainers' lifecycle pool), so both start at once even on 2 cores.
            Startables.deepStart(local).join();
        } catch (CompletionException e) {
            close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        log.info(
                "Local infrastructure ready kafka={} cassandra={} millis={}",
                kafkaBootstrapServers,
                cassandraContactPoint,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Leaves the broker and node running for the test classes after this one; the shutdown hook stops them. */
    @Override
    public void stop() {
        // Shared by every test class of this JVM.
    }

    /**
     * Runs a stop on a thread of its own: the common pool has a single thread on a 2-core machine, which would handle
     * the two products one after the other.
     */
    private static CompletableFuture<Void> inParallel(@Nullable Runnable action) {
        if (action == null) {
            return CompletableFuture.completedFuture(null);
        }
        Executor ownThread = task -> {
            Thread thread = new Thread(task, "local-infrastructure");
            thread.setDaemon(true);
            thread.start();
        };
        return CompletableFuture.runAsync(action, ownThread);
    }

    private static @Nullable String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    @Override
    public String cassandraContactPoint() {
        return cassandraContactPoint;
    }

    @Override
    public String cassandraLocalDatacenter() {
        return cassandraLocalDatacenter;
    }

    /** The local broker, for fault tests that stop or kill it; fails when an external cluster is used. */
    public LocalKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException(
                    "Kafka is external (KAFKA_BOOTSTRAP_SERVERS is set); it cannot be controlled");
        }
        return kafka;
    }

    /** The local node, for fault tests that stop or kill it; fails when an external cluster is used. */
    public LocalCassandra cassandra() {
        if (cassandra == null) {
            throw new IllegalStateException(
                    "Cassandra is external (CASSANDRA_CONTACT_POINTS is set); it cannot be controlled");
        }
        return cassandra;
    }

    /** Stops both in parallel: each graceful stop can take seconds, and JVM exit waits for this hook. */
    @Override
    public void close() {
        CompletableFuture.allOf(
                        inParallel(kafka != null ? kafka::stopOnExit : null),
                        inParallel(cassandra != null ? cassandra::stopOnExit : null))
                .exceptionally(e -> {
                    log.warn("Stopping the local infrastructure failed", e);
                    return null;
                })
                .join();
    }
}
