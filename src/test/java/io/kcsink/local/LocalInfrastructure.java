package io.kcsink.local;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker and Cassandra node shared by everything in this JVM: integration tests, the local run and
 * benchmarks. Started on first use, stopped when the JVM exits. When {@code KAFKA_BOOTSTRAP_SERVERS} or
 * {@code CASSANDRA_CONTACT_POINTS} is set, that existing cluster is used instead of a local process.
 *
 * <p>A Spring Boot integration test registers {@link #springProperties()} from a {@code @DynamicPropertySource}
 * method: {@code shared().springProperties().forEach((name, value) -> registry.add(name, () -> value))}.
 */
public final class LocalInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private static @Nullable LocalInfrastructure shared;
    private static @Nullable RuntimeException startFailure;

    private final @Nullable LocalKafka kafka;
    private final @Nullable LocalCassandra cassandra;
    private final String kafkaBootstrapServers;
    private final String cassandraContactPoint;
    private final String cassandraLocalDatacenter;

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

    /** The JVM-wide instance: both products started in parallel on the first call, then reused. */
    public static synchronized LocalInfrastructure shared() {
        if (startFailure != null) {
            // Every later test would wait out the same timeouts; fail them at once with the original cause.
            throw new IllegalStateException("The local infrastructure failed to start earlier", startFailure);
        }
        if (shared == null) {
            try {
                shared = startFromEnvironment();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return shared;
    }

    private static LocalInfrastructure startFromEnvironment() {
        String externalKafka = env("KAFKA_BOOTSTRAP_SERVERS");
        String externalCassandra = env("CASSANDRA_CONTACT_POINTS");
        String externalDatacenter = env("CASSANDRA_LOCAL_DATACENTER");
        LocalKafka kafka = externalKafka == null ? LocalKafka.create() : null;
        LocalCassandra cassandra = externalCassandra == null ? LocalCassandra.create() : null;
        LocalInfrastructure infrastructure = new LocalInfrastructure(
                kafka,
                cassandra,
                kafka != null ? kafka.bootstrapServers() : externalKafka,
                cassandra != null ? cassandra.contactPoint() : externalCassandra,
                cassandra == null && externalDatacenter != null ? externalDatacenter : LocalCassandra.DATACENTER);
        // Registered before starting, so a half-started pair is stopped too.
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stopAll, "local-infrastructure-stop"));
        long started = System.nanoTime();
        try {
            CompletableFuture.allOf(
                            inParallel(kafka != null ? kafka::start : null),
                            inParallel(cassandra != null ? cassandra::start : null))
                    .join();
        } catch (CompletionException e) {
            infrastructure.stopAll();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        log.info(
                "Local infrastructure ready kafka={} cassandra={} millis={}",
                infrastructure.kafkaBootstrapServers,
                infrastructure.cassandraContactPoint,
                (System.nanoTime() - started) / 1_000_000);
        return infrastructure;
    }

    /**
     * Runs a start or stop on a thread of its own: the common pool has a single thread on a 2-core machine, which would
     * handle the two products one after the other.
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

    /** {@code host:port} of the Kafka broker(s), comma-separated. */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** {@code host:port} of the Cassandra node; comma-separated when an external cluster lists several. */
    public String cassandraContactPoint() {
        return cassandraContactPoint;
    }

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

    /** Spring Boot's own connection properties pointing at this infrastructure. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        properties.put("spring.cassandra.contact-points", cassandraContactPoint);
        properties.put("spring.cassandra.local-datacenter", cassandraLocalDatacenter);
        return Collections.unmodifiableMap(properties);
    }

    /** Stops both in parallel: each graceful stop can take seconds, and JVM exit waits for this hook. */
    private void stopAll() {
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
