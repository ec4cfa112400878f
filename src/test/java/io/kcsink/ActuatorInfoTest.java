package io.kcsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.info.InfoContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code /actuator/info} tells which build is running: the build writes {@code META-INF/build-info.properties}
 * (spring-boot-maven-plugin's {@code build-info} goal) and Spring Boot's info contributors publish it.
 */
class ActuatorInfoTest {

    @Test
    void infoShowsTheArtifactAndVersionOfTheBuild() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ProjectInfoAutoConfiguration.class,
                        InfoContributorAutoConfiguration.class,
                        InfoEndpointAutoConfiguration.class))
                // As the service's application.yml exposes it.
                .withPropertyValues("management.endpoints.web.exposure.include=health,info,prometheus,sink")
                .run(context -> {
                    Map<String, Object> info =
                            context.getBean(InfoEndpoint.class).info();

                    assertThat(info).containsKey("build");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> build = (Map<String, Object>) info.get("build");
                    assertThat(build)
                            .containsEntry("artifact", "kafka-cassandra-sink")
                            .containsEntry("group", "io.kcsink")
                            .containsKey("time");
                    assertThat((String) build.get("version")).matches("\\d+\\.\\d+\\.\\d+.*");
                });
    }
}
