package io.kcsink.local;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.lifecycle.Startable;

/**
 * The Kafka and Cassandra that integration tests run against, as the tests see them: where to reach them. One instance
 * is shared by every test class of the JVM, which declares it as a Testcontainers {@code @Container} field:
 * {@link #start()} starts it on the first call and returns at once after that; {@link #stop()}, which the extension
 * calls after each class, leaves it running for the classes that follow; {@link #close()}, which a JVM shutdown hook
 * calls, stops it.
 */
public interface TestInfrastructure extends Startable {

    /**
     * The JVM-wide infrastructure that {@code -Dsink.it.infrastructure} selects ({@code local}, the default, or
     * {@code testcontainers}), not started yet: an integration test holds it in a {@code @Container} field, and the
     * extension starts it.
     */
    static TestInfrastructure selected() {
        return InfrastructureSwitch.selected();
    }

    /** {@code host:port} of the Kafka broker(s), comma-separated. */
    String kafkaBootstrapServers();

    /** {@code host:port} of the Cassandra node; comma-separated when an external cluster lists several. */
    String cassandraContactPoint();

    String cassandraLocalDatacenter();

    /** Spring Boot's own connection properties pointing at this infrastructure. */
    default Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        properties.put("spring.cassandra.contact-points", cassandraContactPoint());
        properties.put("spring.cassandra.local-datacenter", cassandraLocalDatacenter());
        return Collections.unmodifiableMap(properties);
    }

    /** Leaves the shared infrastructure running: the test classes after this one use it too. */
    @Override
    void stop();

    /** Stops the infrastructure; the JVM shutdown hook calls this once every test class is done. */
    @Override
    void close();
}
