package io.kcsink.migrate;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kafka Connect connector's configuration, every setting as text: read from the Connect REST form
 * ({@code {"name": ..., "config": {...}}}), the bare config map, or a {@code .properties} file.
 *
 * @param name the connector's name, which Connect's consumer group is named after; null when the file has none
 * @param settings every setting but {@code name}, sorted by key
 */
record ConnectorConfig(@Nullable String name, Map<String, String> settings) {

    ConnectorConfig {
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    static ConnectorConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new MigrationException("cannot read " + file + ": " + ex, ex);
        }
        return parse(text, file.getFileName().toString());
    }

    /** Reads JSON when the text starts with '{', else Java properties. */
    static ConnectorConfig parse(String text, String fileName) {
        Map<String, String> settings = text.strip().startsWith("{") ? json(text, fileName) : properties(text, fileName);
        String name = settings.remove("name");
        if (settings.isEmpty()) {
            throw new MigrationException(fileName + " holds no connector settings");
        }
        return new ConnectorConfig(name == null || name.isBlank() ? null : name.strip(), settings);
    }

    private static Map<String, String> json(String text, String fileName) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(text);
        } catch (JacksonException ex) {
            throw new MigrationException(fileName + " is not valid JSON: " + ex.getOriginalMessage(), ex);
        }
        if (!root.isObject()) {
            throw new MigrationException(fileName + " is not a JSON object: give the connector's configuration as"
                    + " {\"name\": ..., \"config\": {...}} or as its config map");
        }
        JsonNode config = root.get("config");
        Map<String, String> settings = new TreeMap<>();
        if (config != null && config.isObject()) {
            JsonNode name = root.get("name");
            if (name != null && name.isValueNode()) {
                settings.put("name", name.asString());
            }
            collect(config, settings, fileName);
        } else {
            collect(root, settings, fileName);
        }
        return settings;
    }

    private static void collect(JsonNode object, Map<String, String> settings, String fileName) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                throw new MigrationException(fileName + ": the setting '" + entry.getKey()
                        + "' is not a string, number or boolean; Kafka Connect settings are text");
            }
            settings.put(entry.getKey(), value.asString());
        }
    }

    private static Map<String, String> properties(String text, String fileName) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException ex) {
            throw new MigrationException(fileName + " is neither JSON nor Java properties: " + ex.getMessage(), ex);
        }
        Map<String, String> settings = new TreeMap<>();
        properties
                .stringPropertyNames()
                .forEach(key -> settings.put(key, properties.getProperty(key).strip()));
        return settings;
    }
}
