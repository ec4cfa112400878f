package io.kcsink.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings that Kafka Connect itself reads for any sink connector: its name (and so its consumer group),
 * {@code tasks.max}, {@code topics}, the converters, {@code errors.*}, {@code consumer.override.*} and transforms.
 */
final class ConnectSettings {

    private static final String KAFKA_PROPERTIES = "spring.kafka.properties";

    private final Settings settings;
    private final YamlTree yaml;
    private final Values values;
    private final Notes notes;
    private final SslBundles bundles;

    ConnectSettings(Settings settings, YamlTree yaml, Values values, Notes notes) {
        this.settings = settings;
        this.yaml = yaml;
        this.values = values;
        this.notes = notes;
        this.bundles = new SslBundles(yaml, values);
    }

    /** The consumer group, concurrency, Kafka client overrides and what Connect does that the service does not. */
    void translate(@Nullable String name) {
        settings.take("connector.class");
        consumerOverrides();
        if (!yaml.has("spring.kafka.consumer.group-id")) {
            if (name != null) {
                yaml.put("spring.kafka.consumer.group-id", "connect-" + name);
                notes.add(
                        "spring.kafka.consumer.group-id",
                        "connect-" + name + ", the connector's consumer group, so that the service goes on from"
                                + " the offsets the connector committed: delete the connector before the service"
                                + " starts, or both will share the topics' partitions");
            } else {
                notes.add(
                        "name",
                        "missing, so the connector's consumer group (connect-<name>) is unknown: set"
                                + " spring.kafka.consumer.group-id to it to go on from its committed offsets");
            }
        }
        String tasks = settings.take("tasks.max");
        if (tasks != null) {
            yaml.put("spring.kafka.listener.concurrency", integer("tasks.max", tasks));
        }
        if (!yaml.has("spring.kafka.bootstrap-servers")) {
            notes.add(
                    "spring.kafka.bootstrap-servers",
                    "a connector's configuration does not name its Kafka cluster (the Connect worker's"
                            + " bootstrap.servers and consumer.* security settings do): set it, with"
                            + " spring.kafka.security.* as in docs/security.md if the cluster is secured");
        }
        for (String key : settings.keys(key -> key.startsWith("transforms") || key.startsWith("predicates"))) {
            settings.take(key);
            if (key.equals("transforms") || key.equals("predicates")) {
                notes.add(key, "single message transforms are not supported: map the fields in the routes instead");
            }
        }
    }

    /** The topics the connector subscribes to by name. */
    List<String> topics() {
        String topics = settings.take("topics");
        List<String> names = new ArrayList<>();
        if (topics != null) {
            for (String topic : topics.split(",")) {
                if (!topic.isBlank()) {
                    names.add(topic.strip());
                }
            }
        }
        return names;
    }

    @Nullable
    String topicsRegex() {
        return settings.take("topics.regex");
    }

    /** How the routes read keys and values, from the connector's converters. */
    Map<String, String> formats(boolean readsKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        String value = converter("value.converter", properties, false);
        if (!readsKey) {
            // Routes that read no key never decode one: the key converter does not matter to them.
            settings.keys(key -> key.startsWith("key.converter")).forEach(settings::take);
        } else {
            String key = converter("key.converter", properties, true);
            if (key != null) {
                properties.put("key-format", key);
            }
        }
        if (value != null) {
            properties.put("value-format", value);
        }
        return properties;
    }

    /** Connect's {@code errors.*}, with the connector's own handling of records it cannot map or write. */
    ErrorHandling errors(ErrorHandling.ConnectorErrors connector, String connectorSetting) {
        String tolerance = settings.take("errors.tolerance", "none").toLowerCase(Locale.ROOT);
        String topic = settings.take("errors.deadletterqueue.topic.name");
        for (String key : settings.keys(key -> key.startsWith("errors."))) {
            settings.take(key);
            notes.add(
                    key,
                    "Kafka Connect's own error reporting: not translated; the service logs and reports failed"
                            + " records its own way (README, Delivery guarantees and errors)");
        }
        return new ErrorHandling(tolerance.equals("all"), topic, connector, connectorSetting);
    }

    /** Notes for every setting nothing took. */
    void noteTheRest() {
        for (String key : settings.left()) {
            notes.add(key, "not a setting this migration knows: not translated");
        }
    }

    private @Nullable String converter(String prefix, Map<String, String> properties, boolean key) {
        String converter = settings.take(prefix);
        if (converter == null) {
            notes.add(
                    prefix,
                    "not in the connector's configuration, so the Connect worker's applied; the service reads "
                            + (key
                                    ? "keys as JSON or text (key-format auto)"
                                    : "values as plain JSON (value-format json): with the worker's JsonConverter"
                                            + " and schemas.enable=true (its default), set value-format json-schema"));
            return null;
        }
        boolean schemas = Boolean.parseBoolean(settings.take(prefix + ".schemas.enable", "true"));
        String format = switch (converter) {
            case "org.apache.kafka.connect.json.JsonConverter" -> schemas ? "json-schema" : "json";
            case "io.confluent.connect.avro.AvroConverter", "io.apicurio.registry.utils.converter.AvroConverter" ->
                "avro";
            case "org.apache.kafka.connect.storage.StringConverter" -> "string";
            case "org.apache.kafka.connect.converters.LongConverter" -> key ? "long" : null;
            case "org.apache.kafka.connect.converters.IntegerConverter" -> key ? "int" : null;
            default -> null;
        };
        if (format == null) {
            notes.add(prefix, converter + " has no equivalent: the service reads JSON, Connect JSON, Avro and text");
            return null;
        }
        if (format.equals("avro")) {
            registry(prefix, properties);
        }
        return format;
    }

    private void registry(String prefix, Map<String, String> properties) {
        String url = settings.take(prefix + ".schema.registry.url");
        if (url == null) {
            notes.add(prefix, "Avro without " + prefix + ".schema.registry.url: set schema-registry-url on the routes");
            return;
        }
        String first = url.split(",")[0].strip();
        if (!first.equals(url)) {
            notes.add(prefix + ".schema.registry.url", "the service asks one registry URL: kept " + first);
        }
        properties.putIfAbsent(
                "schema-registry-url", values.plain(prefix + ".schema.registry.url", first, "SCHEMA_REGISTRY_URL"));
        settings.take(prefix + ".basic.auth.credentials.source");
        String userInfo = settings.take(prefix + ".basic.auth.user.info");
        if (userInfo != null && !yaml.has("sink.schema-registry.username")) {
            yaml.put("sink.schema-registry.username", "${SCHEMA_REGISTRY_USERNAME}");
            yaml.put("sink.schema-registry.password", "${SCHEMA_REGISTRY_PASSWORD}");
            notes.add(
                    prefix + ".basic.auth.user.info",
                    "a secret (user:password): written as ${SCHEMA_REGISTRY_USERNAME} and ${SCHEMA_REGISTRY_PASSWORD};"
                            + " " + Values.source(userInfo) + ": set those environment variables");
        }
    }

    private void consumerOverrides() {
        String prefix = "consumer.override.";
        String truststore = null;
        String keystore = null;
        for (String key : settings.keys(key -> key.startsWith(prefix))) {
            String property = key.substring(prefix.length());
            String value = settings.take(key);
            if (value == null) {
                continue;
            }
            switch (property) {
                case "group.id" -> yaml.put("spring.kafka.consumer.group-id", value);
                case "bootstrap.servers" -> yaml.put("spring.kafka.bootstrap-servers", value);
                case "security.protocol" -> yaml.put("spring.kafka.security.protocol", value);
                case "max.poll.records" -> yaml.put("spring.kafka.consumer.max-poll-records", integer(key, value));
                case "auto.offset.reset" -> yaml.put("spring.kafka.consumer.auto-offset-reset", value);
                case "sasl.jaas.config" ->
                    yaml.putEntry(KAFKA_PROPERTIES, property, values.secret(key, value, "KAFKA_SASL_JAAS_CONFIG"));
                case "sasl.mechanism", "ssl.endpoint.identification.algorithm" ->
                    yaml.putEntry(KAFKA_PROPERTIES, property, value);
                case "ssl.truststore.location" -> truststore = value;
                case "ssl.keystore.location" -> keystore = value;
                case "ssl.truststore.password", "ssl.truststore.type", "ssl.keystore.password", "ssl.keystore.type" -> {
                    // read with their store below
                }
                case "ssl.key.password" ->
                    yaml.put(
                            "spring.ssl.bundle.jks.kafka.key.password",
                            values.secret(key, value, "KAFKA_KEY_PASSWORD"));
                default -> {
                    String written = property.contains("password")
                            ? values.secret(
                                    key,
                                    value,
                                    "KAFKA_" + property.toUpperCase(Locale.ROOT).replace('.', '_'))
                            : values.plain(
                                    key,
                                    value,
                                    "KAFKA_" + property.toUpperCase(Locale.ROOT).replace('.', '_'));
                    yaml.putEntry("spring.kafka.consumer.properties", property, written);
                }
            }
        }
        if (truststore != null) {
            store("truststore", truststore);
        }
        if (keystore != null) {
            store("keystore", keystore);
        }
        if (truststore != null || keystore != null) {
            yaml.put("spring.kafka.ssl.bundle", "kafka");
        }
    }

    private void store(String store, String location) {
        String key = "consumer.override.ssl." + store;
        bundles.jks(
                "kafka",
                store,
                key + ".location",
                location,
                key + ".password",
                settings.take(key + ".password"),
                settings.take(key + ".type"),
                "KAFKA_" + store.toUpperCase(Locale.ROOT));
    }

    private Object integer(String key, String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException ex) {
            notes.add(key, "'" + value + "' is not a whole number: copied as it is");
            return value;
        }
    }
}
