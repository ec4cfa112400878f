package io.kcsink.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** Which infrastructure {@code -Dsink.it.infrastructure} selects, created without starting anything (nor Docker). */
class InfrastructureSwitchTest {

    @Test
    void selectsTheSharedLocalProcessesByDefaultWithoutStartingThem() {
        TestInfrastructure selected = InfrastructureSwitch.select(Map.<String, String>of()::get);

        assertThat(selected).isSameAs(LocalInfrastructure.instance());
        assertThat(InfrastructureSwitch.select(Map.of(InfrastructureSwitch.PROPERTY, "local")::get))
                .isSameAs(selected);
        if (System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null) {
            assertThat(((LocalInfrastructure) selected).kafka().isRunning()).isFalse();
        }
    }

    @Test
    void selectsTestcontainersKafkaAndCassandraFromTheImagesFailsafeSets() {
        TestInfrastructure selected = InfrastructureSwitch.select(Map.of(
                InfrastructureSwitch.PROPERTY, " TestContainers ",
                InfrastructureSwitch.KAFKA_IMAGE, "apache/kafka:4.1.2",
                InfrastructureSwitch.CASSANDRA_IMAGE, "cassandra:5.0.6")::get);

        assertThat(selected).isInstanceOfSatisfying(ContainerInfrastructure.class, containers -> {
            assertThat(containers.kafkaImage()).isEqualTo(DockerImageName.parse("apache/kafka:4.1.2"));
            assertThat(containers.cassandraImage()).isEqualTo(DockerImageName.parse("cassandra:5.0.6"));
        });
    }

    @Test
    void testcontainersWithoutAnImageNamesTheMissingProperty() {
        assertThatThrownBy(() -> InfrastructureSwitch.select(Map.of(
                        InfrastructureSwitch.PROPERTY, "testcontainers",
                        InfrastructureSwitch.KAFKA_IMAGE, "apache/kafka:4.1.2")::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Dsink.it.cassandra-image");
    }

    @Test
    void refusesAnUnknownInfrastructureNamingTheChoices() {
        assertThatThrownBy(() -> InfrastructureSwitch.select(Map.of(InfrastructureSwitch.PROPERTY, "docker")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dsink.it.infrastructure=docker is not an infrastructure: use local (the default) or "
                        + "testcontainers");
    }
}
