package io.kcsink.local;

import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.testcontainers.utility.DockerImageName;

/**
 * Chooses the infrastructure of the integration tests from system properties: {@value #PROPERTY} is {@code local}
 * (the default: Kafka and Cassandra as child processes of this JVM) or {@code testcontainers} (Kafka and Cassandra in
 * Docker, from the images {@value #KAFKA_IMAGE} and {@value #CASSANDRA_IMAGE}, which Failsafe sets to the versions the
 * local processes run).
 */
public final class InfrastructureSwitch {

    public static final String PROPERTY = "sink.it.infrastructure";
    static final String KAFKA_IMAGE = "sink.it.kafka-image";
    static final String CASSANDRA_IMAGE = "sink.it.cassandra-image";

    private static @Nullable TestInfrastructure selected;

    private InfrastructureSwitch() {}

    /** The JVM-wide choice, created on the first call and not started. */
    static synchronized TestInfrastructure selected() {
        if (selected == null) {
            selected = select(System::getProperty);
        }
        return selected;
    }

    /** The infrastructure the properties name, created but not started. */
    static TestInfrastructure select(Function<String, @Nullable String> properties) {
        String choice = properties.apply(PROPERTY);
        String kind =
                choice == null || choice.isBlank() ? "local" : choice.trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "local" -> LocalInfrastructure.instance();
            case "testcontainers" ->
                new ContainerInfrastructure(image(properties, KAFKA_IMAGE), image(properties, CASSANDRA_IMAGE));
            default ->
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + choice
                        + " is not an infrastructure: use local (the default) or testcontainers");
        };
    }

    private static DockerImageName image(Function<String, @Nullable String> properties, String property) {
        String image = properties.apply(property);
        if (image == null || image.isBlank()) {
            throw new IllegalStateException("-D" + PROPERTY + "=testcontainers needs -D" + property
                    + "; Failsafe sets it, so run the integration tests through Maven or pass it yourself");
        }
        return DockerImageName.parse(image.trim());
    }
}
