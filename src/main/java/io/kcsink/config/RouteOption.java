package io.kcsink.config;

import io.kcsink.config.SinkProperties.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every per-route option, declared once, as DataStax's {@code TableConfig.makeTableConfigDef} declares its settings:
 * the key of a route (its type is that of the {@link Route} component of the same name, which binds it from YAML), the
 * key it has in the KCQL {@code PROPERTIES(...)} clause, its default and its description. The KCQL conversion
 * ({@link RouteOptionForms}), the unknown-key checks and the route keys of the configuration metadata
 * ({@code ConfigurationMetadataTest} compares them) all read this table.
 */
enum RouteOption {
    VALUE_FORMAT(
            "value-format",
            Route::valueFormat,
            Form.TEXT,
            "json",
            "format of record values: json, json-schema" + " (the Kafka Connect envelope), avro or string"),
    KEY_FORMAT(
            "key-format",
            Route::keyFormat,
            Form.TEXT,
            "auto",
            "format of record keys: auto (JSON when the key is"
                    + " JSON, text otherwise), json, json-schema, avro, string, long or int"),
    SCHEMA_REGISTRY_URL(
            "schema-registry-url",
            Route::schemaRegistryUrl,
            Form.TEXT,
            null,
            "URL of the Schema Registry" + " that Avro records in its wire format name their schemas in"),
    AVRO_SCHEMA(
            "avro-schema",
            Route::avroSchema,
            Form.TEXT,
            null,
            ".avsc file with the writer schema of plain Avro" + " binary values"),
    KEY_AVRO_SCHEMA(
            "key-avro-schema",
            "avro-schema.key",
            Route::keyAvroSchema,
            Form.TEXT,
            null,
            ".avsc file with the" + " writer schema of plain Avro binary keys"),
    TTL(
            "ttl",
            Route::ttl,
            Form.SECONDS,
            null,
            "how long the written cells live: whole seconds (3600) or a duration" + " (12h, 30d); none by default"),
    TTL_PATH(
            "ttl-path",
            Route::ttlPath,
            Form.TEXT,
            null,
            "field path giving each record's TTL: a number of ttl-unit," + " or ISO-8601 duration text"),
    TTL_UNIT("ttl-unit", Route::ttlUnit, Form.TEXT, "s", "unit of numbers read from ttl-path: s, ms, us or ns"),
    WRITE_TIME(
            "write-time",
            Route::writeTime,
            Form.TEXT,
            "none",
            "the write time of the rows: none (Cassandra's"
                    + " time), record-timestamp (the record's, ordered by its partition's clock) or path:<path>"),
    WRITE_TIME_UNIT(
            "write-time-unit",
            Route::writeTimeUnit,
            Form.TEXT,
            "us",
            "unit of numbers read from a write-time" + " path: us, s, ms or ns"),
    NULL_POLICY(
            "null-policy",
            Route::nullPolicy,
            Form.ENUM,
            "unset",
            "what a null field does to its column: unset" + " (leave it unbound, no tombstone) or write-null"),
    DELETE_ON_NULL(
            "delete-on-null",
            Route::deleteOnNull,
            Form.TEXT,
            "false",
            "whether a null record value (a"
                    + " tombstone) deletes the row by the primary key taken from the record key"),
    CONSISTENCY(
            "consistency",
            Route::consistency,
            Form.CONSTANT,
            null,
            "consistency level of the route's writes, e.g."
                    + " LOCAL_QUORUM; spring.cassandra.request.consistency by default"),
    IF_NOT_EXISTS(
            "if-not-exists",
            Route::ifNotExists,
            Form.TEXT,
            "false",
            "whether rows are written with INSERT ..." + " IF NOT EXISTS"),
    COUNTERS(
            "counters",
            Route::counters,
            Form.TEXT,
            "false",
            "whether counter columns are written as UPDATE ... SET" + " c = c + ?"),
    PRIMARY_KEY(
            "primary-key",
            Route::primaryKey,
            Form.TEXT,
            null,
            "primary key of the table to create when" + " sink.schema.create-missing-tables is on, e.g. (id), created"),
    COLUMN_TYPES(
            "column-types",
            Route::columnTypes,
            Form.COLUMN_TYPES,
            null,
            "column name to CQL type, for the tables" + " and columns the sink may create"),
    TIMESTAMP_PATTERN(
            "timestamp-pattern",
            Route::timestampPattern,
            Form.TEXT,
            null,
            "DateTimeFormatter pattern of the" + " text of the route's timestamp columns"),
    TIMESTAMP_PATTERNS(
            "timestamp-patterns",
            "timestamp-pattern",
            Route::timestampPatterns,
            Form.PER_COLUMN,
            null,
            "column name to the pattern of that timestamp column's text, over timestamp-pattern"),
    DATE_PATTERN(
            "date-pattern",
            Route::datePattern,
            Form.TEXT,
            null,
            "DateTimeFormatter pattern of the text of the" + " route's date columns"),
    DATE_PATTERNS(
            "date-patterns",
            "date-pattern",
            Route::datePatterns,
            Form.PER_COLUMN,
            null,
            "column name to the" + " pattern of that date column's text, over date-pattern"),
    TIME_PATTERN(
            "time-pattern",
            Route::timePattern,
            Form.TEXT,
            null,
            "DateTimeFormatter pattern of the text of the" + " route's time columns"),
    TIME_PATTERNS(
            "time-patterns",
            "time-pattern",
            Route::timePatterns,
            Form.PER_COLUMN,
            null,
            "column name to the" + " pattern of that time column's text, over time-pattern"),
    TIMESTAMP_UNIT(
            "timestamp-unit",
            Route::timestampUnit,
            Form.TEXT,
            "ms",
            "unit of numbers read as timestamps: ms," + " s, us or ns"),
    TIMESTAMP_UNITS(
            "timestamp-units",
            "timestamp-unit",
            Route::timestampUnits,
            Form.PER_COLUMN,
            null,
            "column name to" + " the unit of numbers read into that column, over timestamp-unit"),
    TIME_ZONE(
            "time-zone",
            Route::timeZone,
            Form.TEXT,
            "UTC",
            "zone of timestamp text without an offset: UTC, a region"
                    + " such as Europe/Paris, or an offset such as +02:00"),
    TIME_ZONES(
            "time-zones",
            "time-zone",
            Route::timeZones,
            Form.PER_COLUMN,
            null,
            "column name to the zone of that" + " column's timestamp text, over time-zone"),
    EPOCH_RANGE(
            "epoch-range",
            Route::epochRange,
            Form.TEXT,
            "1971-01-01/9999-12-31",
            "the instants a number may" + " stand for, as <from>/<to> ISO dates or instants, both included"),
    EPOCH_RANGES(
            "epoch-ranges",
            "epoch-range",
            Route::epochRanges,
            Form.PER_COLUMN,
            null,
            "column name to the epoch" + " range of that column, over epoch-range"),
    TEXT_JSON(
            "text-json",
            Route::textJson,
            Form.TEXT,
            "false",
            "whether an object or array read for a text column is written as its JSON text instead of being refused"),
    TEXT_JSON_COLUMNS(
            "text-json-columns",
            "text-json",
            Route::textJsonColumns,
            Form.PER_COLUMN,
            null,
            "column name to whether objects and arrays read for that text column are written as their JSON text,"
                    + " over text-json"),
    DEAD_LETTER_TOPIC(
            "dead-letter-topic",
            Route::deadLetterTopic,
            Form.TEXT,
            null,
            "topic where the route parks" + " records that can never be written; <topic>.DLT by default"),
    ERROR_POLICY(
            "error-policy",
            Route::errorPolicy,
            Form.ENUM,
            "dead-letter",
            "what the route does with a record that can never be written: dead-letter, skip, fail, or retry (write"
                    + " a row Cassandra rejected again, then dead-letter it)"),
    RETRY_ATTEMPTS(
            "retry-attempts",
            Route::retryAttempts,
            Form.TEXT,
            "3",
            "with error-policy retry: how many times a row Cassandra rejected is written again before its record is"
                    + " dead-lettered"),
    RETRY_BACKOFF(
            "retry-backoff",
            Route::retryBackoff,
            Form.MILLIS,
            "1s",
            "with error-policy retry: how long to wait before each new attempt; whole milliseconds (500) or a"
                    + " duration (2s)"),
    CQL(
            "cql",
            Route::cql,
            Form.TEXT,
            null,
            "the route's own INSERT, UPDATE or DELETE statement on its table, with named markers (:name) that bind"
                    + " fills from the record"),
    BIND(
            "bind",
            Route::bind,
            Form.PER_COLUMN,
            null,
            "marker name to the field path that fills it, over the value field of the marker's name"),
    FILTER(
            "filter",
            Route::filter,
            Form.TEXT,
            null,
            "Spring Expression Language condition over the decoded record (value, key, headers, topic, partition,"
                    + " offset, timestamp): the route writes only the records for which it is true"),
    HOOK(
            "hook",
            Route::hook,
            Form.TEXT,
            null,
            "name of a RowCustomizer bean that changes, drops or fans out each row the route maps"),
    GROUP_ID(
            "group-id",
            Route::groupId,
            Form.TEXT,
            null,
            "Kafka consumer group of the route: routes naming the same group share one listener container, with its"
                    + " own offsets and failure domain; spring.kafka.consumer.group-id by default"),
    CONCURRENCY(
            "concurrency",
            Route::concurrency,
            Form.TEXT,
            null,
            "consumers of the listener container of the route's group-id (the largest any route of the group asks"
                    + " for); spring.kafka.listener.concurrency by default");

    /** How an option's typed value is written in the KCQL {@code PROPERTIES(...)} form that the mapping reads. */
    enum Form {
        /** The value's text; booleans as true or false. */
        TEXT,
        /** An enum constant in lower kebab case: {@code WRITE_NULL} is {@code write-null}. */
        ENUM,
        /** An enum constant as it is named: {@code LOCAL_QUORUM}. */
        CONSTANT,
        /** A duration as whole seconds. */
        SECONDS,
        /** A duration as whole milliseconds. */
        MILLIS,
        /** A map of column to value, each written as its own key {@code <kcql-key>.<column>}. */
        PER_COLUMN,
        /** A map of column to CQL type, written as one value {@code id:int,created:text}. */
        COLUMN_TYPES
    }

    private final String key;
    private final String kcqlKey;
    private final Function<Route, @Nullable Object> value;
    private final Form form;
    private final @Nullable String defaultValue;
    private final String description;

    RouteOption(
            String key,
            Function<Route, @Nullable Object> value,
            Form form,
            @Nullable String defaultValue,
            String description) {
        this(key, key, value, form, defaultValue, description);
    }

    RouteOption(
            String key,
            String kcqlKey,
            Function<Route, @Nullable Object> value,
            Form form,
            @Nullable String defaultValue,
            String description) {
        this.key = key;
        this.kcqlKey = kcqlKey;
        this.value = value;
        this.form = form;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key under {@code sink.routes[n]}. */
    String key() {
        return key;
    }

    /**
     * The key in the KCQL {@code PROPERTIES(...)} clause (and the mapping's form of the options); a per-column option's
     * is the prefix of {@code <kcql-key>.<column>}.
     */
    String kcqlKey() {
        return kcqlKey;
    }

    Form form() {
        return form;
    }

    /** The default as the metadata and the README give it; null when the option is off or unset by default. */
    @Nullable
    String defaultValue() {
        return defaultValue;
    }

    String description() {
        return description;
    }

    /**
     * The values the option takes, for the value hints of the configuration metadata (of a per-column option, the
     * hints of its map's values); empty when they are open.
     */
    List<String> choices() {
        return switch (this) {
            case VALUE_FORMAT -> List.of("json", "json-schema", "avro", "string");
            case KEY_FORMAT -> List.of("auto", "json", "json-schema", "avro", "string", "long", "int");
            case TTL_UNIT, WRITE_TIME_UNIT, TIMESTAMP_UNIT, TIMESTAMP_UNITS -> List.of("s", "ms", "us", "ns");
            case WRITE_TIME -> List.of("none", "record-timestamp", "path:");
            case NULL_POLICY -> List.of("unset", "write-null");
            case ERROR_POLICY -> List.of("dead-letter", "skip", "fail", "retry");
            case TIME_ZONE, TIME_ZONES -> List.of("UTC");
            default -> List.of();
        };
    }

    /** The option's value in a route, null or an empty map when it is not set. */
    @Nullable
    Object valueIn(Route route) {
        return value.apply(route);
    }

    /** The option a KCQL key names, as written or as {@code <kcql-key>.<column>}; null when none does. */
    static @Nullable RouteOption forKcqlKey(String kcql) {
        for (RouteOption option : values()) {
            if (option.form == Form.PER_COLUMN) {
                if (kcql.startsWith(option.kcqlKey + ".") && kcql.length() > option.kcqlKey.length() + 1) {
                    return option;
                }
            } else if (option.kcqlKey.equals(kcql) || option.key.equals(kcql)) {
                return option;
            }
        }
        return null;
    }

    /** The option of a route key; null when none is. */
    static @Nullable RouteOption forKey(String key) {
        for (RouteOption option : values()) {
            if (option.key.equals(key)) {
                return option;
            }
        }
        return null;
    }

    /** The keys of the KCQL {@code PROPERTIES(...)} clause, for the unknown-key message. */
    static List<String> kcqlKeys() {
        List<String> keys = new ArrayList<>();
        for (RouteOption option : values()) {
            keys.add(option.form == Form.PER_COLUMN ? option.kcqlKey + ".<column>" : option.kcqlKey);
        }
        return keys;
    }

    /** The route keys that are options, for the unknown-key message. */
    static List<String> keys() {
        return Arrays.stream(values()).map(RouteOption::key).toList();
    }

    /**
     * The route's options in the KCQL {@code PROPERTIES(...)} form the mapping reads, each with where it was set
     * ({@code sink.routes[n].<key>} or, for a per-column option, {@code sink.routes[n].<key>.<column>}).
     */
    static Map<String, Origin> kcqlForm(Route route, String routeKey) {
        Map<String, Origin> form = new LinkedHashMap<>();
        for (RouteOption option : values()) {
            Object value = option.valueIn(route);
            if (value == null) {
                continue;
            }
            String origin = routeKey + "." + option.key;
            switch (option.form) {
                case TEXT -> form.put(option.kcqlKey, new Origin(value.toString(), origin));
                case ENUM ->
                    form.put(
                            option.kcqlKey,
                            new Origin(
                                    ((Enum<?>) value)
                                            .name()
                                            .toLowerCase(Locale.ROOT)
                                            .replace('_', '-'),
                                    origin));
                case CONSTANT -> form.put(option.kcqlKey, new Origin(((Enum<?>) value).name(), origin));
                case SECONDS -> {
                    java.time.Duration duration = (java.time.Duration) value;
                    // A fraction of a second is kept, so that the mapping refuses it as not whole seconds.
                    String seconds = duration.getNano() == 0
                            ? Long.toString(duration.getSeconds())
                            : new java.math.BigDecimal(duration.toNanos())
                                    .movePointLeft(9)
                                    .toPlainString();
                    form.put(option.kcqlKey, new Origin(seconds, origin));
                }
                case MILLIS ->
                    form.put(
                            option.kcqlKey, new Origin(Long.toString(((java.time.Duration) value).toMillis()), origin));
                case PER_COLUMN ->
                    ((Map<?, ?>) value)
                            .forEach((column, text) -> form.put(
                                    option.kcqlKey + "." + column,
                                    new Origin(String.valueOf(text), origin + "." + column)));
                case COLUMN_TYPES -> {
                    Map<?, ?> types = (Map<?, ?>) value;
                    if (!types.isEmpty()) {
                        StringBuilder text = new StringBuilder();
                        types.forEach((column, type) -> text.append(text.isEmpty() ? "" : ",")
                                .append(column)
                                .append(':')
                                .append(type));
                        form.put(option.kcqlKey, new Origin(text.toString(), origin));
                    }
                }
            }
        }
        return form;
    }

    /** An option's value in the KCQL form, and where it was set, for the problems found in it. */
    record Origin(String value, String where) {}
}
