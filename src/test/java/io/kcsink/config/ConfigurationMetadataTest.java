package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration processor turns the Javadoc of {@link SinkProperties} into {@code sink.*} metadata, which is what
 * gives IDE completion and descriptions for the sink's properties; the route keys, which it does not describe (they are
 * elements of a list), are merged in from {@code additional-spring-configuration-metadata.json}, which is rendered from
 * {@link RouteOption}.
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
                        "sink.limits.max-depth",
                        "sink.listener-id",
                        "sink.failure-log.per-minute");
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

    @Test
    void describesEveryRouteKeyAsTheRouteOptionTableDeclaresIt() throws IOException {
        Map<String, JsonNode> properties = sinkProperties();

        List<Map<String, Object>> expected = routeMetadata();
        for (Map<String, Object> entry : expected) {
            JsonNode property = properties.get((String) entry.get("name"));
            assertThat(property).as((String) entry.get("name")).isNotNull();
            assertThat(property.path("type").asString())
                    .as(entry.get("name") + " type")
                    .isEqualTo(entry.get("type"));
            assertThat(property.path("description").asString())
                    .as(entry.get("name") + " description")
                    .isEqualTo(entry.get("description"));
            assertThat(
                            property.path("defaultValue").isMissingNode()
                                    ? null
                                    : property.path("defaultValue").asString())
                    .as(entry.get("name") + " default")
                    .isEqualTo(entry.containsKey("defaultValue") ? String.valueOf(entry.get("defaultValue")) : null);
        }
        assertThat(properties.keySet().stream().filter(name -> name.startsWith(ROUTE)))
                .as("route keys in the metadata")
                .containsExactlyInAnyOrderElementsOf(expected.stream()
                        .map(entry -> (String) entry.get("name"))
                        .toList());
        assertThat(properties.get(ROUTE + "error-policy").path("description").asString())
                .contains("dead-letter, skip, fail, or retry");
    }

    @Test
    void hintsTheValuesOfEveryRouteKeyWithFixedChoices() throws IOException {
        Map<String, JsonNode> hints = sinkHints();

        assertThat(values(hints.get(ROUTE + "error-policy"))).containsExactly("dead-letter", "skip", "fail", "retry");
        assertThat(values(hints.get(ROUTE + "value-format"))).containsExactly("json", "json-schema", "avro", "string");
        assertThat(values(hints.get(ROUTE + "write-time"))).containsExactly("none", "record-timestamp", "path:");
        assertThat(values(hints.get(ROUTE + "timestamp-units.values"))).containsExactly("s", "ms", "us", "ns");
        for (RouteOption option : RouteOption.values()) {
            if (!option.choices().isEmpty()) {
                String name = ROUTE + option.key() + (option.form() == RouteOption.Form.PER_COLUMN ? ".values" : "");
                assertThat(values(hints.get(name))).as(name).isEqualTo(option.choices());
            }
        }
        assertThat(hints.keySet().stream().filter(name -> name.startsWith(ROUTE)))
                .hasSize((int) Arrays.stream(RouteOption.values())
                        .filter(option -> !option.choices().isEmpty())
                        .count());
    }

    @Test
    void everyOptionOfTheTableIsAKeyOfARouteAndBack() {
        List<String> components = Arrays.stream(SinkProperties.Route.class.getRecordComponents())
                .map(component -> DataObjectPropertyName.toDashedForm(component.getName()))
                .toList();

        assertThat(components)
                .containsAll(RouteOption.keys())
                .containsExactlyInAnyOrderElementsOf(Stream.concat(
                                Stream.of(
                                        "name",
                                        "kcql",
                                        "topic",
                                        "topics",
                                        "topic-pattern",
                                        "table",
                                        "columns",
                                        "properties"),
                                RouteOption.keys().stream())
                        .toList());
    }

    /** The first route's key: the annotation processor does not describe the elements of a list (spring-boot#9894). */
    private static final String ROUTE = "sink.routes[0].";

    private static final Path ADDITIONAL_METADATA =
            Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");

    /**
     * The route keys of the metadata, rendered from {@link RouteOption} and the types of {@link SinkProperties.Route};
     * {@code -Dmetadata.regenerate=true} writes them to {@code additional-spring-configuration-metadata.json}.
     */
    private static List<Map<String, Object>> routeMetadata() throws IOException {
        List<Map<String, Object>> properties = new ArrayList<>();
        List<Map<String, Object>> hints = new ArrayList<>();
        for (RouteOption option : RouteOption.values()) {
            Map<String, Object> property = new LinkedHashMap<>();
            property.put("name", ROUTE + option.key());
            property.put("type", componentType(option.key()));
            property.put("description", option.description());
            if (option.defaultValue() != null) {
                property.put("defaultValue", option.defaultValue());
            }
            properties.add(property);
            if (!option.choices().isEmpty()) {
                Map<String, Object> hint = new LinkedHashMap<>();
                hint.put(
                        "name", ROUTE + option.key() + (option.form() == RouteOption.Form.PER_COLUMN ? ".values" : ""));
                hint.put(
                        "values",
                        option.choices().stream()
                                .map(value -> Map.of("value", value))
                                .toList());
                hints.add(hint);
            }
        }
        if (Boolean.getBoolean("metadata.regenerate")) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("properties", properties);
            file.put("hints", hints);
            Files.writeString(
                    ADDITIONAL_METADATA,
                    JsonMapper.builder()
                                    .build()
                                    .writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(file) + "\n");
        }
        return properties;
    }

    private static String componentType(String key) {
        return Arrays.stream(SinkProperties.Route.class.getRecordComponents())
                .filter(component ->
                        DataObjectPropertyName.toDashedForm(component.getName()).equals(key))
                .map(component -> component.getGenericType().getTypeName().replace(" ", ""))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> values(JsonNode hint) {
        assertThat(hint).isNotNull();
        List<String> values = new ArrayList<>();
        hint.path("values").forEach(value -> values.add(value.path("value").asString()));
        return values;
    }

    private static Map<String, JsonNode> sinkHints() throws IOException {
        Map<String, JsonNode> sink = new HashMap<>();
        for (JsonNode file : metadataFiles()) {
            for (JsonNode hint : file.path("hints")) {
                String name = hint.path("name").asString();
                if (name.startsWith("sink.")) {
                    sink.put(name, hint);
                }
            }
        }
        return sink;
    }

    private static List<JsonNode> metadataFiles() throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        List<URL> files = Collections.list(ConfigurationMetadataTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"));
        for (URL file : files) {
            try (InputStream in = file.openStream()) {
                nodes.add(JsonMapper.builder().build().readTree(in));
            }
        }
        return nodes;
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
