package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration processor turns the Javadoc of {@link SinkProperties} into {@code sink.*} metadata, which is what
 * gives IDE completion and descriptions for the sink's properties.
 */
class ConfigurationMetadataTest {

    @Test
    void describesEverySinkProperty() throws IOException {
        Map<String, JsonNode> properties = sinkProperties();

        assertThat(properties)
                .containsKeys(
                        "sink.routes",
                        "sink.write.max-in-flight",
                        "sink.retry.initial-interval",
                        "sink.retry.max-attempts",
                        "sink.dead-letter.stack-trace",
                        "sink.dead-letter.send-timeout",
                        "sink.schema-registry.username",
                        "sink.schema-registry.password",
                        "sink.schema-registry.bearer-token",
                        "sink.schema-registry.ssl-bundle",
                        "sink.schema-registry.cache-size",
                        "sink.schema-registry.missing-id-ttl",
                        "sink.schema-registry.timeout",
                        "sink.limits.max-string-size",
                        "sink.limits.max-collection-items",
                        "sink.limits.max-depth");
        assertThat(properties.get("sink.routes").path("description").asString())
                .contains("KCQL")
                .contains("structured form");
        assertThat(properties.get("sink.routes").path("type").asString())
                .isEqualTo("java.util.List<io.kcsink.config.SinkProperties$Route>");
        properties.forEach((name, property) ->
                assertThat(property.path("description").asString()).as(name).isNotBlank());
        assertThat(properties
                        .get("sink.write.max-in-flight")
                        .path("defaultValue")
                        .asInt())
                .isEqualTo(512);
        assertThat(properties
                        .get("sink.schema-registry.cache-size")
                        .path("defaultValue")
                        .asInt())
                .isEqualTo(1000);
        assertThat(properties
                        .get("sink.schema-registry.missing-id-ttl")
                        .path("defaultValue")
                        .asString())
                .isEqualTo("30s");
        assertThat(properties
                        .get("sink.limits.max-string-size")
                        .path("defaultValue")
                        .asString())
                .isEqualTo("16MB");
        assertThat(properties
                        .get("sink.schema-registry.ssl-bundle")
                        .path("description")
                        .asString())
                .contains("spring.ssl.bundle");
    }

    private static Map<String, JsonNode> sinkProperties() throws IOException {
        Map<String, JsonNode> sink = new HashMap<>();
        List<URL> files = Collections.list(ConfigurationMetadataTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"));
        for (URL file : files) {
            try (InputStream in = file.openStream()) {
                for (JsonNode property :
                        JsonMapper.builder().build().readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("sink.")) {
                        sink.put(name, property);
                    }
                }
            }
        }
        return sink;
    }
}
