package io.kcsink.local;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;
import org.testcontainers.cassandra.CassandraContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and Cassandra from Testcontainers' modules, for machines with Docker: {@code -Dsink.it.infrastructure=
 * testcontainers}. Shared by the test classes of the JVM like the local processes are; Testcontainers' Ryuk removes
 * the containers if the JVM dies before its shutdown hook runs.
 */
final class ContainerInfrastructure implements TestInfrastructure {

    private final DockerImageName kafkaImage;
    private final DockerImageName cassandraImage;
    private final KafkaContainer kafka;
    private final CassandraContainer cassandra;
    private final StartOnce once = new StartOnce("Testcontainers infrastructure", this::close);

    ContainerInfrastructure(DockerImageName kafkaImage, DockerImageName cassandraImage) {
        this.kafkaImage = kafkaImage;
        this.cassandraImage = cassandraImage;
        kafka = new KafkaContainer(kafkaImage);
        cassandra = new CassandraContainer(cassandraImage);
    }

    @Override
    public void start() {
        once.start(() -> {
            try {
                Startables.deepStart(kafka, cassandra).join();
            } catch (CompletionException e) {
                close();
                // Testcontainers' own cause ("Could not find a valid Docker environment", say), not its wrapper.
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        });
    }

    @Override
    public void stop() {
        // Shared: the shutdown hook stops the containers.
    }

    @Override
    public void close() {
        kafka.stop();
        cassandra.stop();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String cassandraContactPoint() {
        InetSocketAddress contactPoint = cassandra.getContactPoint();
        return contactPoint.getHostString() + ":" + contactPoint.getPort();
    }

    @Override
    public String cassandraLocalDatacenter() {
        return cassandra.getLocalDatacenter();
    }

    DockerImageName kafkaImage() {
        return kafkaImage;
    }

    DockerImageName cassandraImage() {
        return cassandraImage;
    }
}
