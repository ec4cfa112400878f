package io.kcsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The image built by the Dockerfile agrees with the service's defaults and with the Helm chart. */
class DockerfileTest {

    private final List<String> dockerfile = lines(Path.of("Dockerfile"));

    @Test
    void exposesThePortTheActuatorListensOnByDefault() throws IOException {
        Map<String, Object> defaults = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));

        // Neither server.port nor management.server.port is set, so the Actuator shares Spring Boot's 8080; the Helm
        // chart moves it to its management.port with management.server.port.
        assertThat(defaults).doesNotContainKey("server");
        @SuppressWarnings("unchecked")
        Map<String, Object> management = (Map<String, Object>) defaults.get("management");
        assertThat(management).doesNotContainKey("server");
        assertThat(instructions("EXPOSE")).containsExactly("8080");
    }

    @Test
    void runsAsTheNonRootUserTheChartDeclares() throws IOException {
        Map<String, Object> values =
                new Yaml().load(Files.readString(Path.of("helm/kafka-cassandra-sink/values.yaml")));
        Map<?, ?> pod = (Map<?, ?>) values.get("podSecurityContext");

        assertThat(instructions("USER")).containsExactly(pod.get("runAsUser") + ":" + pod.get("runAsGroup"));
        assertThat(pod.get("runAsNonRoot")).isEqualTo(true);
    }

    private List<String> instructions(String keyword) {
        return dockerfile.stream()
                .filter(line -> line.startsWith(keyword + " "))
                .map(line -> line.substring(keyword.length() + 1).strip())
                .toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot read " + file, ex);
        }
    }
}
